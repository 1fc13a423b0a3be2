// The one xlsx writer: whatever text it is given, the package is well-formed
// and shows what was written (issue 10). Read back here with our reader;
// tests/workbook/hostile_names_oracle.py reads a whole run's workbooks with
// openpyxl and LibreOffice.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "reader/reader.hpp"
#include "workbook/workbook.hpp"

namespace fs = std::filesystem;
using namespace kpiflow;
using namespace kpiflow::workbook;

namespace {

std::size_t chars_of(const std::string& utf8) {
  std::size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

struct Folder {
  fs::path dir = fs::temp_directory_path() / ("kpiflow-workbook-test-" + std::to_string(::getpid()));
  Folder() { fs::create_directories(dir); }
  ~Folder() { fs::remove_all(dir); }
};

// Every string cell of a workbook, by sheet and reference.
std::map<std::string, std::string> strings_of(const fs::path& path, std::vector<std::string>* sheets = nullptr) {
  std::map<std::string, std::string> out;
  reader::Workbook book = reader::Workbook::open(path);
  for (std::size_t i = 0; i < book.sheets().size(); ++i) {
    if (sheets) sheets->push_back(book.sheets()[i].name);
    book.read_sheet(i, [&](const reader::Cell& cell) {
      out[book.sheets()[i].name + "!" + to_a1(cell.ref)] = reader::cell_text(cell);
    });
  }
  return out;
}

}  // namespace

TEST_SUITE("workbook") {
  TEST_CASE("bytes that are not UTF-8 become U+FFFD, never a package Excel must repair") {
    CHECK(cell_text("Ren\xE9 \x96 lead") == "Ren\xEF\xBF\xBD \xEF\xBF\xBD lead");
    CHECK(cell_text("cut \xE2\x80") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(cell_text("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate written as UTF-8
    CHECK(cell_text("non-character \xEF\xBF\xBE") == "non-character \xEF\xBF\xBD");
    CHECK(plain_text("Ren\xE9") == "Ren\xEF\xBF\xBD");
  }

  TEST_CASE("control characters are escaped as Excel writes them; a literal escape is protected") {
    CHECK(cell_text("a\x01" "b") == "a_x0001_b");
    CHECK(cell_text("line\r\nnext\ttab") == "line_x000D_\nnext\ttab");
    CHECK(cell_text("_x0041_") == "_x005F_x0041_");
    CHECK(cell_text("_x004_ and _xZZZZ_ stay") == "_x004_ and _xZZZZ_ stay");
    CHECK(plain_text("a\x01" "b\nc") == "a b c");
  }

  TEST_CASE("text longer than a cell holds is cut at a character and ends with an ellipsis") {
    std::string exactly(max_cell_chars, 'x');
    CHECK(cell_text(exactly) == exactly);
    std::string longer = std::string(max_cell_chars - 1, 'x') + "\xC5\xB5\xC5\xB5";  // ŵŵ: two over the limit
    std::string cut = cell_text(longer);
    CHECK(chars_of(cut) == max_cell_chars);
    CHECK(cut.substr(cut.size() - 3) == "\xE2\x80\xA6");
    // Escapes count as libxlsxwriter counts them: seven characters each.
    std::string controls(max_cell_chars / 7 + 10, '\x01');
    CHECK(chars_of(cell_text(controls)) <= max_cell_chars);
    CHECK(plain_text(std::string(300, 'y'), 255).size() == 254 + 3);
  }

  TEST_CASE("any service name makes a valid sheet name, unique without regard to case") {
    std::map<std::string, int> used;
    CHECK(sheet_name("'Leisure'", used) == "Leisure");
    CHECK(sheet_name("Leisure'", used) == "Leisure 2");
    CHECK(sheet_name("LEISURE", used) == "LEISURE 3");
    CHECK(sheet_name("''", used) == "Sheet");
    CHECK(sheet_name("", used) == "Sheet 2");
    CHECK(sheet_name("History", used) == "History (service)");
    CHECK(sheet_name("Q2: [Draft] a/b\\c*?", used) == "Q2   Draft  a b c");
    CHECK(sheet_name("Gwasanaethau Cymdeithasol i Oedolion", used) == "Gwasanaethau Cymdeithasol i Oed");
    // 31 UTF-16 units as Excel counts them: an emoji is two, and is never cut in half.
    std::string emoji = "\xF0\x9F\x8F\xA0";
    std::string name = sheet_name(std::string(30, 'a') + emoji, used);
    CHECK(name == std::string(30, 'a'));
    CHECK(sheet_name("Us\xC5\x82ugi \xC5\xBC\xC5\x82obka " + emoji, used) == "Us\xC5\x82ugi \xC5\xBC\xC5\x82obka " + emoji);
    CHECK(sheet_name("Ren\xE9", used) == "Ren");  // a byte that is not UTF-8 is left out
  }

  TEST_CASE("a workbook of hostile names and texts is written and read back as written") {
    Folder f;
    fs::path path = f.dir / "hostile.xlsx";
    {
      Book b(path, path.string(), false);
      b.describe("Cyngor \xE2\x80\x93 \x01 title", "s", "k", "c");
      lxw_worksheet* s = b.sheet("'Leisure'");
      b.text(s, 0, 0, "Ren\xE9");
      b.text(s, 1, 0, "_x0041_");
      b.text(s, 2, 0, "a\x01" "b");
      b.text(s, 3, 0, std::string(40000, 'z'));
      b.text(s, 4, 0, "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xF0\x9F\x8F\xA0");
      b.for_print(s, 0, std::string(400, '&'), "2017/18 Q2");
      CHECK(b.name_of(s) == "Leisure");
      b.close();
    }
    std::vector<std::string> sheets;
    auto cells = strings_of(path, &sheets);
    CHECK(sheets == std::vector<std::string>{"Leisure"});
    CHECK(cells["Leisure!A1"] == "Ren\xEF\xBF\xBD");
    CHECK(cells["Leisure!A2"] == "_x0041_");
    CHECK(cells["Leisure!A3"] == "a\x01" "b");
    CHECK(chars_of(cells["Leisure!A4"]) == max_cell_chars);
    CHECK(cells["Leisure!A5"] == "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xF0\x9F\x8F\xA0");
  }

  TEST_CASE("a table longer than a sheet goes on in a continuation sheet with its header") {
    Folder f;
    fs::path path = f.dir / "long.xlsx";
    {
      Book b(path, path.string(), true);
      Table table(b, "Issues", {{"Code", 10}, {"Problem", 40}}, 3);
      for (int i = 0; i < 5; ++i) {
        auto [s, row] = table.next();
        b.text(s, row, 0, "code");
        b.text(s, row, 1, "problem " + std::to_string(i));
      }
      table.finish();
      CHECK(table.sheets() == 3);
      b.close();
    }
    std::vector<std::string> sheets;
    auto cells = strings_of(path, &sheets);
    CHECK(sheets == std::vector<std::string>{"Issues", "Issues (2)", "Issues (3)"});
    CHECK(cells["Issues!B3"] == "problem 1");
    CHECK(cells["Issues (2)!A1"] == "Code");
    CHECK(cells["Issues (2)!B3"] == "problem 3");
    CHECK(cells["Issues (3)!B2"] == "problem 4");
  }
}

TEST_SUITE("workbook") {
  // Regression (issue 16): rows were sized by characters over width, as if
  // text broke anywhere, so commentary wrapped at words overprinted the next row.
  TEST_CASE("a text's lines are counted as it wraps: at whole words, a long word broken, each paragraph on its own") {
    using workbook::wrapped_lines;
    CHECK(wrapped_lines("", 10) == 1);
    CHECK(wrapped_lines("short", 10) == 1);
    // 8 characters a line at width 7.3: "aaaa bbbb" is 9, so each word its own line.
    CHECK(wrapped_lines("aaaa bbbb cccc", 7.3) == 3);
    CHECK(wrapped_lines("aa bb cc dd", 7.3) == 2);        // "aa bb cc" is 8
    CHECK(wrapped_lines(std::string(20, 'x'), 7.3) == 3);   // 8 + 8 + 4
    CHECK(wrapped_lines("ab " + std::string(20, 'x'), 7.3) == 4);
    CHECK(wrapped_lines("one\ntwo\n\nfour", 50) == 4);
    CHECK(wrapped_lines("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 7.3) == 1);  // eight é: characters, not bytes
  }
}
