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

namespace {

// The period before this one in which the measure was due (an annual
// measure's is a year back); the period before when it is always due.
Period previous_due(const rules::Indicator& ind, const rules::Scorecard& card, const Period& period) {
  Period p = period.previous();
  for (int step = 0; step < 24 && !rules::due_in(ind, p, card); ++step) p = p.previous();
  return p;
}

int periods_in_year(const Period& period) { return period.kind == Period::Kind::month ? 12 : period.kind == Period::Kind::quarter ? 4 : 1; }

Comparator previous_period(const rules::Indicator& ind, const rules::Scorecard& card, const Period& period, const Observation& o,
                           History& history) {
  Period then = previous_due(ind, card, period);
  bool just_before = then == period.previous();
  if (o.previous && just_before && ind.aggregation == rules::Aggregation::snapshot)
    return {o.previous, then.str(), fmt::format("{} as the return gives it", then.str())};
  return {scored_in(ind, then, history).value, then.str(), just_before ? then.str() : fmt::format("{}, the last period it was due", then.str())};
}

// The latest earlier due period with a figure, up to two years back.
Comparator last_reported(const rules::Indicator& ind, const rules::Scorecard& card, const Period& period, const Observation& o,
                         History& history) {
  Comparator first = previous_period(ind, card, period, o, history);
  if (first.value) return first;
  Period then = previous_due(ind, card, period);
  Period limit = period.last_year().last_year();
  int without = 1;  // due periods since with no figure
  auto earlier = [](const Period& a, const Period& b) { return a.year < b.year || (a.year == b.year && a.index < b.index); };
  for (Period p = previous_due(ind, card, then); !earlier(p, limit); p = previous_due(ind, card, p), ++without) {
    if (auto value = scored_in(ind, p, history).value)
      return {value, p.str(),
              without == 1 ? fmt::format("{}, the last reported figure ({} has none)", p.str(), then.str())
                           : fmt::format("{}, the last reported figure (none in the {} due periods since)", p.str(), without)};
  }
  return {std::nullopt, then.str(), fmt::format("any period in the two years before {}", period.str())};
}

}  // namespace

Comparator comparator_for(const rules::Indicator& ind, const rules::Scorecard& card, const Period& period, const Observation& o,
                          History& history) {
  bool year_to_date = is_year_to_date(ind.aggregation);
  rules::Compare how = ind.compare.value_or(card.compare);
  // A comparator for year-to-date measures, set for the whole scorecard,
  // leaves the others to compare as they would.
  if (!year_to_date && (how == rules::Compare::last_year_outturn_share || how == rules::Compare::period_figure)) how = rules::Compare::automatic;
  if (how == rules::Compare::automatic)
    how = year_to_date || ind.seasonal ? rules::Compare::same_period_last_year : rules::Compare::previous_period;
  switch (how) {
    case rules::Compare::same_period_last_year: {
      // Like with like: a year to date against last year's at the same
      // point, a seasonal measure against the same season.
      Period then = period.last_year();
      return {scored_in(ind, then, history).value, then.str(),
              year_to_date ? fmt::format("{}'s year to date", then.str()) : fmt::format("the same period last year, {}", then.str())};
    }
    case rules::Compare::last_year_outturn_share: {
      // Last year's outturn: its year to date at its last period.
      Period outturn = period.kind == Period::Kind::year ? period.last_year() : Period{period.year - 1, period.kind, periods_in_year(period)};
      double share = rules::share_of_year(ind, period, card);
      auto total = scored_in(ind, outturn, history).value;
      std::string part = share == 1.0 ? std::string("all") : rules::shown_share(share) + "%";
      if (!total) return {std::nullopt, outturn.str(), fmt::format("{} of {}'s outturn", part, period.last_year().financial_year())};
      return {*total * share, outturn.str(),
              fmt::format("{} of {}'s outturn of {}", part, period.last_year().financial_year(), rules::shown(*total, ind))};
    }
    case rules::Compare::period_figure: {
      Period then = previous_due(ind, card, period);
      const Observation* before = history.find(ind.id, then);
      Comparator c{before ? before->value : std::nullopt, then.str(), fmt::format("{}'s own figure", then.str())};
      c.now = o.value;
      c.now_what = fmt::format("{}'s own figure", period.str());
      return c;
    }
    case rules::Compare::last_reported: return last_reported(ind, card, period, o, history);
    case rules::Compare::previous_period:
    case rules::Compare::automatic: break;
  }
  return previous_period(ind, card, period, o, history);
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
  if (before.now && !*before.now) {
    r.direction_reason = fmt::format("no figure of its own for {}", r.period);
    return;
  }
  double now = before.now ? **before.now : *r.scored, then = *before.value;
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
  std::string head = before.now ? fmt::format("{} ({}) vs {} ({})", now_text, before.now_what, then_text, before.what)
                 // "in 2017/18 Q1", but a share of last year's outturn is not a period: "(50% of 2017/18's outturn of 210)".
                 : before.what.find("outturn") != std::string::npos ? fmt::format("{} vs {} ({})", now_text, then_text, before.what)
                                                                    : fmt::format("{} vs {} in {}", now_text, then_text, before.what);
  if (near_zero(gain, then)) {
    r.direction = Direction::maintained;
    r.direction_reason = fmt::format("{}: no change → Maintained", head);
    return;
  }
  bool better = gain > 0;
  std::string size = then != 0 ? share_text(std::abs(gain) / std::abs(then)) : std::string("from zero");
  const rules::Band& band = ind.maintained ? *ind.maintained : card.maintained;
  const rules::Margin& margin = better ? band.better : band.worse;
  // The change measured as the band is: a share of the figure compared
  // with, points of a percentage, or an amount in the unit.
  double change = 0, limit = margin.value;
  std::string band_text;
  switch (margin.kind) {
    case rules::Margin::Kind::share:
      change = then != 0 ? std::abs(gain) / std::abs(then) : HUGE_VAL;
      band_text = share_text(margin.value);
      break;
    case rules::Margin::Kind::points:
      change = std::abs(gain);
      limit = margin.value / 100;
      band_text = fmt::format("{} point{}", rules::shown_share(margin.value / 100), margin.value == 1 ? "" : "s");
      break;
    case rules::Margin::Kind::amount:
      change = std::abs(gain);
      band_text = rules::shown(margin.value, ind);
      break;
  }
  if (margin.kind != rules::Margin::Kind::share) size = ind.unit == rules::Unit::percent ? fmt::format("{} points", rules::shown_share(std::abs(gain)))
                                                                                          : rules::shown(std::abs(gain), ind);
  bool inside = limit > 0 && (change < limit || near_zero(change - limit, limit));
  if (inside) {
    r.direction = Direction::maintained;
    r.direction_reason = fmt::format("{}: {} {}, inside the {} Maintained band → Maintained", head, size, better ? "better" : "worse", band_text);
  } else {
    r.direction = better ? Direction::improving : Direction::declining;
    r.direction_reason = fmt::format("{}: {} {}{} → {}", head, size, better ? "better" : "worse",
                                     limit > 0 ? fmt::format(", beyond the {} Maintained band", band_text) : std::string(),
                                     better ? "Improving" : "Declining");
  }
}

}  // namespace kpiflow::transform
