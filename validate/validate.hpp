// validate: every problem with a period's returns, each an Issue with its
// file, sheet and cell (docs/validate.md). Reads the rule file and the
// history store; writes nothing but its reports.
//
// Phases:
//   checks.cpp   the returns in force against the rule file and the history:
//                missing and late returns, missing indicators, ranges,
//                changes, year-to-date, commentary for Red
//   report.cpp   the issues workbook (libxlsxwriter) and the JSON list
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/issue.hpp"
#include "model/period.hpp"
#include "rules/rules.hpp"
#include "store/store.hpp"

namespace kpiflow::validate {

struct Findings {
  Period period;
  std::vector<Issue> issues;  // ingest's that still stand, then validation's; by service and place
  int services_due = 0;       // services with an indicator due in the period
  int returns = 0;            // of those, how many sent a return
  int count(Severity severity) const;
};

// today (default: the system's date) decides whether a return not yet in
// is missing (its deadline has passed) or still awaited.
Findings validate(const rules::RuleBook& book, const store::Store& store, const Period& period,
                  std::optional<std::chrono::year_month_day> today = std::nullopt);

// One sheet per service with issues plus a summary, written whole (libxlsxwriter).
void write_workbook(const std::filesystem::path& path, const rules::RuleBook& book, const Findings& findings);
// {"period": ..., "counts": {...}, "issues": [{code, severity, service, indicator, location, file, sheet, cell, message, hint, raw}]}
void write_json(const std::filesystem::path& path, const Findings& findings);

}  // namespace kpiflow::validate
