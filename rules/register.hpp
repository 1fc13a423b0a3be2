// An indicator register kept in Excel or CSV (one indicator per row), read
// into indicators exactly as if they were written in the rule file: each row
// is put into YAML and read by the same code, and an error is located at
// the register's cell instead of the YAML's line.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "rules/rules.hpp"

namespace kpiflow::rules {

// The register from its bytes (read once by the caller, which also
// fingerprints them); shown_name names it in messages and tells CSV from
// xlsx. sheet: the register's sheet; empty for the first visible one.
std::vector<Indicator> read_register(std::string bytes, const std::string& shown_name, const std::string& sheet, const RuleBook& book);

}  // namespace kpiflow::rules
