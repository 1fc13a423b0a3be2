#include <doctest/doctest.h>

#include "model/error.hpp"
#include "model/location.hpp"

using namespace kpiflow;

TEST_SUITE("model") {
  TEST_CASE("A1 references parse at the edges of the grid") {
    CHECK(parse_a1("A1") == CellRef{0, 0});
    CHECK(parse_a1("Z1") == CellRef{0, 25});
    CHECK(parse_a1("AA1") == CellRef{0, 26});
    CHECK(parse_a1("XFD1") == CellRef{0, 16383});
    CHECK(parse_a1("A1048576") == CellRef{1048575, 0});
    CHECK(parse_a1("XFD1048576") == CellRef{1048575, 16383});
    CHECK(parse_a1("$B$12") == CellRef{11, 1});
    CHECK(parse_a1("b12") == CellRef{11, 1});
  }

  TEST_CASE("references beyond XFD1048576 and garbage are not references") {
    CHECK_FALSE(parse_a1("XFE1"));
    CHECK_FALSE(parse_a1("A1048577"));
    CHECK_FALSE(parse_a1("A0"));
    CHECK_FALSE(parse_a1("A01"));
    CHECK_FALSE(parse_a1(""));
    CHECK_FALSE(parse_a1("A"));
    CHECK_FALSE(parse_a1("12"));
    CHECK_FALSE(parse_a1("A1B"));
    CHECK_FALSE(parse_a1("AAAA1"));
    CHECK_FALSE(parse_a1("A 1"));
    CHECK_FALSE(parse_a1("A99999999999999999999"));
  }

  TEST_CASE("column names round-trip") {
    for (std::uint32_t col : {0u, 25u, 26u, 701u, 702u, 16383u}) CHECK(parse_column(column_name(col)) == col);
    CHECK(column_name(0) == "A");
    CHECK(column_name(27) == "AB");
    CHECK(column_name(16383) == "XFD");
    CHECK(to_a1(CellRef{11, 1}) == "B12");
  }

  TEST_CASE("sheet names are quoted the way Excel quotes them") {
    CHECK(quote_sheet_name("Data") == "Data");
    CHECK(quote_sheet_name("Q2 Data") == "'Q2 Data'");
    CHECK(quote_sheet_name("Bob's") == "'Bob''s'");
    CHECK(quote_sheet_name("Q2") == "'Q2'");
    CHECK(quote_sheet_name("2017") == "'2017'");
  }

  TEST_CASE("locations print one-based") {
    CHECK(Location::of_cell("adults.xlsx", "Q2 Data", CellRef{11, 1}).str() == "adults.xlsx!'Q2 Data'!B12");
    CHECK(Location::of_text("rules.yaml", 14, 3).str() == "rules.yaml:14:3");
    CHECK(Location::of_file("a.xlsx").in_part("xl/styles.xml", 3, 10).str() == "a.xlsx (xl/styles.xml:3:10)");
  }

  TEST_CASE("an error reads as one line with its hint") {
    Error error(Location::of_file("a.xlsx"), "the workbook is password-protected", "save it without a password");
    CHECK(std::string(error.what()) == "a.xlsx: the workbook is password-protected; hint: save it without a password");
  }
}
