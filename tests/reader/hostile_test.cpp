// One test per refusal in docs/limits.md: each asserts the whole message.
#include <doctest/doctest.h>

#include "support/package_builder.hpp"
#include "support/read_cells.hpp"

using namespace kpiflow;
using namespace kpiflow::test;

namespace {
std::string sheet_with(const std::string& sheet_data, std::vector<std::string> strings = {}) {
  WorkbookParts p;
  p.sheet_data = sheet_data;
  p.shared_strings = std::move(strings);
  return workbook_bytes(p);
}
const char* redo = "; hint: this file was not written by Excel: ask for a copy saved from Excel";
// An OLE compound file's signature and an empty first sector: what .xls and Outlook's .msg both are.
std::string ole_container() {
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole.resize(2048, '\0');
  return ole;
}
}  // namespace

TEST_SUITE("hostile") {
  TEST_CASE("not a zip") {
    CHECK(refusal("Ref,Value\n", "return.xlsx") ==
          "return.xlsx: not a zip package, so not an .xlsx workbook (it may be damaged or renamed); hint: open it in "
          "Excel and save it as Excel Workbook (.xlsx); a CSV return should end in .csv");
  }

  TEST_CASE("an empty file") {
    CHECK(refusal("", "return.xlsx") == "return.xlsx: the file is empty; hint: ask the service to send the return again");
  }

  TEST_CASE("a truncated zip") {
    std::string bytes = sheet_with("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
    bytes.resize(bytes.size() / 2);
    CHECK(refusal(bytes, "return.xlsx").rfind("return.xlsx: the zip package is truncated or damaged (", 0) == 0);
  }

  TEST_CASE("a password-protected workbook") {
    std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    ole.resize(1024, '\0');
    for (char c : std::string("EncryptedPackage")) {
      ole += c;
      ole += '\0';
    }
    CHECK(refusal(ole, "adults.xlsx") ==
          "adults.xlsx: the workbook is password-protected; hint: save it without a password (File > Info > Protect "
          "Workbook > Encrypt with Password, clear it) and send it again");
  }

  TEST_CASE("a legacy .xls workbook") {
    CHECK(refusal(ole_container(), "adults.xls") ==
          "adults.xls: this is a legacy Excel 97-2003 workbook (.xls), which kpiflow does not read; hint: open it in "
          "Excel or LibreOffice and save it as Excel Workbook (.xlsx)");
  }

  TEST_CASE("an Outlook message is named as one, not as a legacy workbook") {
    CHECK(refusal(ole_container(), "Q2 return.msg") ==
          "Q2 return.msg: this is an Outlook message (.msg), not a return, and kpiflow does not open it; hint: save the attached return "
          "itself (in Outlook: the attachment's menu, Save As), or save the message as .eml");
  }

  TEST_CASE("an OpenDocument spreadsheet") {
    std::string ods = zip_bytes({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", "<x/>"}});
    CHECK(refusal(ods, "adults.ods") ==
          "adults.ods: this is an OpenDocument spreadsheet (.ods), which kpiflow does not read; hint: open it in "
          "LibreOffice or Excel and save it as Excel Workbook (.xlsx)");
  }

  TEST_CASE("an Excel 2003 XML spreadsheet and an HTML table") {
    CHECK(refusal("<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">", "a.xls") ==
          "a.xls: this is an Excel 2003 XML spreadsheet, which kpiflow does not read; hint: open it in Excel or "
          "LibreOffice and save it as Excel Workbook (.xlsx)");
    CHECK(refusal("<html><table><tr><td>1</td></tr></table></html>", "a.xls") ==
          "a.xls: this is a web page (HTML) saved with a spreadsheet name, not a workbook; hint: open it in Excel or "
          "LibreOffice and save it as Excel Workbook (.xlsx)");
  }

  TEST_CASE("a zip bomb: a part far larger than the limit") {
    std::string rows;
    for (int i = 1; i <= 2000; ++i) rows += "<row r=\"" + std::to_string(i) + "\"><c r=\"A" + std::to_string(i) + "\"><v>1</v></c></row>";
    reader::Limits limits;
    limits.max_part_bytes = 50000;
    CHECK(refusal(sheet_with(rows), "bomb.xlsx", limits) ==
          "bomb.xlsx (xl/worksheets/sheet1.xml): the part unpacks to 86 KiB, over the limit of 49 KiB (a zip bomb, or a "
          "far larger sheet than a return needs); hint: check the file; if it is genuine, raise --max-part-mib");
  }

  TEST_CASE("a zip bomb: a compression ratio no spreadsheet has") {
    // 20 MB of one repeated byte inside a comment packs about 1000:1.
    std::string part = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><!--" +
                       std::string(20u << 20, 'a') + "--><sheetData/></worksheet>";
    WorkbookParts p;
    p.replace["xl/worksheets/sheet1.xml"] = part;
    CHECK(refusal(workbook_bytes(p), "bomb.xlsx") ==
          "bomb.xlsx (xl/worksheets/sheet1.xml): the part unpacks to more than 500 times its packed size (a zip bomb); "
          "hint: check the file; if it is genuine, raise --max-ratio");
  }

  TEST_CASE("a DOCTYPE and an entity declaration") {
    WorkbookParts p;
    p.replace["xl/sharedStrings.xml"] =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lol [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n"
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>&lol2;</t></si></sst>";
    CHECK(refusal(workbook_bytes(p), "lol.xlsx") ==
          "lol.xlsx (xl/sharedStrings.xml:2:15): the part declares a DOCTYPE ('lol'); workbooks never do, and entity "
          "tricks hide behind one; hint: this file was not written by a spreadsheet program: ask for a copy saved from Excel");
  }

  TEST_CASE("an external entity is never fetched") {
    WorkbookParts p;
    p.replace["xl/workbook.xml"] =
        "<?xml version=\"1.0\"?><!DOCTYPE w SYSTEM \"file:///etc/passwd\"><workbook "
        "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>";
    CHECK(refusal(workbook_bytes(p), "xxe.xlsx") ==
          "xxe.xlsx (xl/workbook.xml:1:61): the part declares a DOCTYPE ('w'); workbooks never do, and entity tricks "
          "hide behind one; hint: this file was not written by a spreadsheet program: ask for a copy saved from Excel");
  }

  TEST_CASE("a shared-string index out of range") {
    CHECK(refusal(sheet_with("<row r=\"3\"><c r=\"B3\" t=\"s\"><v>7</v></c></row>", {"<t>only</t>"}), "r.xlsx") ==
          "r.xlsx!Sheet1!B3: shared string index 7 is out of range (the table holds 1 strings); hint: the file is "
          "damaged: ask the service to send it again");
  }

  TEST_CASE("references beyond XFD1048576") {
    CHECK(refusal(sheet_with("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"), "r.xlsx") ==
          std::string("r.xlsx!Sheet1: cell reference 'XFE1' is not a cell inside A1:XFD1048576") + redo);
    CHECK(refusal(sheet_with("<row r=\"1048577\"><c><v>1</v></c></row>"), "r.xlsx") ==
          std::string("r.xlsx!Sheet1: row 1048577 is beyond Excel's last row, 1048576") + redo);
  }

  // Issue 10: read, and the cell named, rather than the whole return refused.
  TEST_CASE("a cell string over 32,767 characters is read whole and noticed at its cell") {
    std::string text(40000, 'x');
    std::string bytes = sheet_with("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>"
                                   "<c r=\"B1\" t=\"s\"><v>0</v></c><c r=\"C1\"><v>5</v></c></row>",
                                   {"<t>" + std::string(32768, 'y') + "</t>"});
    auto book = reader::Workbook::from_bytes(bytes, "r.xlsx");
    std::vector<std::size_t> sizes;
    auto summary = book.read_sheet(0, [&](const reader::Cell& cell) { sizes.push_back(cell.type == reader::CellType::string ? cell.text.size() : 0); });
    CHECK(sizes == std::vector<std::size_t>{40000, 32768, 0});
    REQUIRE(summary.notices.size() == 2);
    CHECK(summary.notices[0].str() ==
          "r.xlsx!Sheet1!A1: the cell holds 40,000 characters, over Excel's limit of 32,767 for a cell: read whole; hint: this file was not "
          "written by Excel: shorten the text in the cell");
    CHECK(summary.notices[1].str() ==
          "r.xlsx!Sheet1!B1: the cell holds 32,768 characters, over Excel's limit of 32,767 for a cell: read whole; hint: this file was not "
          "written by Excel: shorten the text in the cell");
  }

  TEST_CASE("a cell given twice is read once, the first time, and noticed; a row given twice is noticed") {
    std::string bytes = sheet_with("<row r=\"2\"><c r=\"C2\"><v>5</v></c><c r=\"C2\"><v>7</v></c><c r=\"D2\"><v>1</v></c></row>"
                                   "<row r=\"3\"><c r=\"A3\"><v>2</v></c></row><row r=\"2\"><c r=\"E2\"><v>9</v></c></row>");
    auto book = reader::Workbook::from_bytes(bytes, "r.xlsx");
    std::vector<std::string> cells;
    auto summary = book.read_sheet(0, [&](const reader::Cell& cell) { cells.push_back(to_a1(cell.ref) + "=" + reader::cell_text(cell)); });
    CHECK(cells == std::vector<std::string>{"C2=5", "D2=1", "A3=2", "E2=9"});
    CHECK(summary.cells == 4);
    REQUIRE(summary.notices.size() == 2);
    CHECK(summary.notices[0].str() ==
          "r.xlsx!Sheet1!C2: cell C2 is given a second time in the sheet ('7'); the first is read and this one ignored; hint: this file was "
          "not written by Excel: check which figure is right with the service, or ask for a copy saved from Excel");
    CHECK(summary.notices[1].str() ==
          "r.xlsx!Sheet1!E2: row 2 is given a second time in the sheet, after row 3: its cells are read from both places; hint: this file "
          "was not written by Excel: check the figures with the service, or ask for a copy saved from Excel");
  }

  TEST_CASE("invalid UTF-8") {
    CHECK(refusal(sheet_with("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>caf\xE9</t></is></c></row>"), "r.xlsx") ==
          "r.xlsx (xl/worksheets/sheet1.xml:1:250): invalid UTF-8 (byte 0xE9); hint: open the file in Excel and save "
          "a new copy; text pasted from other programs can carry bad bytes");
  }

  TEST_CASE("a number that is not a number") {
    CHECK(refusal(sheet_with("<row r=\"1\"><c r=\"C1\"><v>12,9</v></c></row>"), "r.xlsx") ==
          "r.xlsx!Sheet1!C1: cannot read '12,9' as a number; hint: open the file in Excel and save a new copy");
    CHECK(refusal(sheet_with("<row r=\"1\"><c r=\"C1\"><v>nan</v></c></row>"), "r.xlsx") ==
          "r.xlsx!Sheet1!C1: cannot read 'nan' as a number; hint: open the file in Excel and save a new copy");
  }

  TEST_CASE("malformed XML is located at its line and column") {
    CHECK(refusal(sheet_with("<row r=\"1\"><c r=\"A1\"><v>1</c></row>"), "r.xlsx") ==
          "r.xlsx (xl/worksheets/sheet1.xml:1:230): malformed XML: mismatched tag; hint: the file is damaged or was not "
          "written by a spreadsheet program: ask for a copy saved from Excel");
  }

  TEST_CASE("a zip with no workbook, and a Word document") {
    CHECK(refusal(zip_bytes({{"hello.txt", "hi"}}), "r.xlsx") ==
          "r.xlsx: the zip package holds no workbook (no xl/workbook.xml); hint: this is a zip file but not an Excel "
          "workbook: check you sent the right file");
    std::string docx = zip_bytes({{"[Content_Types].xml",
                                   "<Types><Override PartName=\"/word/document.xml\" ContentType=\"application/"
                                   "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"}});
    CHECK(refusal(docx, "r.xlsx") ==
          "r.xlsx: this is a Word document, not a workbook; hint: send the return as an Excel workbook (.xlsx)");
  }
}
