// Direction of travel: is the figure better or worse than the one it is
// compared with, given the polarity, and by more than the Maintained band?
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "transform/history.hpp"

namespace kpiflow::transform {

namespace {

bool near_zero(double change, double scale) { return std::abs(change) <= 1e-9 * std::max(std::abs(scale), 1e-300); }

std::string share_text(double share) { return rules::shown_share(share) + "%"; }

// How far outside a target range a figure is; 0 inside.
double outside(double value, const rules::Goal& goal) { return value < goal.low ? goal.low - value : value > goal.high ? value - goal.high : 0; }

}  // namespace

Comparator comparator_for(const rules::Indicator& ind, const Period& period, const Observation& o, History& history) {
  bool year_to_date = ind.aggregation == rules::Aggregation::cumulative || ind.aggregation == rules::Aggregation::reported_cumulative;
  if (year_to_date || ind.seasonal) {
    // Like with like: a year to date against last year's at the same point,
    // a seasonal measure against the same season.
    Period then = period.last_year();
    return {scored_in(ind, then, history).value, then.str(),
            year_to_date ? fmt::format("{}'s year to date", then.str()) : fmt::format("the same period last year, {}", then.str())};
  }
  Period then = period.previous();
  if (o.previous && ind.aggregation == rules::Aggregation::snapshot)
    return {o.previous, then.str(), fmt::format("{} as the return gives it", then.str())};
  return {scored_in(ind, then, history).value, then.str(), then.str()};
}

void set_direction(Result& r, const rules::Indicator& ind, const rules::Scorecard& card, const std::optional<rules::Goal>& goal,
                   const Comparator& before) {
  r.compared_period = before.period;
  r.compared_with = before.value;
  if (ind.polarity == rules::Polarity::none) {
    r.direction_reason = "not scored (polarity none), so no direction";
    return;
  }
  if (!r.scored) {
    r.direction_reason = "no figure";
    return;
  }
  if (!before.value) {
    r.direction_reason = fmt::format("nothing to compare with: no figure for {}", before.what);
    return;
  }
  double now = *r.scored, then = *before.value;
  double gain = 0;  // positive is better
  std::string now_text = rules::shown(now, ind), then_text = rules::shown(then, ind);
  if (ind.polarity == rules::Polarity::range) {
    if (!goal || goal->kind != rules::Target::Kind::between) {
      r.direction_reason = "a range measure is judged by its distance from the target range, and there is no range this year";
      return;
    }
    gain = outside(then, *goal) - outside(now, *goal);
  } else {
    gain = ind.polarity == rules::Polarity::down ? then - now : now - then;
  }
  std::string head = fmt::format("{} vs {} in {}", now_text, then_text, before.what);
  if (near_zero(gain, then)) {
    r.direction = Direction::maintained;
    r.direction_reason = fmt::format("{}: no change → Maintained", head);
    return;
  }
  bool better = gain > 0;
  std::string size = then != 0 ? share_text(std::abs(gain) / std::abs(then)) : std::string("from zero");
  double band = better ? card.maintained_better : card.maintained_worse;
  bool inside = then != 0 && (std::abs(gain) / std::abs(then) < band || near_zero(std::abs(gain) / std::abs(then) - band, band));
  if (inside) {
    r.direction = Direction::maintained;
    r.direction_reason = fmt::format("{}: {} {}, inside the {} Maintained band → Maintained", head, size, better ? "better" : "worse", share_text(band));
  } else {
    r.direction = better ? Direction::improving : Direction::declining;
    r.direction_reason = fmt::format("{}: {} {}{} → {}", head, size, better ? "better" : "worse",
                                     band > 0 ? fmt::format(", beyond the {} Maintained band", share_text(band)) : std::string(),
                                     better ? "Improving" : "Declining");
  }
}

}  // namespace kpiflow::transform
