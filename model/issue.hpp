// The one Issue type: a problem found in a return or in the history, with a
// stable code, where it is, what is wrong (quoting the bad text) and what to
// do. Expected data problems are Issues; Error is for "could not run".
//
// The codes are declared once, below: the enum Code a misspelling of which
// does not compile, and the table of their names, severities and meanings.
// docs/validate.md lists them, and a test checks the two agree and that
// every code has a golden test.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/location.hpp"

namespace kpiflow {

enum class Severity : std::uint8_t { error, warning, info };
std::string_view to_string(Severity severity);

// X(identifier, stable name, severity, stage, meaning), in the order reports list them.
#define KPIFLOW_ISSUE_CODES(X) \
  X(unreadable_file, "unreadable-file", error, "ingest", "the file cannot be read: encrypted, legacy .xls, damaged, or not a spreadsheet") \
  X(damaged_cell, "damaged-cell", warning, "ingest", "a cell the file gives twice, or whose text is longer than Excel allows: read as the message says") \
  X(unknown_service, "unknown-service", error, "ingest", "the return does not say which service sent it") \
  X(wrong_service, "wrong-service", error, "ingest", "the return names a different service than its file name or --service") \
  X(unknown_period, "unknown-period", error, "ingest", "the return does not say which period it is for") \
  X(wrong_period, "wrong-period", error, "ingest", "the return is for a different period than the one asked for or stated elsewhere in it") \
  X(missing_sheet, "missing-sheet", error, "ingest", "no sheet matches the service's `sheet` in the rule file") \
  X(missing_header, "missing-header", error, "ingest", "no header row with the Ref and the period's value column") \
  X(column_not_found, "column-not-found", warning, "ingest", "a column the rule file names for the service is not in the header row, so it is not read") \
  X(unknown_indicator, "unknown-indicator", error, "ingest", "a row's Ref (and title) is not an indicator in the rule file") \
  X(title_matched, "title-matched", warning, "ingest", "a row's Ref is wrong or blank, but its title names an indicator: matched by title") \
  X(duplicate_indicator, "duplicate-indicator", error, "ingest", "the same indicator (or action) appears twice in one return; the first is kept") \
  X(unknown_action, "unknown-action", error, "ingest", "a row of the actions table names no action of the service in the rule file") \
  X(rows_below_table, "rows-below-table", warning, "ingest", "rows far below the indicator table name no indicator: not read") \
  X(blank_value, "blank-value", error, "ingest", "an indicator due this period has no figure and no missing-data state, or an action no progress") \
  X(unparseable_value, "unparseable-value", error, "ingest", "the value is not a figure kpiflow can read exactly (e.g. 12,9%)") \
  X(unknown_state, "unknown-state", error, "ingest", "the value is words that are not a missing-data state in the rule file") \
  X(unknown_progress, "unknown-progress", error, "ingest", "an action's progress is a word the rule file does not know (action_status)") \
  X(percent_scale_ambiguous, "percent-scale-ambiguous", warning, "ingest", "a percentage written without % or percent format could mean two things") \
  X(formula_without_value, "formula-without-value", error, "ingest", "the value is a formula the file holds no result for") \
  X(estimated_value, "estimated-value", info, "ingest", "the value is shaded as an estimate") \
  X(value_with_note, "value-with-note", info, "ingest", "the figure is written with words beside it (11.6% (Q4 fig), 26 weeks): read, the words kept with it") \
  X(target_differs, "target-differs", warning, "ingest", "the return's target is not the rule file's target for the year") \
  X(missing_return, "missing-return", error, "validate", "a service with indicators due has sent no return for the period, and its deadline has passed") \
  X(return_awaited, "return-awaited", info, "validate", "a service has sent no return for the period yet, and its deadline has not passed") \
  X(late_return, "late-return", warning, "validate", "the return came in after its deadline") \
  X(no_submitted_date, "no-submitted-date", info, "validate", "the return gives no date it was sent: whether it was late is not known") \
  X(missing_indicator, "missing-indicator", error, "validate", "an indicator due this period is not in its service's return") \
  X(missing_action, "missing-action", error, "validate", "an action under way this period has no update in its service's return") \
  X(milestone_passed, "milestone-passed", warning, "validate", "an action's milestone has passed and the return does not say it is delivered") \
  X(rephased_without_date, "rephased-without-date", warning, "validate", "an action is re-phased and the return gives no new milestone") \
  X(out_of_range, "out-of-range", error, "validate", "the value is outside the indicator's valid range") \
  X(implausible_change, "implausible-change", warning, "validate", "the value moved more than the indicator's max_change since the last period") \
  X(cumulative_decrease, "cumulative-decrease", warning, "validate", "a year-to-date figure is lower than the period before's") \
  X(cumulative_mismatch, "cumulative-mismatch", warning, "validate", "a year to date written beside the figure (60 (122 cum)) is not what the year's figures add up to") \
  X(ytd_incomplete, "ytd-incomplete", warning, "validate", "a year to date cannot be summed: an earlier period of the year has no figure") \
  X(status_differs, "status-differs", warning, "validate", "the status the return gives a figure (or an action) is not the one its figure (or progress) gives") \
  X(commentary_required, "commentary-required", error, "validate", "off target (Red, or Amber when the scorecard asks), or an action Red or Amber, with no commentary")

enum class Code : std::uint8_t {
#define KPIFLOW_CODE_IDENTIFIER(id, name, severity, stage, meaning) id,
  KPIFLOW_ISSUE_CODES(KPIFLOW_CODE_IDENTIFIER)
#undef KPIFLOW_CODE_IDENTIFIER
};

struct IssueCode {
  Code value;
  std::string_view code;     // stable: scripts and the chase list key on it
  Severity severity;
  std::string_view stage;    // ingest or validate: which command finds it
  std::string_view meaning;  // one line for the docs and --list-codes
};

// Every code, in the order reports list them.
std::span<const IssueCode> issue_codes();
const IssueCode& issue_code(Code code);
std::string_view to_string(Code code);  // "blank-value"
// The code a stable name stands for; empty for a name not in the table
// (a store written by a later kpiflow, or edited by hand).
std::optional<Code> code_named(std::string_view name);

struct Issue {
  Code code = Code::unreadable_file;
  Severity severity = Severity::error;
  Location where;
  std::string service;    // the rule file's id; empty when not known
  std::string indicator;  // the rule file's id; empty when about a whole return
  std::string message;    // what is wrong, quoting the bad text
  std::string hint;       // what to do about it
  std::string raw;        // the cell or text as read, when there is one

  // Severity comes from the code's entry.
  static Issue of(Code code, Location where, std::string message, std::string hint);
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
