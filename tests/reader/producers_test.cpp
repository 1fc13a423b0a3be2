// Workbooks written by five independent producers (tests/fixtures/producers/
// generate.py), each compared with what that producer was asked to store.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "support/read_cells.hpp"

using namespace kpiflow;
using namespace kpiflow::test;

namespace {

std::string unescape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      char n = text[++i];
      out += n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, '\t')) fields.push_back(unescape(field));
  if (!line.empty() && line.back() == '\t') fields.emplace_back();
  return fields;
}

void check_producer(const std::string& producer) {
  const std::string dir = KPIFLOW_FIXTURES_DIR "/producers/";
  std::ifstream expected_file(dir + producer + ".expected.tsv");
  REQUIRE_MESSAGE(expected_file.good(), "missing " << dir << producer << ".expected.tsv");
  std::map<std::string, std::vector<std::string>> expected;
  for (std::string line; std::getline(expected_file, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto fields = split_tabs(line);
    fields.resize(8);
    expected[fields[0] + "!" + fields[1]] = fields;
  }

  auto book = reader::Workbook::open(dir + producer + ".xlsx");
  std::map<std::string, bool> hidden;
  for (const auto& sheet : book.sheets()) hidden[sheet.name] = sheet.visibility != reader::Visibility::visible;
  auto cells = read_all(book);
  std::map<std::string, ReadCell> got;
  for (auto& cell : cells) got[cell.sheet + "!" + cell.ref] = cell;

  for (const auto& [key, want] : expected) {
    INFO(producer << " " << key);
    auto it = got.find(key);
    REQUIRE_MESSAGE(it != got.end(), "cell missing");
    const ReadCell& cell = it->second;
    CHECK(cell.type == want[2]);
    if (want[2] == "number") {
      CHECK(std::stod(cell.value) == std::stod(want[3]));  // exact: the number read is the number written
    } else {
      CHECK(cell.value == want[3]);
    }
    CHECK(cell.formula == want[4]);
    if (want[5] != "*") CHECK(cell.num_fmt == want[5]);
    CHECK(cell.fill == want[6]);
    CHECK(hidden[cell.sheet] == (want[7] == "true"));
  }
  for (const auto& [key, cell] : got) {
    INFO(producer << " " << key << " = " << cell.value);
    CHECK_MESSAGE(expected.count(key) == 1, "a cell the producer did not write");
  }
}

}  // namespace

TEST_SUITE("reader") {
  TEST_CASE("cells written by openpyxl") { check_producer("openpyxl"); }
  TEST_CASE("cells written by XlsxWriter") { check_producer("xlsxwriter"); }
  TEST_CASE("cells written by LibreOffice") { check_producer("libreoffice"); }
  TEST_CASE("cells written by SheetJS") { check_producer("sheetjs"); }
  TEST_CASE("cells written by exceljs") { check_producer("exceljs"); }
}
