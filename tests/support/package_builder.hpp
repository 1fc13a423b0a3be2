// Builds small .xlsx packages in memory for tests: each test states the
// exact XML it needs, so a reader rule and its test sit side by side.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace kpiflow::test {

// A zip of the given parts, in the given order, deflated. Built with libzip.
std::string zip_bytes(const std::vector<std::pair<std::string, std::string>>& parts);

// A minimal workbook with one sheet ("Sheet1" unless named) and the given
// sheetData rows; extra parts replace or add to the defaults.
struct WorkbookParts {
  std::string sheet_data;                       // inside <sheetData>
  std::string after_sheet_data;                 // e.g. <mergeCells>
  std::vector<std::string> shared_strings;      // <si> bodies, e.g. "<t>a</t>"
  std::string styles_body;                      // inside <styleSheet>; empty = none
  std::string workbook_pr;                      // e.g. date1904="1"
  std::string sheet_name = "Sheet1";
  std::map<std::string, std::string> replace;   // part name -> content
};
std::string workbook_bytes(const WorkbookParts& parts);

// A styles body with cellXfs numbered from 0: General, then each code.
std::string styles_with_formats(const std::vector<std::string>& codes);

}  // namespace kpiflow::test
