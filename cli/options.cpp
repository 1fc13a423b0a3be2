#include "cli/options.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/exit_status.hpp"
#include "pipeline/pipeline.hpp"

namespace kpiflow::cli {

std::optional<int> parse(const CommandLine& command, const po::options_description& options, const std::vector<std::string>& args,
                         po::variables_map& vm) {
  po::options_description all;
  all.add(options);
  po::positional_options_description positional;
  if (!command.positional.empty()) {
    po::options_description hidden;
    hidden.add_options()(command.positional.c_str(), po::value<std::vector<std::string>>(), "");
    all.add(hidden);
    positional.add(command.positional.c_str(), -1);
  }
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << "kpiflow " << command.name << ": " << command.summary << "\n" << command.usage << "\n\n" << options;
      if (!command.epilogue.empty()) std::cout << "\n" << command.epilogue;
      return exit_clean;
    }
    po::notify(vm);
  } catch (const po::error& error) {
    return usage_error(command, error.what());
  }
  return std::nullopt;
}

int usage_error(const CommandLine& command, const std::string& message) {
  std::fprintf(stderr, "kpiflow %s: %s\n%s\n", command.name.c_str(), message.c_str(), command.usage.c_str());
  return exit_could_not_run;
}

std::optional<PeriodInStore> open_period(const CommandLine& command, const std::string& rules_path, const std::string& period_text,
                                         const std::string& db, store::Access access) {
  // Export lays out what the store holds: it needs no indicator of the rule book.
  pipeline::Opened opened =
      pipeline::open(rules_path, db, access, false, access == store::Access::read_only ? rules::Parts::without_indicators : rules::Parts::all);
  auto period = parse_period(period_text, opened.book.scorecard.year_start_month);
  if (!period) {
    usage_error(command, "'" + period_text + "' is not a period; write it as \"2017/18 Q2\"");
    return std::nullopt;
  }
  return PeriodInStore{std::move(opened.book), *period, std::move(opened.store)};
}

}  // namespace kpiflow::cli
