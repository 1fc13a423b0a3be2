// kpiflow validate: every problem with a period's returns, on the terminal,
// in an issues workbook and as JSON (docs/validate.md).
#include <fmt/format.h>

#include <cstdio>
#include <array>
#include <map>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/wording.hpp"
#include "pipeline/pipeline.hpp"
#include "validate/validate.hpp"

namespace kpiflow::cli {

int run_validate(const std::vector<std::string>& args) {
  po::options_description options("options");
  std::string rules_path, period_text, db = default_store(), report, json;
  options.add_options()
      ("help,h", "show this help")
      ("rules", po::value<std::string>(&rules_path)->required(), "the rule file (docs/rules.md)")
      ("period", po::value<std::string>(&period_text)->required(), "the period to check, e.g. \"2017/18 Q2\"")
      ("db", po::value<std::string>(&db)->default_value(db, store::shown_address(db)), "the history store `kpiflow ingest` wrote (a file, or postgresql://...)")
      ("report", po::value<std::string>(&report), "also write the issues workbook (.xlsx): a summary and a sheet per service")
      ("json", po::value<std::string>(&json), "also write the issues as JSON")
      ("quiet,q", "print the summary only, not each issue");
  const CommandLine command{"validate", "check a period's returns and list every problem with its file, sheet and cell",
                            "usage: kpiflow validate --rules FILE --period P [--db FILE] [--report FILE.xlsx] [--json FILE]",
                            "Every issue code is listed in docs/validate.md.\n"
                            "Exit status: 0 no errors (warnings and notes may remain), 1 errors found, 2 could not run.\n",
                            ""};
  po::variables_map vm;
  if (auto stop = parse(command, options, args, vm)) return *stop;

  auto opened = open_period(command, rules_path, period_text, db);
  if (!opened) return exit_could_not_run;
  auto& [book, period, store] = *opened;

  validate::Findings findings = pipeline::validate(store, book, period);
  if (!vm.count("quiet"))
    for (const auto& issue : findings.issues) std::printf("%s\n", issue.str().c_str());

  std::map<std::string, std::array<int, 3>> per_service;
  for (const auto& issue : findings.issues) ++per_service[issue.service][static_cast<int>(issue.severity)];
  std::printf("\n%s, %s: %d of %d services sent a return\n", book.scorecard.name.c_str(), period.str().c_str(), findings.returns,
              findings.services_due);
  for (const auto& service : book.services) {
    auto it = per_service.find(service.id);
    if (it == per_service.end()) continue;
    std::printf("  %s %s\n", padded(service.name, 28).c_str(), severity_counts(it->second).c_str());
  }
  if (auto it = per_service.find(""); it != per_service.end())
    std::printf("  %-28s %s\n", "(service not known)", severity_counts(it->second).c_str());
  std::printf("  %-28s %s\n", "total",
              severity_counts({findings.count(Severity::error), findings.count(Severity::warning), findings.count(Severity::info)}).c_str());

  if (!report.empty()) {
    validate::write_workbook(report, book, findings);
    std::printf("issues workbook: %s\n", report.c_str());
  }
  if (!json.empty()) {
    validate::write_json(json, findings);
    std::printf("issues as JSON: %s\n", json.c_str());
  }
  return findings.count(Severity::error) > 0 ? exit_issues_found : exit_clean;
}

}  // namespace kpiflow::cli
