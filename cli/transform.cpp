// kpiflow transform: score a period and record the scorecard in the store
// (docs/transform.md); print every status with its reason, and the roll-ups.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/wording.hpp"
#include "pipeline/pipeline.hpp"
#include "transform/transform.hpp"

namespace kpiflow::cli {

namespace {

std::string shown_state(const Result& r) {
  if (r.status) return std::string(to_string(*r.status));
  if (!r.state || *r.state == State::in_measurement) return "M";
  return in_sentence(*r.state);
}

std::string percent_of(int n, int of) { return of == 0 ? std::string("-") : fmt::format("{:.0f}%", 100.0 * n / of); }

void print_rollups(const Scorecard& card, bool five) {
  std::printf("\n%-30s %4s %4s %4s %4s%s %4s %4s %4s %4s %5s %5s %5s   %4s %4s %4s %4s\n", "", "all", "G", five ? "AG" : "", "A",
              five ? "   RA" : "", "R", "M", "n/d", "miss", "%G", "%A", "%R", "up", "same", "down", "M");
  std::string dimension;
  for (const auto& row : card.rollups) {
    if (row.dimension != dimension) {
      dimension = row.dimension;
      if (dimension != "All" && dimension != "Key KPIs") std::printf("%s\n", dimension.c_str());
    }
    const Tally& t = row.tally;
    int reporting = t.with_status();
    std::string label = dimension == "All" || dimension == "Key KPIs" ? row.group : "  " + row.group;
    std::printf("%s %4d %4d %4s %4d%s %4d %4d %4d %4d %5s %5s %5s   %4d %4d %4d %4d\n", padded(label, 30, true).c_str(), t.indicators, t.green,
                five ? std::to_string(t.amber_green).c_str() : "", t.amber, five ? fmt::format(" {:4d}", t.red_amber).c_str() : "", t.red,
                t.in_measurement + t.no_target + t.not_scored, t.not_due, t.missing, percent_of(t.green + t.amber_green, reporting).c_str(),
                percent_of(t.amber, reporting).c_str(), percent_of(t.red + t.red_amber, reporting).c_str(), t.improving, t.maintained,
                t.declining, t.direction_unknown);
  }
  std::printf("(M: in measurement, no target or not scored; n/d: not due; %%: of those with a status; up/same/down: direction of travel)\n");
  for (const Rollup& r : card.rollups)
    if (r.dimension == "All" && r.tally.assessed > 0)
      std::printf("%d of the statuses %s assessed by the performance team against the figures (each reason says why)\n", r.tally.assessed,
                  r.tally.assessed == 1 ? "was" : "were");
}

void print_compliance(const Scorecard& card) {
  int received = 0, on_time = 0, undated = 0, due = 0, given = 0;
  for (const auto& c : card.compliance) {
    received += c.received;
    on_time += c.on_time && !c.received_on.empty();
    undated += c.received && c.received_on.empty();
    due += c.figures_due;
    given += c.figures_given;
  }
  int services = static_cast<int>(card.compliance.size());
  std::printf("\nReturns: %d of %d received, %d on time, %d late, %s%d missing; %d of %d figures given (%s)\n", received, services, on_time,
              received - on_time - undated, undated ? fmt::format("{} with no date sent, ", undated).c_str() : "", services - received, given,
              due, percent_of(given, due).c_str());
  for (const auto& c : card.compliance) {
    if (!c.received) std::printf("  %s no return (due %s)\n", padded(c.name, 28).c_str(), c.deadline.c_str());
    else if (c.received_on.empty()) std::printf("  %s received, with no date sent: on time or not is not known\n", padded(c.name, 28).c_str());
    else if (!c.on_time)
      std::printf("  %s received %s, %s after the deadline of %s\n", padded(c.name, 28).c_str(), c.received_on.c_str(),
                  counted(c.working_days_late, "working day", "working days").c_str(), c.deadline.c_str());
    if (c.received && c.figures_given < c.figures_due)
      std::printf("  %s %d of %d figures given\n", padded(c.name, 28).c_str(), c.figures_given, c.figures_due);
  }
}

}  // namespace

int run_transform(const std::vector<std::string>& args) {
  po::options_description options("options");
  std::string rules_path, period_text, db = default_store();
  options.add_options()
      ("help,h", "show this help")
      ("rules", po::value<std::string>(&rules_path)->required(), "the rule file (docs/rules.md)")
      ("period", po::value<std::string>(&period_text)->required(), "the period to score, e.g. \"2017/18 Q2\"")
      ("db", po::value<std::string>(&db)->default_value(db, store::shown_address(db)), "the history store `kpiflow ingest` wrote (a file, or postgresql://...)")
      ("quiet,q", "print the roll-ups only, not each indicator");
  const CommandLine command{"transform", "score a period: status, direction of travel and roll-ups, each with its reason",
                            "usage: kpiflow transform --rules FILE --period P [--db FILE]",
                            "The scorecard is recorded in the store for `kpiflow export`; how each status is\n"
                            "reached is in docs/transform.md. Exit status: 0 scored, 2 could not run.\n",
                            ""};
  po::variables_map vm;
  if (auto stop = parse(command, options, args, vm)) return *stop;

  auto opened = open_period(command, rules_path, period_text, db);
  if (!opened) return exit_could_not_run;
  auto& [book, period, store] = *opened;

  Scorecard card = pipeline::transform(store, book, period, vm.count("quiet") ? pipeline::Want::totals : pipeline::Want::results);

  std::printf("%s, %s: %s", book.scorecard.name.c_str(), card.period.c_str(), counted(static_cast<int>(book.indicators.size()), "indicator", "indicators").c_str());
  if (!book.shared_targets.empty()) std::printf(", %s", counted(static_cast<int>(book.shared_targets.size()), "shared target", "shared targets").c_str());
  std::printf("\n");
  if (!vm.count("quiet")) {
    std::string service;
    for (const auto& r : card.results) {
      std::string heading = r.parts.empty() ? book.service(r.service)->name : "Shared targets";
      if (heading != service) std::printf("\n%s\n", (service = heading).c_str());
      std::printf("  %-7s %-10s %-10s %s\n", r.indicator.c_str(), shown_state(r).c_str(), std::string(to_string(r.direction)).c_str(),
                  r.reason.c_str());
      if (!r.direction_reason.empty() && r.direction != Direction::unknown) std::printf("  %-7s %-10s %-10s %s\n", "", "", "", r.direction_reason.c_str());
    }
  }
  print_rollups(card, book.scorecard.levels == 5);
  print_compliance(card);
  return exit_clean;
}

}  // namespace kpiflow::cli
