// The scorecard for a period: what transform works out from the returns and
// the rule file, the store keeps, and export lays out. Every status carries
// the reason it was reached, so it can be checked without the code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/vocabulary.hpp"

namespace kpiflow {

// One indicator (or shared target) in one period.
struct Result {
  std::string period, indicator, title, service, theme, directorate;
  bool key = false;
  Unit unit = Unit::number;
  int decimals = 0;
  Polarity polarity = Polarity::up;
  std::string parts;            // a shared target: the indicators it adds up, "HO-01 + HO-09"
  std::optional<double> value;  // the period's own figure
  std::string basis;            // what was scored: "value", "YTD", "reported YTD", "average", "sum"
  std::optional<double> scored; // the figure scored against the goal
  std::string target;           // the rule file's target for the year, as written ("<= 45")
  std::optional<double> goal_low, goal_high;  // the goal for the period: profiled, resolved
  std::optional<double> variance;             // scored - goal (0 inside a range)
  std::optional<double> variance_share;       // variance / goal
  std::optional<Status> status;  // the published status; empty when state says why there is none
  // An officer's assessment (the rule file's overrides) set the published
  // status: why, and what the figures alone give (empty: no status).
  std::string assessment;
  std::optional<Status> computed;
  // The status the service's return gives it, and the service's reason.
  std::optional<Status> service_status;
  std::string service_reason;
  std::optional<State> state;
  std::string reason;  // how the status (or the state) was reached
  std::optional<double> compared_with;  // the figure the direction of travel is against
  std::string compared_period;          // and its period
  Direction direction = Direction::unknown;
  std::string direction_reason;
  bool estimated = false;
  std::string commentary, raw, file, sheet, cell;
};

// Counts of indicators by status, state and direction.
struct Tally {
  int indicators = 0;
  int red = 0, red_amber = 0, amber = 0, amber_green = 0, green = 0;
  int in_measurement = 0, not_due = 0, missing = 0, no_target = 0, not_scored = 0;
  int improving = 0, maintained = 0, declining = 0, direction_unknown = 0;
  int assessed = 0;  // of the statuses, those an officer's assessment set
  int with_status() const { return red + red_amber + amber + amber_green + green; }
};

// One row of a roll-up table: a group of indicators within a dimension
// ("Theme" / "Homes", "Key KPIs" / "Key KPIs", "All" / "All indicators").
struct Rollup {
  std::string dimension, group;
  Tally tally;
};

// Whether a service's return came in, and how complete it was.
struct Compliance {
  std::string service, name;
  bool received = false, on_time = false;
  std::string deadline, received_on;  // ISO dates; received_on empty when no return
  int working_days_late = 0;
  int figures_due = 0, figures_given = 0;  // given: a figure or a missing-data state other than missing
};

// One action in one period: its progress, the RAG it has and why, and the
// direction of travel against its RAG last period.
struct ActionResult {
  std::string period, action, title, service, theme, lead;
  std::string milestone;  // as the rule file writes it: "By March 2019"
  std::string due;        // the date it is due by (ISO), the re-phased one when revised; empty when ongoing
  std::string revised;    // the re-phased milestone as the return wrote it
  std::optional<Progress> progress;
  std::optional<Status> status;  // Red, Amber or Green; empty when state says why there is none
  std::optional<State> state;    // missing (no update), not_due (starts later)
  std::string reason;
  std::optional<Status> service_status;  // the RAG the return gives it
  Direction direction = Direction::unknown;
  std::string direction_reason;
  std::string commentary, file, sheet, cell;
};

// Counts of actions by progress and RAG.
struct ActionTally {
  int actions = 0;
  int delivered = 0, on_target = 0, scheduled = 0, rephased_minor = 0, rephased_major = 0, not_viable = 0;
  int no_update = 0, not_started = 0;
  int red = 0, amber = 0, green = 0;
  int improving = 0, maintained = 0, declining = 0;
};
struct ActionRollup {
  std::string dimension, group;  // "All" / "All actions", "Theme" / "Healthy and safe", "Service" / "Highways"
  ActionTally tally;
};

struct Scorecard {
  std::string period;
  std::vector<Result> results;  // in the rule file's order, shared targets last
  std::vector<Rollup> rollups;
  std::vector<Compliance> compliance;
  std::vector<ActionResult> actions;  // in the rule file's order
  std::vector<ActionRollup> action_rollups;
};

}  // namespace kpiflow
