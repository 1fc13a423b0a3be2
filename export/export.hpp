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
//   chase.cpp           chase.xlsx, feedback workbooks, chasing e-mails' text
//   template.cpp        the return templates services fill in
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/figures.hpp"
#include "model/issue.hpp"
#include "model/observation.hpp"
#include "model/period.hpp"
#include "model/scorecard.hpp"
#include "rules/rules.hpp"
#include "store/store.hpp"

namespace kpiflow::publish {

// What the two workbooks show besides the results and the returns'
// figures, which are read from the store as they are written (so that a
// year of a large council, a million Data rows, is never held in memory).
struct Bundle {
  Period period;
  std::vector<Period> periods;  // this year's periods up to this one that have a scorecard, oldest first: the Data sheet's
  std::size_t data_rows = 0;    // results over those periods
  Scorecard current;            // the period's roll-ups and compliance, without its results
  std::vector<store::Submission> returns;  // the period's returns in force
  std::vector<Issue> issues;               // the period's validation issues
  // Per indicator, its trend over up to 8 periods ending with this one ("▁▃▅▇"; absent when it has no figures).
  std::unordered_map<std::string, std::string> trends;
  std::size_t trend_periods = 0;  // how many periods a trend covers
  // The trend shown for an indicator: a dot per period when it has no figures.
  std::string trend(const std::string& indicator) const;
};

// Reads the bundle for a period. Throws Error when transform has not
// recorded the period's scorecard, or recorded it before the latest returns
// or under another rule file (basis: what pipeline records it under).
Bundle gather(const store::Store& store, const Period& period, const std::string& db_name, const std::string& basis);

struct Options {
  bool amber_exceptions = true;  // Amber indicators on the Exceptions sheet too, not only Red
  // From this many rows a workbook is written in libxlsxwriter's
  // constant-memory mode (rows flushed as written, strings inline).
  std::size_t constant_memory_rows = 20000;
};

void write_consolidated(const std::filesystem::path& path, const rules::RuleBook& book, const store::Store& store, const Bundle& bundle,
                        const Options& options = {});
void write_scorecard(const std::filesystem::path& path, const rules::RuleBook& book, const store::Store& store, const Bundle& bundle,
                     const Options& options = {});
// scorecard.html, the report to put on a website: one self-contained file
// (inline CSS and SVG charts, no script): the Summary, the scorecard by
// outcome with its actions, the exceptions and the missing data.
void write_report_html(const std::filesystem::path& path, const rules::RuleBook& book, const store::Store& store, const Bundle& bundle,
                       const Options& options = {});

// ---- Chasing: what the performance team asks of each service (docs/run.md) ----

struct Chase {
  Period period;
  std::string today;                   // ISO date the chase is as at
  std::vector<Compliance> compliance;  // this period, a row per service with indicators due
  // Earlier periods the store has a scorecard for, oldest first (up to 7).
  std::vector<std::pair<Period, std::vector<Compliance>>> history;
  std::vector<Issue> issues;  // the period's findings (validate)
};
// A service's items to chase: its errors and warnings, those about the
// return as a whole (missing, late, refused) first, then by cell.
std::vector<const Issue*> to_chase(const Chase& chase, const std::string& service);
// Those with something to chase, grouped by owner (one e-mail each): the
// same e-mail address, or the same name when the rule file gives none.
struct Owner {
  std::string name, email;
  std::vector<const rules::Service*> services;
};
std::vector<Owner> owners(const rules::RuleBook& book, const Chase& chase);
// chase.xlsx: Compliance (this period and the last ones; who is
// persistently late), then a sheet per owner of what to do.
void write_chase(const std::filesystem::path& path, const rules::RuleBook& book, const Chase& chase);
// One service's items in its own return's terms: sheet, cell, what it
// wrote, what is wrong, what to write instead.
void write_feedback(const std::filesystem::path& path, const rules::RuleBook& book, const Chase& chase, const rules::Service& service);
// The plain text of the chasing e-mail to an owner: every item of each of
// their services, with where and what to do; signed_by ends it.
std::string chase_letter(const rules::RuleBook& book, const Chase& chase, const Owner& owner, const std::string& signed_by);

// ---- Templates: the return each service fills in (docs/template.md) ----

struct TemplateOptions {
  std::string password;            // the sheets' protection; empty: none (anyone may unprotect)
  std::string contact;             // who to ask, on the Instructions sheet ("Performance Team <...>"); empty: the performance team
  std::size_t previous_periods = 4;  // the service's own figures shown before the period's
};
// "Housing 2017-18-Q2.xlsx": a name ingest and kpiflow run read the
// service and period from ("Leisure' (LB) 2017-18-Q2.xlsx" when another
// service is also called Leisure).
// Throws Error when no name would be (two services named alike, ids too).
std::string template_name(const rules::RuleBook& book, const rules::Service& service, const Period& period);
// The service's return for the period, with its figures for the periods
// before from history (the store's, or none).
void write_template(const std::filesystem::path& path, const rules::RuleBook& book, const rules::Service& service, const Period& period,
                    Figures& history, const TemplateOptions& options = {});

// "▁▃▅▇" for figures, oldest first; a missing figure is a middle dot.
std::string trend_blocks(const std::vector<std::optional<double>>& figures);

}  // namespace kpiflow::publish
