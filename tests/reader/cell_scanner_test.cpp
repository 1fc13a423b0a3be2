// cell_scanner.cpp must give the events expat gives, and refuse what expat
// refuses: each input here goes through both.
#include <doctest/doctest.h>

#include "reader/xml.hpp"
#include "support/read_cells.hpp"

using namespace kpiflow;
using namespace kpiflow::reader;

namespace {

// Events as lines; adjacent text is joined (the two split text differently).
class Recorder : public XmlHandler {
 public:
  std::vector<std::string> events;
  void start(std::string_view name, const char** attrs) override {
    std::string e = "<" + std::string(name);
    for (; attrs[0] != nullptr; attrs += 2) e += std::string(" ") + attrs[0] + "=[" + attrs[1] + "]";
    events.push_back(e + ">");
  }
  void end(std::string_view name) override { events.push_back("</" + std::string(name) + ">"); }
  void text(const char* data, int length) override {
    if (!events.empty() && events.back().rfind("text:", 0) == 0) events.back().append(data, static_cast<std::size_t>(length));
    else events.push_back("text:" + std::string(data, static_cast<std::size_t>(length)));
  }
};

struct Outcome {
  std::vector<std::string> events;
  bool refused = false;
  std::string message;
};

template <typename Parse>
Outcome run(Parse parse, const std::string& xml) {
  Outcome out;
  Recorder recorder;
  try {
    parse(xml, Location::of_file("t.xlsx").in_part("xl/worksheets/sheet1.xml"), recorder);
  } catch (const Error& error) {
    out.refused = true;
    out.message = error.message();
  }
  out.events = recorder.events;
  return out;
}

void same_as_expat(const std::string& xml) {
  INFO(xml);
  Outcome expat = run(parse_text, xml);
  Outcome scanner = run(scan_text, xml);
  CHECK(scanner.refused == expat.refused);
  if (!expat.refused) CHECK(scanner.events == expat.events);
}

}  // namespace

