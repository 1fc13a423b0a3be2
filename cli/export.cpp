// kpiflow export: the consolidated workbook and the scorecard for a period
// (docs/export.md), from what transform recorded in the store.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "pipeline/pipeline.hpp"
#include "export/export.hpp"

namespace kpiflow::cli {

int run_export(const std::vector<std::string>& args) {
  po::options_description options("options");
  std::string rules_path, period_text, db = default_store(), out, exceptions = "red,amber";
  pipeline::Circulate circulate;
  rules_and_period(options, rules_path, period_text, "the period, e.g. \"2017/18 Q2\"")
      ("pdf", po::bool_switch(&circulate.pdf), "also scorecard.pdf, the scorecard as LibreOffice prints it, to circulate")
      ("html", po::bool_switch(&circulate.html), "also scorecard.html, the report to put on a website (one file, no scripts)")
      ("db", po::value<std::string>(&db)->default_value(db, store::shown_address(db)), "the history store `kpiflow transform` recorded the scorecard in (a file, or postgresql://...)")
      ("out", po::value<std::string>(&out)->required(), "the folder to write consolidated.xlsx and scorecard.xlsx in (made if missing)")
      ("exceptions", po::value<std::string>(&exceptions)->default_value(exceptions), "the statuses on the Exceptions sheet: red, or red,amber");
  const CommandLine command{"export", "write the consolidated workbook and the scorecard for a period",
                            "usage: kpiflow export --rules FILE --period P [--db FILE] --out DIR [--exceptions red|red,amber] [--pdf] [--html]",
                            "Each file is written to a temporary name and renamed: if writing fails, the old file stays.\n"
                            "Exit status: 0 written, 2 could not run.\n",
                            ""};
  po::variables_map vm;
  if (auto stop = parse(command, options, args, vm)) return *stop;
  if (exceptions != "red" && exceptions != "red,amber")
    return usage_error(command, fmt::format("--exceptions cannot be '{}'; use red, or red,amber", exceptions));

  auto opened = open_period(command, rules_path, period_text, db, store::Access::read_only);  // export only reads
  if (!opened) return exit_could_not_run;
  auto& [book, period, store] = *opened;
  publish::Options chosen;
  chosen.amber_exceptions = exceptions == "red,amber";
  auto published = pipeline::publish(store, book, period, db, out, chosen, {}, circulate);
  const char* how = published.written ? "" : " (up to date: nothing it is made from has changed, so not written again)";
  std::printf("consolidated workbook: %s%s\n", published.files[0].string().c_str(), how);
  std::printf("scorecard: %s%s\n", published.files[1].string().c_str(), how);
  if (circulate.html) std::printf("report for the website: %s%s\n", published.html.string().c_str(), how);
  if (!published.pdf_failed.empty()) {
    std::fprintf(stderr, "kpiflow export: %s\n", published.pdf_failed.c_str());
    return exit_could_not_run;
  }
  if (circulate.pdf) std::printf("scorecard to circulate: %s%s\n", published.pdf.string().c_str(), how);
  return exit_clean;
}

}  // namespace kpiflow::cli
