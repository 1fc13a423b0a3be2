// kpiflow template: the return each service fills in for a period
// (docs/template.md), one workbook per service, named so that ingest and
// kpiflow run know whose and which period it is without options.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "model/text.hpp"
#include "pipeline/pipeline.hpp"

namespace kpiflow::cli {

int run_template(const std::vector<std::string>& args) {
  po::options_description options("options");
  std::string rules_path, period_text, db, out, service, password, from;
  rules_and_period(options, rules_path, period_text, "the period the returns are for, e.g. \"2017/18 Q2\"")
      ("out", po::value<std::string>(&out)->required(), "the folder to write the templates into (made if missing)")
      ("db", po::value<std::string>(&db), "the history store the periods before are shown from (default: KPIFLOW_DB, or kpiflow.db when it exists)")
      ("service", po::value<std::string>(&service), "only this service's template (its id in the rule file)")
      ("password", po::value<std::string>(&password), "protect the sheets with this password (default: protected without one)")
      ("from", po::value<std::string>(&from), "who services ask, on the Instructions sheet, e.g. \"Performance Team <performance@council.gov.uk>\"");
  const CommandLine command{"template", "write the return each service fills in for a period, from the rule file",
                            "usage: kpiflow template --rules FILE --period P --out DIR [--db FILE] [--service ID] [--password W] [--from ADDRESS]",
                            "Writes one workbook per service, e.g. \"Housing 2017-18-Q2.xlsx\": the indicators due with their targets\n"
                            "and the service's own figures for the periods before, a value cell that takes a figure in range or a\n"
                            "missing-data word, and commentary that turns orange when the figure would need it.\n"
                            "Send each to its service; kpiflow ingest and kpiflow run read them back as they are.\n"
                            "Exit status: 0 written, 2 could not run.\n",
                            ""};
  po::variables_map vm;
  if (auto stop = parse(command, options, args, vm)) return *stop;
  auto sender = sender_given(command, from);
  if (!sender) return exit_could_not_run;

  // No --db: KPIFLOW_DB's store, or kpiflow.db where there is one; else none.
  std::error_code error;
  if (db.empty() && (default_store() != "kpiflow.db" || std::filesystem::exists("kpiflow.db", error))) db = default_store();
  bool with_store = !db.empty();
  std::optional<pipeline::Opened> opened;
  rules::RuleBook book;
  if (with_store) {
    opened.emplace(pipeline::open(rules_path, db, store::Access::read_only, false));
    book = opened->book;
  } else {
    book = rules::load_rules(rules_path);
  }
  auto period = parse_period(period_text, book.scorecard.year_start_month);
  if (!period || period->kind == Period::Kind::year)
    return usage_error(command, "'" + period_text + "' is not a period of the year; write it as \"2017/18 Q2\"");

  publish::TemplateOptions how;
  how.password = password;
  if (!sender->second.empty()) how.contact = sender->first.empty() ? sender->second : fmt::format("{} <{}>", sender->first, sender->second);
  auto written = pipeline::templates(opened ? &opened->store : nullptr, book, *period, out, service, how);
  std::printf("%s for %s in %s\n", counted(static_cast<int>(written.size()), "template", "templates").c_str(), period->str().c_str(), out.c_str());
  for (const auto& path : written) std::printf("  %s\n", path.filename().string().c_str());
  std::printf("%s\n", with_store ? fmt::format("each with the service's figures for the periods before, from {}", store::shown_address(db)).c_str()
                                 : "no store (--db): the periods before are left blank");
  return exit_clean;
}

}  // namespace kpiflow::cli
