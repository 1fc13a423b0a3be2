// kpiflow ingest: returns into the history store, with what was found in
// each (docs/ingest.md).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/wording.hpp"
#include "ingest/ingest.hpp"
#include "pipeline/pipeline.hpp"
#include "model/text.hpp"
#include "store/store.hpp"

namespace kpiflow::cli {

namespace {

const char* outcome_text(store::Outcome outcome) {
  switch (outcome) {
    case store::Outcome::added: return "stored";
    case store::Outcome::already_stored: return "already stored, unchanged";
    case store::Outcome::superseded_older: return "stored, superseding the earlier return";
    case store::Outcome::reread: return "read again under the changed rule file";
  }
  return "stored";
}

}  // namespace

int run_ingest(const std::vector<std::string>& args) {
  po::options_description options("options");
  std::string rules_path, period_text, db = default_store();
  ingest::ReturnOptions read;
  options.add_options()
      ("help,h", "show this help")
      ("rules", po::value<std::string>(&rules_path)->required(), "the rule file (docs/rules.md)")
      ("period", po::value<std::string>(&period_text), "the period, e.g. \"2017/18 Q2\", for returns that do not say (checked against those that do)")
      ("service", po::value<std::string>(&read.service), "the service's id, for returns that do not say")
      ("db", po::value<std::string>(&db)->default_value(db, store::shown_address(db)), "the history store: a file (created when new), or postgresql://... (docs/shared-store.md)");
  const CommandLine command{"ingest", "read returns into the history store, noting every problem with its cell",
                            "usage: kpiflow ingest RETURN|FOLDER... --rules FILE [--period P] [--service ID] [--db FILE]",
                            "Each return is read and its figures stored with their file, sheet and cell; ingesting\n"
                            "the same file again changes nothing; a newer return for the same service and period\n"
                            "supersedes the older, which is kept. Problems are reported by `kpiflow validate`.\n"
                            "Exit status: 0 every return stored, 1 some could not be stored, 2 could not run.\n",
                            "return"};
  po::variables_map vm;
  if (auto stop = parse(command, options, args, vm)) return *stop;
  if (!vm.count("return")) return usage_error(command, "name the returns (files or folders) to ingest");

  const auto& given = vm["return"].as<std::vector<std::string>>();
  for (const auto& item : given) {
    std::error_code error;
    if (!std::filesystem::exists(item, error)) throw Error(Location::of_file(item), "no such file or folder", "check the path");
  }
  // A store that is not there yet is made once the rule file has been read.
  pipeline::Opened opened = pipeline::open(rules_path, db, store::Access::read_write, true);
  const rules::RuleBook& book = opened.book;
  store::Store& store = opened.store;
  if (!period_text.empty()) {
    read.period = parse_period(period_text, book.scorecard.year_start_month);
    if (!read.period) return usage_error(command, fmt::format("'{}' is not a period; write it as \"2017/18 Q2\"", period_text));
  }
  pipeline::Inbox found = pipeline::returns_in(given, book);
  // What could not be read, or was not followed, is said first: the rest is read.
  int unreadable = 0;
  for (const auto& p : found.passed_over) {
    if (p.kind == pipeline::PassedOver::Kind::other) continue;
    unreadable += p.kind == pipeline::PassedOver::Kind::unreadable;
    std::printf("%s: passed over: %s\n", p.path.c_str(), p.why.c_str());
  }

  auto report = [&](const ingest::Ingested& done) {
    const ingest::Return& got = done.read;
    const std::string& period = done.period;
    std::string what = done.outcome ? fmt::format("{} {}", contents_of(done.figures, done.actions), outcome_text(*done.outcome)) : "not stored";

    std::string problems = problems_in(got.issues);
    std::printf("%s: %s %s: %s (%s)\n", got.file.c_str(), got.service.empty() ? "?" : got.service.c_str(),
                period.empty() ? "?" : period.c_str(), what.c_str(), problems.c_str());
    if (!got.storable)
      for (const auto& issue : got.issues)
        if (issue.severity == Severity::error) std::printf("  %s\n", issue.str().c_str());
  };
  int not_stored = 0;
  auto reread = pipeline::ingest(store, found.returns, book, read, [&](ingest::Ingested&& done) {
    not_stored += !done.outcome;
    report(done);
  });
  // Returns stored earlier, read under an earlier rule file, were read again.
  for (const auto& again : reread) {
    if (again.done) report(*again.done);
    else
      std::printf("%s: %s %s: not read again under the changed rule file: %s; ingest it again\n", again.stored.file.c_str(),
                  again.stored.service.c_str(), again.stored.period.c_str(), again.why_not.c_str());
  }
  if (found.returns.empty() && reread.empty()) {
    // An empty inbox is a problem to report, not a clean run: the returns did not arrive.
    std::printf("no returns found in %s (kpiflow reads .xlsx, .xlsm, .csv and .tsv files, and names .xls, .xlsb and .ods to be saved again)\n",
                fmt::format("{}", fmt::join(given, ", ")).c_str());
    return exit_issues_found;
  }
  std::printf("%s read into %s; `kpiflow validate` lists every problem\n",
              counted(static_cast<int>(found.returns.size()), "return", "returns").c_str(), db.c_str());
  if (unreadable > 0)
    std::printf("%s could not be read (named above): check its permissions, then ingest again\n",
                counted(unreadable, "file or folder", "files or folders").c_str());
  return not_stored > 0 || unreadable > 0 ? exit_issues_found : exit_clean;
}

}  // namespace kpiflow::cli
