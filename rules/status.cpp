// Scoring a figure against its target: the one place Red, Amber and Green
// are decided, so that validation ("a Red needs commentary") and the
// scorecard agree, and the one place the reason for a status is worded.
#include <fmt/format.h>

#include <initializer_list>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

#include "model/text.hpp"
#include "rules/rules.hpp"

namespace kpiflow::rules {

namespace {

using namespace std::chrono;

int periods_in(const Scorecard& scorecard) { return scorecard.frequency == Frequency::monthly ? 12 : 4; }

// Decimal figures rarely land exactly on a limit in binary (0.9 - 0.855 is
// 0.04500000000000004); a billionth of the scale is "on it".
bool same(double a, double b, double scale) { return std::abs(a - b) <= 1e-9 * std::max({std::abs(scale), std::abs(a), std::abs(b), 1e-300}); }

// As many decimals as the rule file asks for, up to two more when the
// figure needs them (a profiled 465.5), no trailing zeros beyond those.
std::string plain(double value, int decimals) {
  std::string text = fmt::format("{:.{}f}", value, std::max(decimals, 2));
  std::size_t keep = text.find('.') + static_cast<std::size_t>(decimals) + (decimals > 0 ? 1 : 0);
  while (text.size() > keep && text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  return text;
}

// 1377760 as 1,377,760, as the published reports write it.
std::string grouped(const std::string& text) {
  std::size_t start = text[0] == '-' ? 1 : 0;
  std::size_t end = std::min(text.find('.'), text.size());
  std::string out = text.substr(0, start);
  for (std::size_t at = start; at < end; ++at) {
    out += text[at];
    std::size_t left = end - at - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out + text.substr(end);
}

// A distance in the indicator's unit: points for percentages.
std::string distance(double value, const Indicator& ind) {
  if (ind.unit == Unit::percent) {
    std::string p = plain(value * 100, ind.decimals);
    return p + (p == "1" ? " point" : " points");
  }
  return shown(value, ind);
}

std::string share_text(double share) { return shown_share(share) + "%"; }

// A share shown beside the limits it is judged against: with as many
// decimals as it takes not to read as one of them when it is not (5.03% is
// "5.03%", never "5%" under a 5% limit), at most six.
std::string share_beside(double share, std::initializer_list<double> limits) {
  std::string text = shown_share(share);
  for (int decimals = 2; decimals <= 6; ++decimals) {
    bool reads_as_limit = false;
    for (double limit : limits)
      if (limit > 0 && text == shown_share(limit) && std::abs(share - limit) > 1e-9 * limit) reads_as_limit = true;
    if (!reads_as_limit) break;
    text = fmt::format("{:.{}f}", share * 100, decimals);
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text + "%";
}

}  // namespace

std::string shown_share(double share) {
  std::string text = fmt::format("{:.1f}", share * 100);
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

std::string shown(double value, const Indicator& ind) {
  switch (ind.unit) {
    case Unit::percent: return plain(value * 100, ind.decimals) + "%";
    case Unit::currency: return (value < 0 ? "-£" : "£") + grouped(plain(std::abs(value), ind.decimals));
    case Unit::number: return grouped(plain(value, ind.decimals));
    default: return plain(value, ind.decimals);
  }
}

year_month_day deadline(const Service& service, const Period& period, const Scorecard& scorecard) {
  sys_days at{period.last_day(scorecard.year_start_month)};
  for (int days = service.deadline_working_days; days > 0;) {
    at += std::chrono::days{1};
    weekday w{at};
    if (w != Saturday && w != Sunday) --days;
  }
  return year_month_day{at};
}

int working_days_between(year_month_day from, year_month_day to) {
  int n = 0;
  for (sys_days at = sys_days{from}; at < sys_days{to};) {
    at += std::chrono::days{1};
    weekday w{at};
    if (w != Saturday && w != Sunday) ++n;
  }
  return n;
}

std::optional<Milestone> milestone_written(std::string_view text, int year_start_month) {
  Milestone m;
  m.text = std::string(trim(text));
  std::string said = ascii_lower(m.text);
  if (said.empty() || said == "ongoing" || said == "continuous" || said == "throughout the year") return m;
  std::string_view rest = said;
  m.kind = Milestone::Kind::by;
  for (std::string_view prefix : {"by the end of ", "by end of ", "by ", "end of ", "due by ", "due "})
    if (rest.starts_with(prefix)) {
      rest.remove_prefix(prefix.size());
      break;
    }
  for (std::string_view prefix : {"from ", "starting ", "starts "})
    if (rest.starts_with(prefix)) {
      rest.remove_prefix(prefix.size());
      m.kind = Milestone::Kind::from;
      break;
    }
  rest = trim(rest);
  if (auto day = date_written(rest)) {
    m.date = *day;
    return m;
  }
  auto period = parse_period(rest, year_start_month);
  if (!period) return std::nullopt;
  m.date = m.kind == Milestone::Kind::from ? period->first_day(year_start_month) : period->last_day(year_start_month);
  return m;
}

namespace {
std::string long_date(year_month_day d) {
  static constexpr const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                           "July",    "August",   "September", "October", "November", "December"};
  return fmt::format("{} {} {}", static_cast<unsigned>(d.day()), months[static_cast<unsigned>(d.month()) - 1], static_cast<int>(d.year()));
}
}  // namespace

ActionAssessment assess_action(const Action& action, Progress progress, const std::optional<Milestone>& revised, const Period& period,
                               const Scorecard& scorecard) {
  ActionAssessment a;
  bool rephased = progress == Progress::rephased_minor || progress == Progress::rephased_major;
  // The milestone in force: the re-phased one when given; a re-phased
  // action without one has no date to miss yet (validate asks for it).
  const Milestone* in_force = revised ? &*revised : rephased ? nullptr : &action.milestone;
  if (in_force != nullptr && in_force->kind == Milestone::Kind::by) a.due = in_force->date;
  std::string to = revised ? fmt::format(" to '{}'", revised->text) : std::string();
  switch (progress) {
    case Progress::delivered:
      a.status = Status::green;
      a.why = "delivered";
      return a;
    case Progress::not_viable:
      a.status = Status::red;
      a.why = "no longer viable";
      return a;
    default:
      break;
  }
  year_month_day end = period.last_day(scorecard.year_start_month);
  if (a.due && sys_days{*a.due} <= sys_days{end}) {
    a.status = Status::red;
    a.milestone_passed = true;
    a.why = fmt::format("the milestone '{}' ({}) has passed by the end of {} and it is not delivered", in_force->text, long_date(*a.due),
                        period.str());
    return a;
  }
  std::string milestone;
  if (in_force != nullptr)
    milestone = in_force->kind == Milestone::Kind::ongoing ? " (ongoing)" : fmt::format(" ('{}')", in_force->text);
  switch (progress) {
    case Progress::rephased_major:
      a.status = Status::red;
      a.why = fmt::format("re-phased by more than 3 months{}", to);
      break;
    case Progress::rephased_minor:
      a.status = Status::amber;
      a.why = fmt::format("re-phased by under 3 months{}", to);
      break;
    case Progress::scheduled:
      a.why = fmt::format("scheduled for a future quarter{}", milestone);
      break;
    default:
      a.why = fmt::format("on target{}", milestone);
      break;
  }
  return a;
}

std::vector<std::string> periods_before(const Period& period) {
  std::vector<std::string> out;
  for (Period p = period.previous(); p.year >= period.year - 1 && out.size() < 24; p = p.previous()) out.push_back(p.str());
  return out;
}

bool action_in_plan(const Action& action, const Period& period) { return !action.year || *action.year == period.year; }

bool action_started(const Action& action, const Period& period, const Scorecard& scorecard) {
  if (!action_in_plan(action, period)) return false;
  return action.milestone.kind != Milestone::Kind::from || sys_days{action.milestone.date} <= sys_days{period.last_day(scorecard.year_start_month)};
}

ActionEvaluation evaluate_action(const Action& action, const ActionUpdate& update, const Period& period, const Scorecard& scorecard) {
  ActionEvaluation e;
  if (!update.revised.empty()) e.revised = milestone_written(update.revised, scorecard.year_start_month);
  if (update.progress) e.computed = assess_action(action, *update.progress, e.revised, period, scorecard);
  // A five-level word ("Amber-Green") is read as its nearer colour: actions are Red, Amber or Green.
  if (auto given = status_written(update.assessed))
    e.given = is_red(*given) ? Status::red : *given == Status::amber_green ? Status::amber : *given;
  if (!update.progress && update.progress_raw.empty() && e.given) {
    // The return gives a RAG and no progress (the county report's table): the RAG is all there is.
    e.published = e.given;
    e.why = fmt::format("as the service gives it ('{}'); the return gives no progress", update.assessed);
  } else if (scorecard.action_rag == Scorecard::ActionRag::as_given && e.given) {
    e.published = e.given;
    e.why = fmt::format("as the service gives it ('{}')", update.assessed);
    if (e.computed && e.computed->status != *e.given) e.why += fmt::format("; its progress gives {}: {}", words_of(e.computed->status), e.computed->why);
  } else if (e.computed) {
    e.published = e.computed->status;
    e.why = e.computed->why;
  }
  return e;
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
  // A trajectory's step for the period, else the year's target. (Only a
  // trajectory keys a target by period: the period's name is made only then.)
  for (const auto& [key, t] : indicator.targets)
    if (t.for_period) {
      if (auto it = indicator.targets.find(period.str()); it != indicator.targets.end()) return &it->second;
      break;
    }
  auto it = indicator.targets.find(period.financial_year());
  if (it == indicator.targets.end()) return nullptr;
  // A trajectory that skips the period sets it no target.
  if (it->second.for_period && period.kind != Period::Kind::year) return nullptr;
  return &it->second;
}

double share_of_year(const Indicator& indicator, const Period& period, const Scorecard& scorecard) {
  if (period.kind == Period::Kind::year) return 1;
  int n = periods_in(scorecard);
  int index = period.kind == Period::Kind::month && n == 4 ? (period.index - 1) / 3 + 1 : period.index;
  return indicator.profile.empty() ? static_cast<double>(index) / n : indicator.profile.at(static_cast<std::size_t>(index - 1));
}

std::optional<Goal> goal_for(const Indicator& indicator, const Period& period, const Scorecard& scorecard,
                             std::optional<double> last_year_value) {
  const Target* target = target_for(indicator, period);
  if (target == nullptr) return std::nullopt;
  Goal goal;
  auto whole = [&](double v) { return shown(v, indicator); };
  switch (target->kind) {
    case Target::Kind::none:
      return std::nullopt;
    case Target::Kind::benchmark: {
      auto it = indicator.benchmarks.find(target->benchmark);
      if (it == indicator.benchmarks.end()) return std::nullopt;
      goal.kind = indicator.polarity == Polarity::down ? Target::Kind::at_most : Target::Kind::at_least;
      goal.low = goal.high = it->second;
      goal.how = fmt::format("the {} benchmark {}", target->benchmark, whole(it->second));
      return goal;  // a benchmark is a level, never profiled
    }
    case Target::Kind::previous_year:
      if (!last_year_value) return std::nullopt;
      goal.kind = Target::Kind::value;
      goal.low = goal.high = *last_year_value + target->value;
      goal.how = target->value == 0 ? fmt::format("target {} (last year's figure)", whole(goal.low))
                                    : fmt::format("target {} (last year's {} {} {})", whole(goal.low), whole(*last_year_value),
                                                  target->value < 0 ? '-' : '+', distance(std::abs(target->value), indicator));
      return goal;  // last year's figure for the same period is already profiled
    case Target::Kind::between:
      goal.kind = target->kind;
      goal.low = target->value;
      goal.high = target->high;
      break;
    default:
      goal.kind = target->kind;
      goal.low = goal.high = target->value;
      goal.strict = target->strict;
  }
  auto stated = [&](double low, double high) {
    switch (goal.kind) {
      case Target::Kind::at_most: return fmt::format("{} {}", goal.strict ? "below" : "at most", whole(low));
      case Target::Kind::at_least: return fmt::format("{} {}", goal.strict ? "above" : "at least", whole(low));
      case Target::Kind::between: return fmt::format("{} to {}", whole(low), whole(high));
      default: return whole(low);
    }
  };
  goal.how = "target " + stated(goal.low, goal.high);
  if (is_year_to_date(indicator.aggregation) && period.kind != Period::Kind::year && !target->for_period) {
    double share = share_of_year(indicator, period, scorecard);
    if (share != 1) {
      std::string annual = stated(goal.low, goal.high);
      goal.low *= share;
      goal.high *= share;
      goal.how = fmt::format("profiled target {} ({} of {})", stated(goal.low, goal.high), share_text(share), annual);
    }
  }
  return goal;
}

namespace {

// Where a figure stands against its goal: how far short (negative: beyond
// it), the bound it is measured from, which side is short, and in words.
struct Standing {
  double value = 0, shortfall = 0, bound = 0;
  bool short_below = true;
  std::string where_it_is;  // "2.1 points below target (12.3% short)"
};

// Thresholds are figures: which side is worse follows from the order they are written in.
Assessment by_thresholds(const Indicator& indicator, const Tolerance& tolerance, bool five, const Standing& at) {
  const double value = at.value, shortfall = at.shortfall;
  const bool short_below = at.short_below;
  const std::string& where_it_is = at.where_it_is;
  Assessment out;
  double amber_at = *tolerance.amber_at, red_at = *tolerance.red_at;
  bool worse_is_lower = red_at < amber_at;
  auto worse_than = [&](double limit) { return !same(value, limit, limit) && (worse_is_lower ? value < limit : value > limit); };
  std::string limits = fmt::format("Amber from {}, Red {} {}", shown(amber_at, indicator), worse_is_lower ? "below" : "above",
                                   shown(red_at, indicator));
  if (shortfall <= 0) {
    out = {Status::green, where_it_is};
  } else if (worse_is_lower != short_below) {
    out = {Status::amber, fmt::format("{}, on the side the thresholds ({}) do not cover", where_it_is, limits)};
  } else if (worse_than(red_at) || (same(value, red_at, red_at) && !tolerance.limit_inclusive)) {
    out = {Status::red, fmt::format("{}; {}", where_it_is, limits)};
  } else if (worse_than(amber_at) || same(value, amber_at, amber_at)) {
    out = {Status::amber, fmt::format("{}; {}", where_it_is, limits)};
  } else {
    out = {five ? Status::amber_green : Status::green, fmt::format("{}, not yet at the Amber threshold; {}", where_it_is, limits)};
  }
  return out;
}

// A relative (share of target) or absolute (points) distance, with the
// five-level bands and a zero target's at_zero distance.
Assessment by_distance(const Indicator& indicator, const Tolerance& tolerance, bool five, const Standing& at) {
  const double shortfall = at.shortfall, bound = at.bound;
  const std::string& where_it_is = at.where_it_is;
  Assessment out;
  bool relative = tolerance.kind == Tolerance::Kind::relative;
  double scale = relative ? std::abs(bound) : 1.0;
  std::string note;
  // Points are kept as written; a percentage indicator's figures are fractions.
  auto in_unit = [&](double points) { return indicator.unit == Unit::percent ? points / 100 : points; };
  auto limit = [&](double band) {
    if (relative && bound == 0 && tolerance.at_zero) return in_unit(*tolerance.at_zero) * (band / std::max(tolerance.amber, 1e-300));
    return relative ? band * scale : in_unit(band);
  };
  auto limit_text = [&](double band) {
    if (relative && bound != 0) return fmt::format("{} ({} of {})", distance(band * scale, indicator), share_text(band), shown(bound, indicator));
    return distance(limit(band), indicator);
  };
  auto within = [&](double band, bool inclusive) {
    double l = limit(band);
    return shortfall < l && !same(shortfall, l, l) ? true : (same(shortfall, l, l) && inclusive);
  };
  if (relative && bound == 0 && shortfall > 0) {
    // A share of nothing is nothing: use the rule file's distance for a zero target.
    note = tolerance.at_zero ? " (a zero target cannot take a relative tolerance: the rule file's at_zero distance applies)"
                             : " (a zero target cannot take a relative tolerance, and the rule file gives no at_zero distance)";
  }
  double amber_green = tolerance.amber_green.value_or((tolerance.green + tolerance.amber) / 2);
  double red_amber = tolerance.red_amber.value_or(tolerance.amber * 2);
  if (shortfall <= 0) {
    out = {Status::green, where_it_is};
  } else if (within(tolerance.green, true)) {
    out = {Status::green, fmt::format("{}, within the Green band of {}", where_it_is, limit_text(tolerance.green))};
  } else if (five && within(amber_green, true)) {
    out = {Status::amber_green, fmt::format("{}, within the Amber-Green limit of {}", where_it_is, limit_text(amber_green))};
  } else if (within(tolerance.amber, tolerance.limit_inclusive)) {
    out = {Status::amber, fmt::format("{}, within the Amber limit of {}", where_it_is, limit_text(tolerance.amber))};
  } else if (five && within(red_amber, tolerance.limit_inclusive)) {
    out = {Status::red_amber, fmt::format("{}, beyond the Amber limit of {} but within {}", where_it_is, limit_text(tolerance.amber),
                                          limit_text(red_amber))};
  } else {
    double amber_limit = limit(tolerance.amber);
    if (same(shortfall, amber_limit, amber_limit) && !tolerance.limit_inclusive)
      out = {Status::red, fmt::format("{}, exactly on the Amber limit of {}, which the rule file counts as Red", where_it_is,
                                      limit_text(tolerance.amber))};
    else
      out = {Status::red, fmt::format("{}, beyond the {} limit of {}", where_it_is, five ? "Red-Amber" : "Amber",
                                      limit_text(five ? red_amber : tolerance.amber))};
  }
  out.why += note;
  return out;
}

}  // namespace

std::optional<Assessment> assess(const Indicator& indicator, const Scorecard& scorecard, double value, const Goal& goal,
                                 std::optional<double> last_year_value) {
  if (indicator.polarity == Polarity::none) return std::nullopt;
  const Tolerance& tolerance = indicator.tolerance ? *indicator.tolerance : scorecard.tolerance;
  bool five = scorecard.levels == 5;
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
  if (same(shortfall, 0, bound)) shortfall = 0;

  std::string where_it_is;
  if (shortfall == 0) {
    where_it_is = value == bound ? "on target" : (goal.kind == Target::Kind::between ? "inside the range" : "on target");
  } else if (shortfall < 0) {
    where_it_is = fmt::format("{} {} target", distance(-shortfall, indicator), short_below ? "above" : "below");
  } else {
    where_it_is = fmt::format("{} {} {}", distance(shortfall, indicator), short_below ? "below" : "above",
                              goal.kind == Target::Kind::between ? "the range" : "target");
    if (bound != 0) {
      double amber_green = tolerance.amber_green.value_or((tolerance.green + tolerance.amber) / 2);
      double red_amber = tolerance.red_amber.value_or(tolerance.amber * 2);
      bool relative = tolerance.kind == Tolerance::Kind::relative;
      std::string share = relative ? share_beside(shortfall / std::abs(bound), {tolerance.green, tolerance.amber, amber_green, red_amber})
                                   : share_text(shortfall / std::abs(bound));
      where_it_is += fmt::format(" ({} {})", share, short_below ? "short" : "over");
    }
  }

  // "> 22%" met exactly is not met: the figure must pass the target. It is
  // as near as a figure can be, so within any Amber band, else Red.
  if (goal.strict && shortfall == 0 && same(value, bound, bound) && goal.kind != Target::Kind::between) {
    Assessment out{tolerance.kind == Tolerance::Kind::thresholds || tolerance.amber > 0 ? Status::amber : Status::red,
                   fmt::format("on the target itself, which it must pass ({} {})", goal.kind == Target::Kind::at_least ? "above" : "below",
                               shown(bound, indicator))};
    out.why += fmt::format(" → {}", words_of(out.status));
    return out;
  }
  Standing at{value, shortfall, bound, short_below, where_it_is};
  bool thresholds = tolerance.kind == Tolerance::Kind::thresholds && tolerance.amber_at && tolerance.red_at;
  Assessment out = thresholds ? by_thresholds(indicator, tolerance, five, at) : by_distance(indicator, tolerance, five, at);
  if ((out.status == Status::red || out.status == Status::red_amber) && tolerance.amber_if_improved_on_last_year && last_year_value) {
    bool improved = higher_is_better ? value > *last_year_value : value < *last_year_value;
    if (improved) {
      out.why += fmt::format(", but better than last year's {}, so Amber", shown(*last_year_value, indicator));
      out.status = Status::amber;
    }
  }
  out.why += fmt::format(" → {}", words_of(out.status));
  return out;
}

Scored scored_in(const Indicator& ind, const Period& period, Figures& figures) {
  const Observation* o = figures.find(ind.id, period);
  if (o == nullptr || !o->value) return {std::nullopt, {}, fmt::format("{} has no figure for {}", ind.id, period.str()), std::nullopt};
  switch (ind.aggregation) {
    case Aggregation::snapshot: return {o->value, "value", {}, std::nullopt};
    // "60 (122 cum)": the year to date is the bracket; 60 is the period's own.
    case Aggregation::reported_cumulative: return {o->cumulative ? o->cumulative : o->value, "reported YTD", {}, std::nullopt};
    case Aggregation::cumulative: {
      if (o->cumulative) return {o->cumulative, "YTD", {}, std::nullopt};  // "60 (122 cum)": the return's own year to date
      if (period.kind == Period::Kind::year) return {o->value, "YTD", {}, std::nullopt};
      double sum = 0;
      for (int i = 1; i <= period.index; ++i) {
        Period p{period.year, period.kind, i};
        const Observation* each = figures.find(ind.id, p);
        if (each == nullptr || !each->value)
          return {std::nullopt, "YTD", fmt::format("the year to date cannot be summed: {} has no figure for {}", ind.id, p.str()), p};
        sum += *each->value;
      }
      return {sum, "YTD", {}, std::nullopt};
    }
    case Aggregation::average: {
      if (period.kind == Period::Kind::year) return {o->value, "average", {}, std::nullopt};
      double sum = 0;
      int n = 0;
      for (int i = 1; i <= period.index; ++i) {
        const Observation* each = figures.find(ind.id, Period{period.year, period.kind, i});
        if (each != nullptr && each->value) {
          sum += *each->value;
          ++n;
        }
      }
      return {sum / n, "average", {}, std::nullopt};
    }
  }
  return {o->value, "value", {}, std::nullopt};
}

Evaluation evaluate(const Indicator& ind, const Period& period, const Scorecard& scorecard, Figures& figures) {
  Evaluation e;
  e.scored = scored_in(ind, period, figures);
  if (!e.scored.value) return e;
  e.last_year = scored_in(ind, period.last_year(), figures).value;
  e.goal = goal_for(ind, period, scorecard, e.last_year);
  if (e.goal && ind.polarity != Polarity::none) e.assessment = assess(ind, scorecard, *e.scored.value, *e.goal, e.last_year);
  return e;
}

std::string action_rule_stated(const Scorecard& scorecard) {
  if (scorecard.action_rag == Scorecard::ActionRag::as_given) return "Actions: the RAG their service gives them.";
  return "Actions: Green delivered or on schedule; Amber re-phased by under 3 months; Red a milestone missed, re-phased by over 3 months, "
         "or no longer viable.";
}

std::string rule_stated(const Scorecard& scorecard) {
  const Tolerance& t = scorecard.tolerance;
  const bool five = scorecard.levels == 5;
  std::string out;
  if (t.kind == Tolerance::Kind::thresholds) {
    out = "Each indicator has its own thresholds: Amber from the first, Red beyond the second.";
  } else {
    // "5% of the target" or "5 points (percentages) or 5 (other units)".
    bool relative = t.kind == Tolerance::Kind::relative;
    auto distance = [&](double band) {
      return relative ? fmt::format("{} of the target", share_text(band)) : fmt::format("{} {}", plain(band, 0), band == 1 ? "point" : "points");
    };
    double amber_green = t.amber_green.value_or((t.green + t.amber) / 2), red_amber = t.red_amber.value_or(t.amber * 2);
    out = t.green > 0 ? fmt::format("Green: on target, or off it by up to {}.", distance(t.green)) : std::string("Green: on target or better.");
    double from = t.green;
    auto band = [&](const char* name, double up_to, bool inclusive) {
      out += fmt::format(" {}: off target by {}{}{}.", name, from > 0 ? fmt::format("more than {} and ", distance(from)) : std::string(),
                         inclusive ? "up to " : "less than ", distance(up_to));
      from = up_to;
    };
    if (five) band("Amber-Green", amber_green, true);
    band("Amber", t.amber, t.limit_inclusive);
    if (five) band("Red-Amber", red_amber, t.limit_inclusive);
    out += fmt::format(" Red: off target by {} {}.", t.limit_inclusive ? "more than" : "at least", distance(from));
    if (!relative) out += " Points are percentage points for a percentage, and the measure's own unit otherwise.";
    if (t.at_zero) out += fmt::format(" A target of 0 takes a distance of {} instead of a share of it.", plain(*t.at_zero, 0));
  }
  if (t.amber_if_improved_on_last_year) out += " A figure beyond the Amber limit that is better than the same period last year is Amber.";
  return out + " An indicator with its own tolerance says so in its reason.";
}

bool commentary_required(Status status, const Scorecard& scorecard) {
  switch (status) {
    case Status::red:
    case Status::red_amber: return scorecard.commentary_for_red;
    case Status::amber:
    case Status::amber_green: return scorecard.commentary_for_amber;
    case Status::green: return false;
  }
  return false;
}

namespace {

// The history with one figure more: the one a service might write.
class Supposing : public Figures {
 public:
  Supposing(Figures& history, const Indicator& indicator, const Period& period) : history_(history) {
    typed_.indicator = indicator.id;
    typed_.period = period.str();
    period_ = period;
  }
  const Observation* find(const std::string& indicator, const Period& period) override {
    if (indicator == typed_.indicator && period == period_) return &typed_;
    return history_.find(indicator, period);
  }
  void suppose(double value) { typed_.value = value; }

 private:
  Figures& history_;
  Observation typed_;
  Period period_;
};

// Doubles in order as integers: neighbours differ by one, so halving the
// distance between two finds the last double on one side of a limit.
std::int64_t ordered(double d) {
  std::int64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return bits >= 0 ? bits : std::numeric_limits<std::int64_t>::min() - bits;
}
double from_ordered(std::int64_t key) {
  std::int64_t bits = key >= 0 ? key : std::numeric_limits<std::int64_t>::min() - key;
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

// The last double from `needing` towards `clear` that still needs
// commentary (needs(needing) is true, needs(clear) false).
template <typename Needs>
double last_needing(double needing, double clear, Needs needs) {
  std::int64_t a = ordered(needing), b = ordered(clear);
  // The keys' distance, in unsigned arithmetic: it can exceed an int64.
  auto apart = [&] { return a > b ? static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b) : static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a); };
  while (apart() > 1) {
    std::int64_t mid = std::midpoint(a, b);
    if (needs(from_ordered(mid))) a = mid;
    else b = mid;
  }
  return from_ordered(a);
}

}  // namespace

CommentaryBounds commentary_bounds(const Indicator& indicator, const Period& period, const Scorecard& scorecard, Figures& history) {
  CommentaryBounds out;
  if (indicator.polarity == Polarity::none || !(scorecard.commentary_for_red || scorecard.commentary_for_amber)) return out;
  Supposing supposing(history, indicator, period);
  auto evaluated = [&](double value) {
    supposing.suppose(value);
    return evaluate(indicator, period, scorecard, supposing);
  };
  auto needs = [&](double value) {
    Evaluation e = evaluated(value);
    return e.assessment && commentary_required(e.assessment->status, scorecard);
  };
  // A figure that needs none: on or well inside the goal, in the figure's
  // own terms (a year to date takes away what earlier periods gave).
  Evaluation first = evaluated(0);
  if (!first.goal || !first.scored.value) return out;
  double offset = *first.scored.value;  // what 0 typed scores as: the year so far, or 0
  const Goal& goal = *first.goal;
  double reach = std::max({1.0, std::abs(goal.low), std::abs(goal.high)});
  std::optional<double> clear;
  for (double scored : {(goal.low + goal.high) / 2, goal.low, goal.high, goal.low + reach, goal.low - reach, goal.high + reach, goal.high - reach,
                        goal.low + 10 * reach, goal.low - 10 * reach}) {
    for (double typed : {scored - offset, scored}) {  // a sum adds the typed figure; an average shares it
      if (!needs(typed)) {
        clear = typed;
        break;
      }
    }
    if (clear) break;
  }
  if (!clear) return out;
  constexpr double far = 1e300;
  if (needs(-far)) out.at_or_below = last_needing(-far, *clear, needs);
  if (needs(far)) out.at_or_above = last_needing(far, *clear, needs);
  return out;
}

}  // namespace kpiflow::rules
