// rules: the rule file that describes a scorecard (docs/rules.md), read
// strictly: unknown or repeated keys and wrong values are errors at
// rules.yaml:line:column, with the allowed values or a "did you mean".
//
// Phases, in order:
//   yaml_map.cpp   checked access to YAML mappings (keys, duplicates, marks)
//   values.cpp     scalars: percentages, tolerances, targets, enumerations
//   load.cpp       the sections: scorecard, states, services, indicators
//   status.cpp     when an indicator is due, its goal for a period, Red/Amber/Green
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/action.hpp"
#include "model/figures.hpp"
#include "model/error.hpp"
#include "model/period.hpp"
#include "model/vocabulary.hpp"

namespace kpiflow::rules {

enum class Frequency : std::uint8_t { monthly, quarterly, annual };
using kpiflow::Aggregation;
using kpiflow::Polarity;
using kpiflow::State;
using kpiflow::Status;
using kpiflow::Unit;

// How close to target counts as Amber. Shares of target are fractions
// (5% is 0.05); absolute distances are kept as written, in points for a
// percent indicator (5pp is 5, compared with figures as 0.05).
struct Tolerance {
  enum class Kind : std::uint8_t { relative, absolute, thresholds };
  Kind kind = Kind::relative;
  double amber = 0.05;             // relative: share of the target; absolute: distance
  double green = 0;                // "Green within 5%, Amber 5-10%": the Green band (0 = on target)
  std::optional<double> amber_at;  // thresholds: the value at which Amber starts...
  std::optional<double> red_at;    // ...and Red starts (polarity says which way)
  // Five levels: Amber-Green up to this distance, Red-Amber up to this one
  // (same terms as amber); empty: halfway to amber, and twice amber.
  std::optional<double> amber_green, red_amber;
  // A zero target cannot take a relative tolerance: this distance instead.
  std::optional<double> at_zero;
  bool limit_inclusive = true;     // exactly on the Amber limit is Amber
  // "Amber if off target beyond tolerance but improved on the same period last year"
  bool amber_if_improved_on_last_year = false;
  friend bool operator==(const Tolerance&, const Tolerance&) = default;
};

// Direction of travel: what a figure is compared with (docs/rules.md).
//   automatic: a year to date or a seasonal measure against the same period
//     last year, anything else against the period before it was due
//   previous_period: the period before in which the measure was due
//   last_reported: the latest earlier due period that has a figure
//   same_period_last_year
//   last_year_outturn_share: a year to date against the share of last
//     year's outturn the period's profile gives (Q2: half, pro rata)
//   period_figure: a cumulative measure's own figure for the period against
//     its own figure for the period before
enum class Compare : std::uint8_t { automatic, previous_period, last_reported, same_period_last_year, last_year_outturn_share, period_figure };

// How far a change may go, either way, and still count as Maintained.
struct Margin {
  enum class Kind : std::uint8_t { share, points, amount };
  Kind kind = Kind::share;
  double value = 0;  // share: a fraction (2% is 0.02); points: as written (1pp is 1); amount: in the unit
  friend bool operator==(const Margin&, const Margin&) = default;
};
struct Band {
  Margin worse, better;
  friend bool operator==(const Band&, const Band&) = default;
};

struct Target {
  enum class Kind : std::uint8_t { value, at_most, at_least, between, previous_year, benchmark, none };
  Kind kind = Kind::none;
  double value = 0;       // value, at_most, at_least, the low end of between, previous_year's offset
  double high = 0;        // the high end of between
  std::string benchmark;  // kind benchmark: its name
  std::string text;       // as written in the rule file
  bool strict = false;    // at_most / at_least written "< x" / "> x": the figure must pass x, not reach it
  bool for_period = false;  // one step of a trajectory ({Q1: 150, Q2: 300}): the period's own target, never profiled
  friend bool operator==(const Target&, const Target&) = default;
};

struct Scorecard {
  std::string name;
  int year_start_month = 4;  // April
  Frequency frequency = Frequency::quarterly;
  int levels = 3;            // 3: R/A/G; 5: R/RA/A/AG/G
  Tolerance tolerance;
  Compare compare = Compare::automatic;  // direction of travel, unless an indicator says otherwise
  Band maintained;                       // a change inside it counts as Maintained
  bool commentary_for_red = true;
  bool commentary_for_amber = false;
  // Who sets an action's RAG: kpiflow from its progress and milestone (the
  // service's own RAG checked against it), or the service (as_given).
  enum class ActionRag : std::uint8_t { from_progress, as_given };
  ActionRag action_rag = ActionRag::from_progress;
  friend bool operator==(const Scorecard&, const Scorecard&) = default;
};

struct ColumnAliases {
  std::vector<std::string> ref, indicator, value, target, commentary, previous;
  // The service's own status (RAG) for each figure, and its reason.
  std::vector<std::string> assessed{"RAG", "RAG status", "RAG rating", "Assessed status"};
  std::vector<std::string> assessed_reason{"RAG reason", "Reason for RAG", "Reason for status"};
  // The period a figure is for, when not the return's (a lagged national figure).
  std::vector<std::string> figure_period{"Period of figure", "Data period", "Figure for", "Period covered", "Data for", "Latest data period"};
  // Given in the rule file (not kpiflow's defaults): a column it names that
  // a return lacks is reported (column-not-found), not passed over.
  bool named = false;
  // The rule file names the assessed column: the service gives its own status, and a template asks for it.
  bool assessed_named = false;
  friend bool operator==(const ColumnAliases&, const ColumnAliases&) = default;
};

struct Service {
  std::string id, name, owner, email, directorate;
  int deadline_working_days = 10;  // after the period ends
  std::string sheet = "*";         // a sheet name or a pattern with * and ?
  ColumnAliases columns;
  std::string service_cell, period_cell;  // the metadata block, e.g. B1 and B2; empty when absent
  std::string submitted_cell;             // the date the return was submitted, e.g. B3; empty when absent
  // Where a template shows the deadline and the owner (ingest does not read them); empty: the default layout.
  std::string deadline_cell, owner_cell;
  std::vector<std::string> estimate_fills;  // background colours ("FFFF00") that mark a figure as estimated
  Location where;
  friend bool operator==(const Service&, const Service&) = default;
};

struct Indicator {
  std::string id, title, service, theme;
  std::string definition;  // what is counted and how, for the service filling in a template
  bool key = false;
  Unit unit = Unit::number;
  int decimals = 0;
  Polarity polarity = Polarity::up;
  Frequency frequency = Frequency::quarterly;
  std::vector<int> due;  // the periods of the year it is reported in (1-based); empty = every one
  Aggregation aggregation = Aggregation::snapshot;
  std::map<std::string, Target> targets;  // by financial year, "2017/18", and for a trajectory by period, "2017/18 Q2"
  std::vector<double> profile;            // cumulative share of the annual target by period; empty = pro rata
  std::optional<Tolerance> tolerance;     // instead of the scorecard's
  std::optional<double> minimum, maximum; // valid range
  std::optional<double> max_change;       // the largest plausible change between periods (a share)
  bool seasonal = false;                  // direction of travel against the same period last year
  bool carry_forward = false;             // between its due periods, shows the last due period's status
  bool latest_available = false;          // a lagged measure: scored on its latest figure, for whatever period that is
  std::optional<Compare> compare;         // instead of the scorecard's
  std::optional<Band> maintained;         // instead of the scorecard's
  std::map<std::string, double> benchmarks;  // named comparators ("England"), for {benchmark: England} targets
  std::vector<std::string> parts;         // a shared target: the indicators whose figures are summed
  Location where;
  friend bool operator==(const Indicator&, const Indicator&) = default;
};

// When an action is due: "By March 2019" (by the end of that month),
// "From June 2018" (begun then, no end), "Ongoing"; also a period ("By
// 2018/19 Q3": its last day) or a date ("By 31/03/2019").
struct Milestone {
  enum class Kind : std::uint8_t { by, from, ongoing };
  Kind kind = Kind::ongoing;
  std::chrono::year_month_day date{};  // by: the last day it may be met on; from: the first day
  std::string text;                    // as written
  friend bool operator==(const Milestone&, const Milestone&) = default;
};
// Empty when the text says none of these.
std::optional<Milestone> milestone_written(std::string_view text, int year_start_month);

// An action of the council plan, reported on by its service each period.
struct Action {
  std::string id, title, service, theme, lead;
  Milestone milestone;
  std::optional<int> year;  // the plan's financial year (2018 for 2018/19): reported in its periods only; empty: every period
  Location where;
  friend bool operator==(const Action&, const Action&) = default;
};

// An officer's assessment: the published status of one indicator in one
// period, set against what the figures give, with the reason.
struct Override {
  std::string indicator, period;  // the rule file's id; "2017/18 Q2"
  Status status = Status::green;
  std::string reason;
  Location where;  // in the rule file
  friend bool operator==(const Override&, const Override&) = default;
};

struct RuleBook {
  std::string file;
  std::string register_file;  // the indicator register read with it (indicators_from), as a path; empty when none
  // SHA-256 of the rule file's text and its register's bytes: a return read
  // under another fingerprint may read differently, and is read again.
  std::string fingerprint;
  Scorecard scorecard;
  std::map<std::string, State> states;        // token (lower case, trimmed) -> state
  std::vector<std::string> state_words;        // the tokens as the rule file writes them, for messages
  std::vector<Service> services;
  std::vector<Indicator> indicators;
  // One target for the sum of several indicators ("45 or less together").
  std::vector<Indicator> shared_targets;
  // Statuses an officer set against the arithmetic, with the reason.
  std::vector<Override> overrides;
  std::vector<Action> actions;
  // An action's progress as returns write it (lower case, trimmed) ->
  // progress: kpiflow's own words and names, and the rule file's (action_status).
  std::map<std::string, Progress> progress_words;
  std::vector<std::string> progress_word_list;  // the rule file's words as it writes them, for messages
  const Action* action(std::string_view id) const;
  std::optional<Progress> progress_of(std::string_view word) const;
  const Override* override_for(std::string_view indicator, const std::string& period) const;

