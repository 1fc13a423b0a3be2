// Reads a workbook from memory into plain rows that tests can compare.
#pragma once

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "reader/reader.hpp"

// Failing checks on lists of cells print the lists.
namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& lines) {
    std::string out = "{";
    for (const auto& line : lines) out += "\n  " + line;
    return String((out + " }").c_str());
  }
};
}  // namespace doctest

namespace kpiflow::test {

struct ReadCell {
  std::string sheet, ref, type, value, formula, num_fmt, fill;
};

// value: numbers in shortest round-trip text, dates in ISO, bools true/false.
std::vector<ReadCell> read_all(const reader::Workbook& book);
std::vector<ReadCell> read_bytes(std::string bytes, const std::string& name = "test.xlsx");
// "A1=number:12.5" style lines, for compact expectations.
std::vector<std::string> brief(const std::vector<ReadCell>& cells);
// The message of the Error thrown while opening and reading, or "" if none.
std::string refusal(std::string bytes, const std::string& name = "test.xlsx", const reader::Limits& limits = {});

}  // namespace kpiflow::test
