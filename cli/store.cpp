// kpiflow store copy: a history store moved between a file and a server
// (docs/store.md), every row read back from both and compared.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "store/store.hpp"

namespace kpiflow::cli {

int run_store(const std::vector<std::string>& args) {
  po::options_description options("options");
  std::string from, to;
  options.add_options()("help,h", "show this help")
      ("from", po::value<std::string>(&from)->required(), "the store to copy: a file, or postgresql://... (only read)")
      ("to", po::value<std::string>(&to)->required(), "a new store to copy it into: a file not there yet, or an empty database or schema");
  const CommandLine command{"store copy", "copy a history store between a file and a PostgreSQL server",
                            "usage: kpiflow store copy --from STORE --to STORE",
                            "Copies every return, figure, issue and scorecard, with their ids, in one transaction, then reads\n"
                            "each table back from both stores and compares them. The first store is not changed.\n"
                            "Exit status: 0 copied and the same on both, 2 could not run (nothing is left half-copied).\n",
                            ""};
  if (args.empty() || (args[0] != "copy" && args[0] != "--help" && args[0] != "-h"))
    return usage_error(command, args.empty() ? "name what to do with the store: kpiflow store copy --from STORE --to STORE"
                                             : fmt::format("'{}' is not something kpiflow store does; it does `copy`", args[0]));
  std::vector<std::string> rest(args.begin() + (args[0] == "copy" ? 1 : 0), args.end());
  po::variables_map vm;
  if (auto stop = parse(command, options, rest, vm)) return *stop;
  if (from == to) return usage_error(command, "--from and --to name the same store");

  store::Store source = store::Store::open(from, store::Access::read_only);
  store::Store target = store::Store::open(to);
  auto tables = store::copy(source, target);
  std::printf("copied %s into %s\n", source.name().c_str(), target.name().c_str());
  bool same = true;
  std::int64_t rows = 0;
  for (const auto& t : tables) {
    std::printf("  %-17s %9lld rows  %s\n", t.table.c_str(), static_cast<long long>(t.rows), t.same() ? "the same on both" : "DIFFERENT");
    same = same && t.same();
    rows += t.rows;
  }
  if (!same)
    throw Error(Location::of_file(target.name()), "the copy does not read back the same as the store it was made from",
                "do not use the copy; report this, with both stores, to whoever looks after kpiflow");
  std::printf("%lld rows in %zu tables, read back from both stores and compared: the same\n", static_cast<long long>(rows), tables.size());
  return exit_clean;
}

}  // namespace kpiflow::cli
