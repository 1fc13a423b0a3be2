// kpiflow: parses the command line, dispatches to a subcommand, maps the
// outcome to an exit status. The work is done by the stage libraries.
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "model/error.hpp"

namespace kpiflow::cli {

std::span<const Command> commands() {
  static const Command table[] = {
      {"template", "write the return each service fills in for a period, from the rule file", run_template},
      {"cat", "print every non-empty cell of a return (.xlsx, .csv) with its sheet and cell", run_cat},
      {"ingest", "read returns into the history store, noting every problem with its cell", run_ingest},
      {"validate", "check a period's returns: every problem with its file, sheet and cell", run_validate},
      {"transform", "score a period: status, direction of travel and roll-ups, each with its reason", run_transform},
      {"export", "write the consolidated workbook and the scorecard for a period", run_export},
      {"chase", "list what each service must send or correct, with a workbook and a draft e-mail each", run_chase},
      {"run", "read an inbox, check, score and publish a period in one go (for a nightly job)", run_run},
      {"store", "copy a history store between a file and a PostgreSQL server (store copy)", run_store},
  };
  return table;
}

namespace {

void usage(std::FILE* out) {
  std::fprintf(out,
               "usage: kpiflow <command> [options]\n"
               "       kpiflow <command> --help\n"
               "       kpiflow --version\n\ncommands:\n");
  for (const auto& command : commands())
    std::fprintf(out, "  %-10.*s %.*s\n", static_cast<int>(command.name.size()), command.name.data(),
                 static_cast<int>(command.summary.size()), command.summary.data());
  std::fprintf(out, "\nexit status: 0 clean, 1 issues found, 2 could not run\n");
}

}  // namespace
}  // namespace kpiflow::cli

int main(int argc, char** argv) {
  using namespace kpiflow::cli;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    usage(stderr);
    return exit_could_not_run;
  }
  const std::string& first = args[0];
  if (first == "--help" || first == "-h" || first == "help") {
    if (first == "help" && args.size() > 1) {
      args = {args[1], "--help"};
    } else {
      usage(stdout);
      return exit_clean;
    }
  }
  if (args[0] == "--version") {
    std::printf("kpiflow %s\n", KPIFLOW_VERSION);
    return exit_clean;
  }
  for (const auto& command : commands()) {
    if (command.name != args[0]) continue;
    try {
      return command.run(std::vector<std::string>(args.begin() + 1, args.end()));
    } catch (const kpiflow::Error& error) {
      std::fprintf(stderr, "kpiflow %s: %s\n", args[0].c_str(), error.what());
      return exit_could_not_run;
    } catch (const std::exception& error) {
      std::fprintf(stderr, "kpiflow %s: %s\n", args[0].c_str(), error.what());
      return exit_could_not_run;
    }
  }
  std::fprintf(stderr, "kpiflow: '%s' is not a command\n\n", args[0].c_str());
  usage(stderr);
  return exit_could_not_run;
}
