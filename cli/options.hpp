// The option handling every subcommand shares: --help, positional files,
// and usage errors that name the command and show its usage line.
#pragma once

#include <boost/program_options.hpp>

#include <optional>
#include <string>
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

// Parses args into vm. Returns an exit status when the command should stop
// here (--help printed: 0; a usage error printed: 2).
std::optional<int> parse(const CommandLine& command, const po::options_description& options, const std::vector<std::string>& args,
                         po::variables_map& vm);
// Prints "kpiflow <name>: <message>" and the usage line; returns 2.
int usage_error(const CommandLine& command, const std::string& message);


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