TEST_SUITE("reader") {
  TEST_CASE("the cell scanner gives expat's events for well-formed sheets") {
    for (const char* xml : {
             "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" s=\"1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>",
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<x:worksheet xmlns:x=\"urn:x\"><x:c r='B2'/></x:worksheet>",
             "\xEF\xBB\xBF<w><c r = \"A1\"\n t=\"str\" ><v>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#163; &#x1F600;</v></c></w>",
             "<w><v>line\r\nend\rnext</v><c a=\"x&#10;y\tz\r\nw\"/></w>",
             "<w><!-- a comment --><v><![CDATA[<raw> & text]]></v><?pi data?></w>\n<!-- after -->\n",
             "<w><is><t xml:space=\"preserve\">  two  </t></is></w>",
             "<w a=\"1\" b='2'/>",
             "<w>\xC2\xA3\xE2\x82\xAC\xF0\x9F\x98\x80</w>",
         })
      same_as_expat(xml);
  }

  TEST_CASE("the cell scanner refuses what expat refuses") {
    for (const char* xml : {
             "<w><c></w>",
             "<w><c r=\"A1\"><v>1</c></w>",
             "<w>",
             "",
             "<w></w><x/>",
             "<w></w>junk",
             "<w><v>&nbsp;</v></w>",
             "<w><v>&#0;</v></w>",
             "<w><v>&#xD800;</v></w>",
             "<w><v>& </v></w>",
             "<w a=\"1\" a=\"2\"/>",
             "<w a=\"1\"b=\"2\"/>",
             "<w a=\"<\"/>",
             "<w a=1/>",
             "<1w/>",
             "<w>\x01</w>",
             "<w>caf\xE9</w>",
             "<w>\xED\xA0\x80</w>",
             "<w>\xEF\xBF\xBE</w>",
             "<!DOCTYPE w><w/>",
             "<w><!-- never closed </w>",
             "<w><![CDATA[ never closed </w>",
             "text<w/>",
         })
      same_as_expat(xml);
  }

  // Regression: fuzz-crashes/crash-0852d387 (a worksheet whose declaration
  // read <?xml version;"1.0" ...?>) was read by the scanner, refused by expat.
  TEST_CASE("the cell scanner checks the XML declaration as expat does") {
    for (const char* xml : {
             "<?xml version;\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w/>",
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w/>",
             "<?xml version='1.0'?><w/>",
             "<?xml version=\"1.0\" standalone=\"maybe\"?><w/>",
             "<?xml encoding=\"UTF-8\"?><w/>",
             "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?><w/>",
             "<?xml version=\"1.0\"encoding=\"UTF-8\"?><w/>",
             "<?xml?><w/>",
             "<?xml version=\"2.0\"?><w/>",
             "<?xml version=\"\"?><w/>",
             "<?xml version=\"1 0\"?><w/>",
             "<?xml version = \"1.0\" ?><w/>",
             "<w/><?xml version=\"1.0\"?>",
             " <?xml version=\"1.0\"?><w/>",
             "<w><?XML x?></w>",
             "<w><?pi data?><?pi?><? pi?></w>",
             "<w><?pi\tdata?></w>",
             "<w><?pix?></w>",
             "<w><?1pi?></w>",
         })
      same_as_expat(xml);
  }

  TEST_CASE("the cell scanner names the DOCTYPE it refuses, with line and column") {
    Recorder recorder;
    try {
      scan_text("<?xml version=\"1.0\"?>\n<!DOCTYPE lol [<!ENTITY a \"b\">]><w/>",
                Location::of_file("t.xlsx").in_part("xl/worksheets/sheet1.xml"), recorder);
      FAIL("not refused");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) ==
            "t.xlsx (xl/worksheets/sheet1.xml:2:1): the part declares a DOCTYPE ('lol'); workbooks never do, and entity "
            "tricks hide behind one; hint: this file was not written by a spreadsheet program: ask for a copy saved from Excel");
    }
  }

  TEST_CASE("the cell scanner hands parts in other encodings to expat") {
    std::string utf16 = "\xFF\xFE";
    for (char c : std::string("<w>x</w>")) {
      utf16 += c;
      utf16 += '\0';
    }
    same_as_expat(utf16);
    same_as_expat("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><w>caf\xE9</w>");
    Outcome latin = run(scan_text, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><w>caf\xE9</w>");
    CHECK(latin.events == std::vector<std::string>{"<w>", "text:caf\xC3\xA9", "</w>"});
  }

  TEST_CASE("the cell scanner streams text, comments and CDATA longer than its buffer") {
    std::string big(3u << 20, 'x');
    same_as_expat("<w><v>" + big + "&amp;" + big + "</v><!--" + big + "--><v><![CDATA[" + big + "]]></v></w>");
    std::string crlf;
    for (int i = 0; i < 200000; ++i) crlf += "ab\r\n";
    same_as_expat("<w><v>" + crlf + "</v></w>");
  }

  TEST_CASE("the cell scanner refuses a tag longer than a megabyte") {
    Outcome out = run(scan_text, "<w a=\"" + std::string(2u << 20, 'x') + "\"/>");
    CHECK(out.refused);
    CHECK(out.message == "malformed XML: a tag longer than 1048576 bytes");
  }

  TEST_CASE("sheets read the same through the scanner and through expat") {
    for (const char* name : {"openpyxl", "xlsxwriter", "libreoffice", "sheetjs", "exceljs"}) {
      INFO(name);
      std::string path = std::string(KPIFLOW_FIXTURES_DIR "/producers/") + name + ".xlsx";
      Limits expat_only;
      expat_only.sheet_scanner = false;
      auto fast = test::read_all(Workbook::open(path));
      auto slow = test::read_all(Workbook::open(path, expat_only));
      CHECK(test::brief(fast) == test::brief(slow));
    }
  }
}
