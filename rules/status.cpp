// Scoring a figure against its target: the one place Red, Amber and Green
// are decided, so that validation ("a Red needs commentary") and the
// scorecard agree.
#include <cmath>

#include "rules/rules.hpp"

namespace kpiflow::rules {

namespace {

int periods_in(const Scorecard& scorecard) { return scorecard.frequency == Frequency::monthly ? 12 : 4; }

}  // namespace

std::string_view to_string(Status status) {
  switch (status) {
    case Status::red: return "R";
    case Status::red_amber: return "RA";
    case Status::amber: return "A";
    case Status::amber_green: return "AG";
    case Status::green: return "G";
  }
  return "R";
}

bool due_in(const Indicator& indicator, const Period& period, const Scorecard& scorecard) {
  if (period.kind == Period::Kind::year || indicator.due.empty()) return true;
  int index = period.index;
  // A quarterly scorecard read monthly, or the reverse: compare by the
  // period of the scorecard's own frequency.
  if (scorecard.frequency == Frequency::quarterly && period.kind == Period::Kind::month) index = (period.index - 1) / 3 + 1;
  for (int due : indicator.due)
    if (due == index) return true;
  return false;
}

const Target* target_for(const Indicator& indicator, const Period& period) {
  auto it = indicator.targets.find(period.financial_year());
  return it == indicator.targets.end() ? nullptr : &it->second;
}

std::optional<Goal> goal_for(const Indicator& indicator, const Period& period, const Scorecard& scorecard,
                             std::optional<double> last_year_value) {
  const Target* target = target_for(indicator, period);
  if (target == nullptr) return std::nullopt;
  Goal goal;
  switch (target->kind) {
    case Target::Kind::none:
    case Target::Kind::benchmark:
      return std::nullopt;
    case Target::Kind::previous_year:
      if (!last_year_value) return std::nullopt;
      goal.kind = Target::Kind::value;
      goal.low = goal.high = *last_year_value + target->value;
      return goal;  // last year's figure for the same period is already profiled
    case Target::Kind::between:
      goal.kind = target->kind;
      goal.low = target->value;
      goal.high = target->high;
      break;
    default:
      goal.kind = target->kind;
      goal.low = goal.high = target->value;
  }
  bool year_to_date = indicator.aggregation == Aggregation::cumulative || indicator.aggregation == Aggregation::reported_cumulative;
  if (year_to_date && period.kind != Period::Kind::year) {
    int n = periods_in(scorecard);
    int index = period.kind == Period::Kind::month && n == 4 ? (period.index - 1) / 3 + 1 : period.index;
    double share = indicator.profile.empty() ? static_cast<double>(index) / n : indicator.profile.at(static_cast<std::size_t>(index - 1));
    goal.low *= share;
    goal.high *= share;
  }
  return goal;
}

std::optional<Status> assess(const Indicator& indicator, const Scorecard& scorecard, double value, const Goal& goal,
                             std::optional<double> last_year_value) {
  if (indicator.polarity == Polarity::none) return std::nullopt;
  const Tolerance& tolerance = indicator.tolerance ? *indicator.tolerance : scorecard.tolerance;
  bool higher_is_better = goal.kind == Target::Kind::at_least || (goal.kind == Target::Kind::value && indicator.polarity != Polarity::down);
  // How far the figure falls short of the goal, and the bound it falls short of.
  double shortfall = 0;
  double bound = goal.low;
  bool short_below = true;
  if (goal.kind == Target::Kind::between) {
    if (value < goal.low) {
      shortfall = goal.low - value;
    } else if (value > goal.high) {
      shortfall = value - goal.high;
      bound = goal.high;
      short_below = false;
    }
  } else if (higher_is_better) {
    shortfall = goal.low - value;
  } else {
    shortfall = value - goal.low;
    short_below = false;
  }

  Status status = Status::green;
  if (tolerance.kind == Tolerance::Kind::thresholds && tolerance.amber_at && tolerance.red_at) {
    // Thresholds are figures: which side is worse follows from the order they are written in.
    double amber_at = *tolerance.amber_at, red_at = *tolerance.red_at;
    bool worse_is_lower = red_at < amber_at;
    auto worse_than = [&](double limit) { return worse_is_lower ? value < limit : value > limit; };
    if (shortfall <= 0) status = Status::green;
    else if (worse_is_lower != short_below) status = Status::amber;  // off target on the side the thresholds do not cover
    else if (worse_than(red_at) || (value == red_at && !tolerance.limit_inclusive)) status = Status::red;
    else if (worse_than(amber_at) || value == amber_at) status = Status::amber;
    else status = Status::green;  // short of the target, but the thresholds say Green
  } else {
    double scale = tolerance.kind == Tolerance::Kind::relative ? std::abs(bound) : 1.0;
    double green_limit = tolerance.green * scale;
    double amber_limit = tolerance.amber * scale;
    if (shortfall <= green_limit) status = Status::green;
    else if (shortfall < amber_limit || (tolerance.limit_inclusive && shortfall == amber_limit)) status = Status::amber;
    else status = Status::red;
  }
  if (status == Status::red && tolerance.amber_if_improved_on_last_year && last_year_value) {
    bool improved = higher_is_better ? value > *last_year_value : value < *last_year_value;
    if (improved) status = Status::amber;
  }
  return status;
}

}  // namespace kpiflow::rules
