// The one Issue type: a problem found in a return or in the history, with a
// stable code, where it is, what is wrong (quoting the bad text) and what to
// do. Expected data problems are Issues; Error is for "could not run".
//
// The codes are one table (issue.cpp); docs/issues.md lists them, and a test
// checks the two agree and that every code has a golden test.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/location.hpp"

namespace kpiflow {

enum class Severity : std::uint8_t { error, warning, info };
std::string_view to_string(Severity severity);

struct IssueCode {
  std::string_view code;     // stable: scripts and the chase list key on it
  Severity severity;
  std::string_view stage;    // ingest or validate: which command finds it
  std::string_view meaning;  // one line for the docs and --list-codes
};

// Every code, in the order reports list them.
std::span<const IssueCode> issue_codes();
// The entry for a code; throws std::logic_error for a code not in the table
// (a programming error, not a data problem).
const IssueCode& issue_code(std::string_view code);

struct Issue {
  std::string code;
  Severity severity = Severity::error;
  Location where;
  std::string service;    // the rule file's id; empty when not known
  std::string indicator;  // the rule file's id; empty when about a whole return
  std::string message;    // what is wrong, quoting the bad text
  std::string hint;       // what to do about it
  std::string raw;        // the cell or text as read, when there is one

  // Severity comes from the code's entry.
  static Issue of(std::string_view code, Location where, std::string message, std::string hint);
  // "<where>: <severity> [<code>] <message>; hint: <hint>"
  std::string str() const;
};

// Issues of one code in one column of one sheet, past the first `keep`,
// become one issue in place of the next: "and 189,996 more rows like this
// in A8:A190011 (the first of them: ...)". A sheet of pasted rows then gives
// a handful of lines that say how many, not a million that drown the rest.
// Issues without a cell are never grouped.
void fold_repeats(std::vector<Issue>& issues, std::size_t keep = 3);

}  // namespace kpiflow