  const Service* service(std::string_view id) const;
  const Indicator* indicator(std::string_view id) const;
  // A return's token ("  Not Due ") as a missing-data state, if it is one.
  std::optional<State> state_of(std::string_view token) const;

  // Equal when they say the same; how they were looked up in does not count.
  friend bool operator==(const RuleBook&, const RuleBook&) = default;

  // Positions by id, built on first lookup (load.cpp), under a lock: ingest
  // reads returns against one book on several threads. A copy of a book
  // builds its own.
  struct Index {
    std::mutex guard;
    std::unordered_map<std::string, std::size_t> by_id;
    const void* built_over = nullptr;  // the items' storage and count it was built for
    std::size_t built_count = 0;
    Index() = default;
    Index(const Index&) {}
    Index& operator=(const Index&) {
      std::lock_guard<std::mutex> hold(guard);
      by_id.clear();
      built_over = nullptr;
      return *this;
    }
    friend bool operator==(const Index&, const Index&) { return true; }
  };

 private:
  mutable Index service_index_, indicator_index_, action_index_;
};

// The service a file name names: the one whose name and id, as whole
// words, it holds most of ("Housing Options 2017-18-Q2" is Housing
// Options', not Housing's; "Leisure' (LB)" is LB's when two services are
// called Leisure). Null when it names none, or two as much as each other.
const Service* service_in_name(const RuleBook& book, std::string_view file_stem);

// Whether an indicator is reported in a period: an annual measure due in Q4
// is not due in Q1 to Q3.
bool due_in(const Indicator& indicator, const Period& period, const Scorecard& scorecard);
// The rule file's target for the period's financial year; null when it has none.
const Target* target_for(const Indicator& indicator, const Period& period);
// A target stated in words ("Increase", "Top quartile"): shown, never scored.
// "none", "TBC" and "No target" say there is no target, and are not words.
bool in_words(const Target& target);

// The rule the scorecard's statuses follow, in the words a published report
// opens with: "Green: on target or better. Amber: off target by up to 5% of
// the target. Red: off target by more than 5%." Indicators with their own
// tolerance are said to state theirs in their reason.
std::string rule_stated(const Scorecard& scorecard);
// The same for actions, as assess_action (or action_rag: as_given) gives their RAG.
std::string action_rule_stated(const Scorecard& scorecard);

// Whether a figure of this status must be explained: Red (and Red-Amber)
// always unless the rule file says otherwise, Amber (and Amber-Green) where
// it asks (commentary_required).
bool commentary_required(Status status, const Scorecard& scorecard);

// A figure as the rule file's unit shows it: 12.9%, £5,500,000, 27.5.
std::string shown(double value, const Indicator& indicator);
// A share as a percentage to one decimal place, without a trailing ".0" or
// the sign: "35.8", "50".
std::string shown_share(double share);

// The last day a service's return for a period is on time: the period's
// end plus its working days (Monday to Friday; bank holidays are not known).
std::chrono::year_month_day deadline(const Service& service, const Period& period, const Scorecard& scorecard);
int working_days_between(std::chrono::year_month_day from, std::chrono::year_month_day to);

// A target with its figures known: previous_year resolved from last year's
// figure and, for year-to-date indicators, profiled to the period.
struct Goal {
  Target::Kind kind = Target::Kind::value;  // value, at_most, at_least or between
  double low = 0, high = 0;                 // value/at_least/at_most: low; between: low..high
  bool strict = false;                      // at_least / at_most: passing the figure is the goal, reaching it is not
  std::string how;                          // "profiled target 87.5 (35% of 250)", for reasons
};
// The share of the year a year-to-date measure has reached by the end of a
// period: the indicator's profile, else pro rata (Q2: half).
double share_of_year(const Indicator& indicator, const Period& period, const Scorecard& scorecard);
// The goal for a period, or empty when there is no usable target (none,
// TBC, a benchmark, or previous_year without last year's figure).
std::optional<Goal> goal_for(const Indicator& indicator, const Period& period, const Scorecard& scorecard,
                             std::optional<double> last_year_value);
// A status and how it was reached ("2.1 points below target, beyond the
// Amber limit of 0.8 points (5% of 15%)").
struct Assessment {
  Status status = Status::green;
  std::string why;
};
// Red to Green (3 or 5 levels, as the scorecard says) for a value against a
// goal under the indicator's (or the scorecard's) tolerance; empty for
// polarity none. last_year_value lets "amber_if_improved_on_last_year" lift
// a Red. Figures within a billionth of a limit count as on it: 0.9 - 0.855
// is not exactly 0.045 in binary.
std::optional<Assessment> assess(const Indicator& indicator, const Scorecard& scorecard, double value, const Goal& goal,
                             std::optional<double> last_year_value = std::nullopt);

// The figure an indicator is scored on in a period, or why there is none:
// the value; for cumulative, the return's "(122 cum)" else this year's
// periods summed; for reported_cumulative, the value (already a year to
// date); for average, the mean of this year's figures so far.
struct Scored {
  std::optional<double> value;
  std::string basis;          // value, YTD, reported YTD, average
  std::string why_not;        // when there is no value
  std::optional<Period> gap;  // a year to date that cannot be summed: the first period with no figure
};
Scored scored_in(const Indicator& indicator, const Period& period, Figures& figures);

// Everything a status is decided from, worked out once for every stage:
// validate chases commentary, and transform scores, on the same evaluation.
struct Evaluation {
  Scored scored;
  std::optional<double> last_year;       // last year's scored figure (previous_year targets, improved-on-last-year)
  std::optional<Goal> goal;              // empty: no usable target
  std::optional<Assessment> assessment;  // empty: no figure, no goal, or polarity none
};
Evaluation evaluate(const Indicator& indicator, const Period& period, const Scorecard& scorecard, Figures& figures);

// An action's RAG at the end of a period, from its progress and the
// milestone in force (the re-phased date when there is one): delivered and
// on schedule Green; re-phased by under three months Amber; re-phased by
// more, no longer viable, or a milestone passed undelivered Red, as the
// county report's key has it. milestone_passed says the last.
struct ActionAssessment {
  Status status = Status::green;
  std::string why;
  bool milestone_passed = false;
  std::optional<std::chrono::year_month_day> due;  // the date in force
};
ActionAssessment assess_action(const Action& action, Progress progress, const std::optional<Milestone>& revised, const Period& period,
                               const Scorecard& scorecard);
// Whether an action is in the plan for a period's year (its `year`, when given).
bool action_in_plan(const Action& action, const Period& period);
// The periods an action's earlier updates are looked for in, newest first:
// back to the start of the year before. An action delivered (or dropped)
// in one of them stays so, and is not asked for again.
std::vector<std::string> periods_before(const Period& period);
// Whether an action is reported on in a period: in the plan, and not before its "From" date.
bool action_started(const Action& action, const Period& period, const Scorecard& scorecard);
// An action's update judged once for every stage: validate chases what
// transform publishes. computed: from progress and milestone (empty when
// the progress is not known); given: the service's RAG (empty when it gives
// none, or writes no status); published: the scorecard's (the service's
// under action_rag: as_given, else computed), and why.
struct ActionEvaluation {
  std::optional<ActionAssessment> computed;
  std::optional<Milestone> revised;
  std::optional<Status> given;
  std::optional<Status> published;
  std::string why;
};
ActionEvaluation evaluate_action(const Action& action, const ActionUpdate& update, const Period& period, const Scorecard& scorecard);

// The figures a service could write for an indicator in a period that
// would need commentary: at or below one figure, at or above another, or
// both (a range), with the figures of earlier periods as history holds them
// (a year to date adds them). Found from evaluate itself, double by double,
// so that a template warning as the figure is typed agrees with the
// scoring to the last bit. Empty when no figure would need it, or none can
// be scored (no target, polarity none, a year to date with a gap).
struct CommentaryBounds {
  std::optional<double> at_or_below, at_or_above;
  bool any() const { return at_or_below || at_or_above; }
};
CommentaryBounds commentary_bounds(const Indicator& indicator, const Period& period, const Scorecard& scorecard, Figures& history);

// The book in a compact binary form, for the store to keep under
// cache_key and give back far faster than the YAML parses (cache.cpp).
std::string cache_key(std::string_view yaml, const std::string& file_name);
std::string to_cache(const RuleBook& book);
// The book from to_cache's bytes, given the rule file's text as it is now;
// empty when the bytes are of another kpiflow's format, or the register
// has changed since. without_indicators: the scorecard, states and services
// only, for export, which takes each indicator's words from its result (a
// council of 84,000 indicators holds 80 MB of them).
enum class Parts { all, without_indicators };
std::optional<RuleBook> from_cache(std::string_view bytes, std::string_view yaml, Parts parts = Parts::all);

// The rule file's text; throws Error naming it when it cannot be read.
std::string rule_file_text(const std::filesystem::path& path);
// Throws Error at file:line:column for anything the file does not say clearly.
RuleBook load_rules(const std::filesystem::path& path);
RuleBook load_rules_text(std::string_view yaml, const std::string& file_name);
// Refuses text that is not UTF-8 or holds a character YAML does not allow
// (control characters), at its line and column: what a rule file or an
// indicator register may hold, before any of it reaches a workbook.
void check_printable(std::string_view text, const std::string& file_name);

}  // namespace kpiflow::rules
