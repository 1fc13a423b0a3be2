#include <doctest/doctest.h>

#include "support/read_cells.hpp"

using namespace kpiflow;
using namespace kpiflow::test;
using Lines = std::vector<std::string>;

namespace {
Lines csv(const std::string& text, const std::string& name = "return.csv") { return brief(read_bytes(text, name)); }
}  // namespace

TEST_SUITE("reader") {
  TEST_CASE("CSV fields are strings, one cell each, empty fields skipped") {
    CHECK(csv("Ref,Value,,Note\nPI-01,12.9%,,\n") ==
          Lines{"A1=string:Ref", "B1=string:Value", "D1=string:Note", "A2=string:PI-01", "B2=string:12.9%"});
  }

  TEST_CASE("RFC 4180 quoting: delimiters, doubled quotes and newlines inside quotes") {
    CHECK(csv("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nx,\"\",y") ==
          Lines{"A1=string:a,b", "B1=string:say \"hi\"", "C1=string:two\nlines", "A2=string:x", "C2=string:y"});
  }

  TEST_CASE("CRLF, LF and CR line ends all end a row") {
    CHECK(csv("a\r\nb\nc\rd") == Lines{"A1=string:a", "A2=string:b", "A3=string:c", "A4=string:d"});
  }

  TEST_CASE("a UTF-8 byte-order mark is not part of the first cell") {
    CHECK(csv("\xEF\xBB\xBF" "Ref,\xC2\xA3" "5.5m") == Lines{"A1=string:Ref", "B1=string:\xC2\xA3" "5.5m"});
  }

  TEST_CASE("Windows-1252 is detected and a pound sign survives") {
    CHECK(csv("Budget,\xA3" "5.5m,caf\xE9\n") == Lines{"A1=string:Budget", "B1=string:\xC2\xA3" "5.5m", "C1=string:caf\xC3\xA9"});
  }

  TEST_CASE("UTF-16 with a byte-order mark (Excel's Unicode Text) is tab-separated") {
    std::string text = "\xFF\xFE";
    for (char c : std::string("Ref\tValue\nPI\t5")) {
      text += c;
      text += '\0';
    }
    CHECK(csv(text, "return.txt") == Lines{"A1=string:Ref", "B1=string:Value", "A2=string:PI", "B2=string:5"});
  }

  TEST_CASE("semicolon files and Excel's sep= line") {
    CHECK(csv("Ref;Value\nPI;12,9%\n") == Lines{"A1=string:Ref", "B1=string:Value", "A2=string:PI", "B2=string:12,9%"});
    CHECK(csv("sep=|\nRef|Value\n") == Lines{"A1=string:Ref", "B1=string:Value"});
  }

  TEST_CASE("TSV files split on tabs only") {
    CHECK(csv("a,b\tc\n", "return.tsv") == Lines{"A1=string:a,b", "B1=string:c"});
  }

  TEST_CASE("text after a closing quote is kept, as Excel keeps it") {
    CHECK(csv("\"a\"b,c") == Lines{"A1=string:ab", "B1=string:c"});
  }

  TEST_CASE("a quote that never closes is refused with its line") {
    CHECK(refusal("a,b\nc,\"open\nmore\n", "return.csv") ==
          "return.csv:2:0: the quoted field that starts on line 2 never ends; hint: a quote (\") is missing: fix "
          "the field in a text editor, or save the file from Excel again");
  }

  TEST_CASE("an unbalanced quote is refused once its field passes Excel's limit") {
    std::string text = "a,\"open\n" + std::string(200000, 'x') + "\n";
    CHECK(refusal(text, "return.csv") ==
          "return.csv!B1: the field holds 131069 characters, over Excel's limit of 32767 for a cell; hint: "
          "check the quotes in the file: an unbalanced quote swallows the lines after it");
  }

  TEST_CASE("a CSV holding NUL bytes is refused as binary") {
    CHECK(refusal(std::string("\x89PNG\r\n\x1a\n\0\0", 10), "logo.csv") ==
          "logo.csv: the file holds binary data (NUL bytes), so it is not CSV text; hint: check it is the right "
          "file; a workbook should end in .xlsx");
    CHECK(refusal(std::string("a,b\0c", 5), "return.csv") ==
          "return.csv: the file holds binary data (NUL bytes), so it is not CSV text; hint: check it is the right "
          "file; a workbook should end in .xlsx");
  }

  TEST_CASE("the sheet of a CSV return is named after the file") {
    auto book = reader::Workbook::from_bytes("a", "returns/Adults Q2.csv");
    CHECK(book.sheets().at(0).name == "Adults Q2");
  }

  TEST_CASE("CSV split across read chunks reads the same") {
    std::string big;
    for (int i = 0; i < 20000; ++i) big += "\"row " + std::to_string(i) + "\",\xA3" + std::to_string(i) + "\r\n";
    auto cells = read_bytes(big, "big.csv");
    REQUIRE(cells.size() == 40000);
    CHECK(cells[39999].ref == "B20000");
    CHECK(cells[39999].value == "\xC2\xA3" "19999");
    CHECK(cells[20000].value == "row 10000");
  }
}
