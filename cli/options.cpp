#include "cli/options.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/exit_status.hpp"
#include "model/text.hpp"
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

po::options_description_easy_init rules_and_period(po::options_description& options, std::string& rules, std::string& period,
                                                   const char* period_help, bool required) {
  auto* period_value = po::value<std::string>(&period);
  if (required) period_value->required();
  return options.add_options()("help,h", "show this help")("rules", po::value<std::string>(&rules)->required(), "the rule file (docs/rules.md)")(
      "period", period_value, period_help);
}

int usage_error(const CommandLine& command, const std::string& message) {
  std::fprintf(stderr, "kpiflow %s: %s\n%s\n", command.name.c_str(), message.c_str(), command.usage.c_str());
  return exit_could_not_run;
}

std::optional<std::chrono::year_month_day> today_given(const CommandLine& command, const std::string& text) {
  if (text.empty()) return today();
  auto day = iso_date(text);
  if (!day || text.size() != 10) {
    usage_error(command, fmt::format("--today '{}' is not a date; write it as 2017-10-20", text));
    return std::nullopt;
  }
  return day;
}

std::optional<std::pair<std::string, std::string>> sender_given(const CommandLine& command, const std::string& text) {
  if (text.empty()) return std::pair<std::string, std::string>{};
  auto open = text.rfind('<'), close = text.rfind('>');
  std::pair<std::string, std::string> out;
  if (open == std::string::npos || close == std::string::npos || close < open) {
    out.second = std::string(trim(text));
  } else {
    out.first = std::string(trim(std::string_view(text).substr(0, open)));
    if (out.first.size() >= 2 && out.first.front() == '"' && out.first.back() == '"') out.first = out.first.substr(1, out.first.size() - 2);
    out.second = std::string(trim(std::string_view(text).substr(open + 1, close - open - 1)));
  }
  if (out.second.find('@') == std::string::npos) {
    usage_error(command, fmt::format("--from '{}' has no e-mail address; write it as \"Performance Team <performance@council.gov.uk>\"", text));
    return std::nullopt;
  }
  return out;
}

std::string default_store() {
  const char* given = std::getenv("KPIFLOW_DB");
  return given && *given ? given : "kpiflow.db";
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
