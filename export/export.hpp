// export: the workbooks a performance team circulates (docs/export.md),
// written with libxlsxwriter from what the store holds for a period:
//   consolidated.xlsx  every figure merged (Data), each service's return as
//                      ingested, and the validation issues as a chase list
//   scorecard.xlsx     Summary (roll-ups and charts), Scorecard (a row per
//                      indicator: status, direction, trend, reason),
//                      Exceptions and Missing data, ready to print
// Each file is written to a temporary name in the folder and renamed: an
// error leaves the previous file as it was.
//
// The workbooks are written through workbook/ (the one xlsx writer).
// Phases:
//   shown.hpp/.cpp      arrows and missing-data words as cells show them
//   consolidated.cpp    consolidated.xlsx (constant-memory mode for large data)
//   scorecard.cpp       scorecard.xlsx
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/issue.hpp"
#include "model/observation.hpp"
#include "model/period.hpp"
#include "model/scorecard.hpp"
#include "rules/rules.hpp"
#include "store/store.hpp"

namespace kpiflow::publish {

// One return in force, with its figures as ingested.
struct ReturnAsIngested {
  store::Submission submission;
  std::vector<Observation> figures;  // in the order of the return's rows
};

// Everything the two workbooks show, read from the store.
struct Bundle {
  Period period;
  std::vector<Scorecard> scorecards;  // this year's periods up to the period, each as transform recorded it
  std::vector<ReturnAsIngested> returns;              // the period's returns in force
  std::vector<Issue> issues;                          // the period's validation issues
  // Per indicator, its figures for up to 8 periods ending with this one (oldest first; empty when none).
  std::map<std::string, std::vector<std::optional<double>>> trends;
  const Scorecard& current() const { return scorecards.back(); }
};

// Reads the bundle for a period. Throws Error when transform has not
// recorded the period's scorecard, or recorded it before the latest returns
// or under another rule file (rules_fingerprint: RuleBook::fingerprint).
Bundle gather(const store::Store& store, const Period& period, const std::string& db_name, const std::string& rules_fingerprint);

struct Options {
  bool amber_exceptions = true;  // Amber indicators on the Exceptions sheet too, not only Red
};

void write_consolidated(const std::filesystem::path& path, const rules::RuleBook& book, const Bundle& bundle);
void write_scorecard(const std::filesystem::path& path, const rules::RuleBook& book, const Bundle& bundle, const Options& options);

// "▁▃▅▇" for figures, oldest first; a missing figure is a middle dot.
std::string trend_blocks(const std::vector<std::optional<double>>& figures);

}  // namespace kpiflow::publish
