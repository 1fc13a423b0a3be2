#include <doctest/doctest.h>

#include "support/package_builder.hpp"
#include "support/read_cells.hpp"

using namespace kpiflow;
using namespace kpiflow::test;
using Lines = std::vector<std::string>;

TEST_SUITE("reader") {
  // Values print as the shortest text that reads back to the same double,
  // fixed or scientific, whichever is shorter (std::to_chars).
  TEST_CASE("numbers are read exactly as written") {
    WorkbookParts p;
    p.sheet_data = "<row r=\"1\"><c r=\"A1\"><v>0.1</v></c><c r=\"B1\"><v>1377760</v></c><c r=\"C1\"><v>-0.57</v></c>"
                   "<c r=\"D1\"><v>1.2345678901234567E+20</v></c><c r=\"E1\"><v>0.129</v></c>"
                   "<c r=\"F1\" t=\"n\"><v>4.9406564584124654E-324</v></c></row>";
    CHECK(brief(read_bytes(workbook_bytes(p))) ==
          Lines{"A1=number:0.1", "B1=number:1377760", "C1=number:-0.57", "D1=number:123456789012345667584",
                "E1=number:0.129", "F1=number:5e-324"});
  }

  TEST_CASE("every cell type is read") {
    WorkbookParts p;
    p.shared_strings = {"<t>Ref</t>", "<t>\xC2\xA3" "5.5m</t>"};
    p.sheet_data =
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><t>inline</t></is></c>"
        "<c r=\"D1\" t=\"inlineStr\"><is><r><t>rich </t></r><r><t>inline</t></r></is></c>"
        "<c r=\"E1\" t=\"b\"><v>1</v></c><c r=\"F1\" t=\"b\"><v>0</v></c>"
        "<c r=\"G1\" t=\"e\"><v>#N/A</v></c><c r=\"H1\" t=\"d\"><v>2017-10-13T09:15:00Z</v></c>"
        "<c r=\"I1\" t=\"str\"><f>A1&amp;\"x\"</f><v>Refx</v></c></row>";
    auto cells = read_bytes(workbook_bytes(p));
    CHECK(brief(cells) == Lines{"A1=string:Ref", "B1=string:\xC2\xA3" "5.5m", "C1=string:inline", "D1=string:rich inline",
                                "E1=bool:true", "F1=bool:false", "G1=error:#N/A", "H1=date:2017-10-13T09:15:00",
                                "I1=string:Refx"});
    CHECK(cells[8].formula == "A1&\"x\"");
  }

  TEST_CASE("a formula's cached value is its value; without one it says so") {
    WorkbookParts p;
    p.sheet_data = "<row r=\"1\"><c r=\"A1\"><f>1+1</f><v>2</v></c><c r=\"B1\"><f>A1*2</f></c>"
                   "<c r=\"C1\"><f>A1*3</f><v></v></c><c r=\"D1\" t=\"str\"><f>\"\"</f><v></v></c></row>";
    auto cells = read_bytes(workbook_bytes(p));
    CHECK(brief(cells) == Lines{"A1=number:2", "B1=formula-no-value:", "C1=formula-no-value:", "D1=string:"});
    CHECK(cells[1].formula == "A1*2");
  }

  TEST_CASE("followers of a shared formula have no formula text but are formulas") {
    WorkbookParts p;
    p.sheet_data = "<row r=\"1\"><c r=\"A1\"><f t=\"shared\" ref=\"A1:A2\" si=\"0\">B1*2</f><v>4</v></c></row>"
                   "<row r=\"2\"><c r=\"A2\"><f t=\"shared\" si=\"0\"/></c></row>";
    auto cells = read_bytes(workbook_bytes(p));
    CHECK(brief(cells) == Lines{"A1=number:4", "A2=formula-no-value:"});
    CHECK(cells[0].formula == "B1*2");
  }

  TEST_CASE("styled blanks are not cells") {
    WorkbookParts p;
    p.styles_body = styles_with_formats({"0.0%"});
    p.sheet_data = "<row r=\"1\"><c r=\"A1\" s=\"1\"/><c r=\"B1\" s=\"1\"><v>0.129</v></c></row><row r=\"2\" spans=\"1:3\"/>";
    auto cells = read_bytes(workbook_bytes(p));
    REQUIRE(cells.size() == 1);
    CHECK(cells[0].num_fmt == "0.0%");
  }

  TEST_CASE("cells without r follow the one before; rows without r follow theirs") {
    WorkbookParts p;
    p.sheet_data = "<row><c><v>1</v></c><c><v>2</v></c><c r=\"E1\"><v>3</v></c><c><v>4</v></c></row>"
                   "<row><c><v>5</v></c></row><row r=\"10\"><c><v>6</v></c></row><row><c><v>7</v></c></row>";
    CHECK(brief(read_bytes(workbook_bytes(p))) ==
          Lines{"A1=number:1", "B1=number:2", "E1=number:3", "F1=number:4", "A2=number:5", "A10=number:6", "A11=number:7"});
  }

  TEST_CASE("rows out of order keep their own references; a lying dimension is ignored") {
    WorkbookParts p;
    p.replace["xl/worksheets/sheet1.xml"] =
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1\"/><sheetData>"
        "<row r=\"5\"><c r=\"C5\"><v>3</v></c></row><row r=\"2\"><c r=\"B2\"><v>2</v></c></row>"
        "<row r=\"900\"><c r=\"Z900\"><v>1</v></c></row></sheetData></worksheet>";
    CHECK(brief(read_bytes(workbook_bytes(p))) == Lines{"C5=number:3", "B2=number:2", "Z900=number:1"});
  }

  TEST_CASE("dates follow the number format and the workbook's date system") {
    WorkbookParts p;
    p.styles_body = styles_with_formats({"dd/mm/yyyy", "hh:mm", "dd/mm/yyyy hh:mm", "[h]:mm", "0.0%"});
    p.sheet_data = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>43021</v></c><c r=\"B1\" s=\"2\"><v>0.385416666666667</v></c>"
                   "<c r=\"C1\" s=\"3\"><v>43021.385416666664</v></c><c r=\"D1\" s=\"4\"><v>1.5</v></c>"
                   "<c r=\"E1\" s=\"5\"><v>0.129</v></c><c r=\"F1\" s=\"1\"><v>-5</v></c></row>";
    CHECK(brief(read_bytes(workbook_bytes(p))) ==
          Lines{"A1=date:2017-10-13", "B1=date:09:15:00", "C1=date:2017-10-13T09:15:00", "D1=number:1.5",
                "E1=number:0.129", "F1=number:-5"});
    p.workbook_pr = "date1904=\"1\"";
    CHECK(brief(read_bytes(workbook_bytes(p)))[0] == "A1=date:2021-10-14");
  }

  TEST_CASE("built-in date formats are dates") {
    WorkbookParts p;
    p.styles_body = "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"22\"/></cellXfs>";
    p.sheet_data = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>60</v></c><c r=\"B1\" s=\"2\"><v>61.75</v></c></row>";
    auto cells = read_bytes(workbook_bytes(p));
    CHECK(brief(cells) == Lines{"A1=date:1900-02-29", "B1=date:1900-03-01T18:00:00"});
    CHECK(cells[0].num_fmt == "mm-dd-yy");
  }

  TEST_CASE("strict OOXML and any namespace prefix read the same") {
    const std::string strict = "http://purl.oclc.org/ooxml/spreadsheetml/main";
    const std::string rel = "http://purl.oclc.org/ooxml/officeDocument/relationships";
    WorkbookParts p;
    p.replace["_rels/.rels"] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
        "Type=\"" + rel + "/officeDocument\" Target=\"/xl/workbook.xml\"/></Relationships>";
    p.replace["xl/workbook.xml"] = "<x:workbook xmlns:x=\"" + strict + "\" xmlns:rr=\"" + rel +
                                   "\"><x:sheets><x:sheet name=\"Data\" sheetId=\"1\" rr:id=\"rId1\"/></x:sheets></x:workbook>";
    p.replace["xl/_rels/workbook.xml.rels"] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
        "Type=\"" + rel + "/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/></Relationships>";
    p.replace["xl/worksheets/sheet1.xml"] = "<x:worksheet xmlns:x=\"" + strict + "\"><x:sheetData><x:row r=\"1\">"
                                            "<x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>strict</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>";
    auto cells = read_bytes(workbook_bytes(p));
    REQUIRE(cells.size() == 1);
    CHECK(cells[0].sheet == "Data");
    CHECK(cells[0].value == "strict");
  }

  TEST_CASE("relationship targets: relative, absolute, with ../ and percent-escapes") {
    WorkbookParts p;
    p.replace["xl/_rels/workbook.xml.rels"] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
        "Target=\"../xl/./worksheets/My%20Sheet.xml\"/></Relationships>";
    p.replace["xl/worksheets/My Sheet.xml"] =
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">"
        "<c r=\"A1\"><v>7</v></c></row></sheetData></worksheet>";
    CHECK(brief(read_bytes(workbook_bytes(p))) == Lines{"A1=number:7"});
  }

  TEST_CASE("hidden and very hidden sheets are listed with their state") {
    WorkbookParts p;
    p.replace["xl/workbook.xml"] =
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
        "<sheet name=\"Q2 'Data' &amp; more\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Lookups\" sheetId=\"2\" state=\"hidden\" r:id=\"rId1\"/>"
        "<sheet name=\"Secret\" sheetId=\"3\" state=\"veryHidden\" r:id=\"rId1\"/></sheets></workbook>";
    auto book = reader::Workbook::from_bytes(workbook_bytes(p), "t.xlsx");
    REQUIRE(book.sheets().size() == 3);
    CHECK(book.sheets()[0].name == "Q2 'Data' & more");
    CHECK(book.sheets()[0].visibility == reader::Visibility::visible);
    CHECK(book.sheets()[1].visibility == reader::Visibility::hidden);
    CHECK(book.sheets()[2].visibility == reader::Visibility::very_hidden);
  }

  TEST_CASE("merged ranges are reported") {
    WorkbookParts p;
    p.sheet_data = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>";
    p.after_sheet_data = "<mergeCells count=\"2\"><mergeCell ref=\"A1:C1\"/><mergeCell ref=\"B3:B9\"/></mergeCells>";
    auto book = reader::Workbook::from_bytes(workbook_bytes(p), "t.xlsx");
    auto summary = book.read_sheet(0, [](const reader::Cell&) {});
    REQUIRE(summary.merged.size() == 2);
    CHECK(to_a1(summary.merged[1].first) == "B3");
    CHECK(to_a1(summary.merged[1].last) == "B9");
    CHECK(summary.cells == 1);
  }

  TEST_CASE("inline strings decode escapes and drop phonetic runs") {
    WorkbookParts p;
    p.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a_x000D_b</t><rPh><t>x</t></rPh></is></c></row>";
    CHECK(brief(read_bytes(workbook_bytes(p))) == Lines{"A1=string:a\rb"});
  }
}
