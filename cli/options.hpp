// The option handling every subcommand shares: --help, positional files,
// and usage errors that name the command and show its usage line.
#pragma once

#include <boost/program_options.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/period.hpp"
#include "rules/rules.hpp"
#include "store/store.hpp"

namespace kpiflow::cli {

namespace po = boost::program_options;

struct CommandLine {
  std::string name;         // "ingest"
  std::string summary;      // one line for --help
  std::string usage;        // "usage: kpiflow ingest ..."
  std::string epilogue;     // after the options in --help
  std::string positional;   // the name of the positional arguments, "" for none
};

// --help, --rules and --period, as each command that works on a period
// declares them; returns the adder for the command's own options.
po::options_description_easy_init rules_and_period(po::options_description& options, std::string& rules, std::string& period,
                                                   const char* period_help, bool required = true);

// Parses args into vm. Returns an exit status when the command should stop
// here (--help printed: 0; a usage error printed: 2).
std::optional<int> parse(const CommandLine& command, const po::options_description& options, const std::vector<std::string>& args,
                         po::variables_map& vm);
// Prints "kpiflow <name>: <message>" and the usage line; returns 2.
int usage_error(const CommandLine& command, const std::string& message);

// --db's default: KPIFLOW_DB when set (a team's server, say), else kpiflow.db.
std::string default_store();


// --today as given (2017-10-30), or the system's date when not given; empty,
// after a usage error, when it is not a date.
std::optional<std::chrono::year_month_day> today_given(const CommandLine& command, const std::string& text);
// --from "Performance Team <performance@council.gov.uk>" as a name and an
// address (both empty when not given); empty, after a usage error, when it
// has no address.
std::optional<std::pair<std::string, std::string>> sender_given(const CommandLine& command, const std::string& text);

// What validate, transform and export start from: the rule file, the
// period read in its financial year, and the store an earlier stage wrote.
struct PeriodInStore {
  rules::RuleBook book;
  Period period;
  store::Store store;
};
// Empty, after printing a usage error, when the period cannot be read.
std::optional<PeriodInStore> open_period(const CommandLine& command, const std::string& rules_path, const std::string& period_text,
                                         const std::string& db, store::Access access = store::Access::read_write);

}  // namespace kpiflow::cli
