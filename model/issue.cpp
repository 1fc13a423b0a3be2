#include "model/issue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

#include "model/error.hpp"
#include "model/text.hpp"

namespace kpiflow {

namespace {

constexpr IssueCode codes[] = {
    {"unreadable-file", Severity::error, "ingest", "the file cannot be read: encrypted, legacy .xls, damaged, or not a spreadsheet"},
    {"damaged-cell", Severity::warning, "ingest", "a cell the file gives twice, or whose text is longer than Excel allows: read as the message says"},
    {"unknown-service", Severity::error, "ingest", "the return does not say which service sent it"},
    {"wrong-service", Severity::error, "ingest", "the return names a different service than its file name or --service"},
    {"unknown-period", Severity::error, "ingest", "the return does not say which period it is for"},
    {"wrong-period", Severity::error, "ingest", "the return is for a different period than the one asked for or stated elsewhere in it"},
    {"missing-sheet", Severity::error, "ingest", "no sheet matches the service's `sheet` in the rule file"},
    {"missing-header", Severity::error, "ingest", "no header row with the Ref and the period's value column"},
    {"unknown-indicator", Severity::error, "ingest", "a row's Ref (and title) is not an indicator in the rule file"},
    {"title-matched", Severity::warning, "ingest", "a row's Ref is wrong or blank, but its title names an indicator: matched by title"},
    {"duplicate-indicator", Severity::error, "ingest", "the same indicator appears twice in one return; the first is kept"},
    {"rows-below-table", Severity::warning, "ingest", "rows far below the indicator table name no indicator: not read"},
    {"blank-value", Severity::error, "ingest", "an indicator due this period has no figure and no missing-data state"},
    {"unparseable-value", Severity::error, "ingest", "the value is not a figure kpiflow can read exactly (e.g. 12,9%)"},
    {"unknown-state", Severity::error, "ingest", "the value is words that are not a missing-data state in the rule file"},
    {"percent-scale-ambiguous", Severity::warning, "ingest", "a percentage written without % or percent format could mean two things"},
    {"formula-without-value", Severity::error, "ingest", "the value is a formula the file holds no result for"},
    {"estimated-value", Severity::info, "ingest", "the value is shaded as an estimate"},
    {"target-differs", Severity::warning, "ingest", "the return's target is not the rule file's target for the year"},
    {"missing-return", Severity::error, "validate", "a service with indicators due has sent no return for the period"},
    {"late-return", Severity::warning, "validate", "the return came in after its deadline"},
    {"missing-indicator", Severity::error, "validate", "an indicator due this period is not in its service's return"},
    {"out-of-range", Severity::error, "validate", "the value is outside the indicator's valid range"},
    {"implausible-change", Severity::warning, "validate", "the value moved more than the indicator's max_change since the last period"},
    {"cumulative-decrease", Severity::warning, "validate", "a year-to-date figure is lower than the period before's"},
    {"ytd-incomplete", Severity::warning, "validate", "a year to date cannot be summed: an earlier period of the year has no figure"},
    {"commentary-required", Severity::error, "validate", "off target (Red, or Amber when the scorecard asks) with no commentary"},
};

}  // namespace

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
  }
  return "error";
}

std::span<const IssueCode> issue_codes() { return codes; }

const IssueCode& issue_code(std::string_view code) {
  for (const auto& entry : codes)
    if (entry.code == code) return entry;
  throw std::logic_error("issue code not in the table: " + std::string(code));
}

Issue Issue::of(std::string_view code, Location where, std::string message, std::string hint) {
  const IssueCode& entry = issue_code(code);
  Issue issue;
  issue.code = std::string(entry.code);
  issue.severity = entry.severity;
  issue.where = std::move(where);
  issue.message = std::move(message);
  issue.hint = std::move(hint);
  return issue;
}

void fold_repeats(std::vector<Issue>& issues, std::size_t keep) {
  struct Group {
    std::size_t seen = 0;
    std::size_t summary = 0;  // index in the output of the issue standing for the rest
    CellRef first, last;
    std::string first_message;
  };
  std::map<std::tuple<std::string, std::string, std::string, std::uint32_t>, Group> groups;
  std::vector<Issue> out;
  for (auto& issue : issues) {
    if (!issue.where.cell) {
      out.push_back(std::move(issue));
      continue;
    }
    Group& g = groups[{issue.code, issue.where.file, issue.where.sheet, issue.where.cell->col}];
    ++g.seen;
    if (g.seen <= keep) {
      out.push_back(std::move(issue));
      continue;
    }
    if (g.seen == keep + 1) {
      g.summary = out.size();
      g.first = *issue.where.cell;
      g.first_message = issue.message;
      issue.indicator.clear();
      out.push_back(std::move(issue));
    }
    g.last = std::max(g.last, *issue.where.cell, [](CellRef a, CellRef b) { return a.row < b.row; });
  }
  for (const auto& [key, g] : groups) {
    if (g.seen <= keep) continue;
    Issue& summary = out[g.summary];
    std::size_t more = g.seen - keep;
    summary.message = more == 1 ? g.first_message
                                : fmt::format("and {} more rows like this in {}:{} (the first of them: {})", with_thousands(more),
                                              to_a1(g.first), to_a1(g.last), g.first_message);
    if (more > 1) summary.raw.clear();
  }
  issues = std::move(out);
}

std::string Issue::str() const {
  std::string head = std::string(to_string(severity)) + " [" + code + "] " + message;
  return one_line(where, head, hint);
}

}  // namespace kpiflow
