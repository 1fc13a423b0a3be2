// Each indicator's figure, goal, status and reason for a period.
#include <fmt/format.h>

#include <cmath>

#include "model/text.hpp"
#include "transform/history.hpp"
#include "transform/transform.hpp"

namespace kpiflow::transform {

namespace {

using rules::Aggregation;
using rules::Indicator;

std::string due_periods(const Indicator& ind, const rules::Scorecard& card) {
  std::string out;
  for (int due : ind.due) {
    if (!out.empty()) out += ", ";
    out += card.frequency == rules::Frequency::monthly ? fmt::format("M{}", due) : fmt::format("Q{}", due);
  }
  return out;
}

Result describe(const Indicator& ind, const rules::RuleBook& book, const Period& period) {
  Result r;
  r.period = period.str();
  r.indicator = ind.id;
  r.title = ind.title;
  r.service = ind.service;
  r.theme = ind.theme;
  if (const auto* s = book.service(ind.service)) r.directorate = s->directorate;
  r.key = ind.key;
  r.unit = ind.unit;
  r.decimals = ind.decimals;
  r.polarity = ind.polarity;
  if (const auto* t = rules::target_for(ind, period)) r.target = t->text;
  return r;
}

// No target to score against: say which and why.
std::string without_goal(const Indicator& ind, const Period& period) {
  const rules::Target* t = rules::target_for(ind, period);
  if (t == nullptr) {
    auto year = ind.targets.find(period.financial_year());
    if (year != ind.targets.end() && year->second.for_period)
      return fmt::format("the {} trajectory sets no target for {}", period.financial_year(), period.str());
    return fmt::format("no target for {} in the rule file", period.financial_year());
  }
  if (t->kind == rules::Target::Kind::previous_year)
    return fmt::format("the target is {} and {} has no figure to base it on", t->text, period.last_year().str());
  if (rules::in_words(*t))
    return fmt::format("the target is in words ('{}'): shown, not scored", t->text);
  return fmt::format("no target ({})", t->text);
}

// The goal, status, variance and reason for a result with a scored figure.
void set_status(Result& r, const Indicator& ind, const std::optional<rules::Goal>& goal, const std::optional<rules::Assessment>& assessed,
                const std::string& figure_text) {
  if (ind.polarity == rules::Polarity::none) {
    r.state = State::not_scored;
    r.reason = fmt::format("{}: not scored (polarity none)", figure_text);
    return;
  }
  if (!goal) return;  // the caller has set no_target
  r.goal_low = goal->low;
  r.goal_high = goal->high;
  double scored = *r.scored;
  double variance = scored - goal->low;
  if (goal->kind == rules::Target::Kind::between) variance = scored < goal->low ? scored - goal->low : scored > goal->high ? scored - goal->high : 0;
  r.variance = variance;
  double base = goal->kind == rules::Target::Kind::between && scored > goal->high ? goal->high : goal->low;
  if (base != 0) r.variance_share = variance / std::abs(base);
  r.status = assessed->status;
  r.reason = fmt::format("{} vs {}: {}", figure_text, goal->how, assessed->why);
}

// One indicator's result: its state when it has no figure or is not due,
// else its scored figure, goal, status and direction.
Result score_indicator(const Indicator& ind, const rules::RuleBook& book, const Period& period, History& history,
                       const std::map<std::string, store::Submission>& in_force);

// A result shown in one period from an earlier period's figure (carried
// forward, or a lagged figure): scored as it was then, with that period's
// commentary and cell, marked as shown in this period. `in_force` names the
// return the figure came in, when that is this period's (a lagged figure).
Result scored_then(const Indicator& ind, const rules::RuleBook& book, const Period& period, const Period& then, History& history,
                   const std::map<std::string, store::Submission>& in_force) {
  history.read_whole(then);
  store::Submission sent;
  sent.service = ind.service;
  if (auto sub = in_force.find(ind.service); sub != in_force.end()) sent = sub->second;
  Result r = score_indicator(ind, book, then, history, {{ind.service, sent}});
  r.period = period.str();
  return r;
}

// A measure between its due periods, shown as it stood when last due (an
// annual survey's outturn through the next year): that period's result,
// marked with where it came from. Empty when it has never been due with a
// figure in the store within two years.
std::optional<Result> carried_forward(const Indicator& ind, const rules::RuleBook& book, const Period& period, History& history) {
  Period last = period;
  for (int step = 0; step < 2 * 12; ++step) {
    last = last.previous();
    if (!rules::due_in(ind, last, book.scorecard)) continue;
    if (history.find(ind.id, last) == nullptr) return std::nullopt;
    Result r = scored_then(ind, book, period, last, history, {});
    if (!r.status) return std::nullopt;
    r.basis = fmt::format("carried forward from {}", last.str());
    r.reason = fmt::format("carried forward from {} (not due in {}): {}", last.str(), period.str(), r.reason);
    return r;
  }
  return std::nullopt;
}

// A lagged measure (national data a year late): the latest period before
// this one with a figure in the store, of this period's kind or a whole
// year, within two years. Empty when there is none.
std::optional<Period> latest_figure(const Indicator& ind, const Period& period, History& history, int year_start) {
  std::optional<Period> best;
  auto consider = [&](const Period& p) {
    const Observation* o = history.find(ind.id, p);
    if (o == nullptr || !o->value) return;
    if (!best || std::chrono::sys_days{p.last_day(year_start)} > std::chrono::sys_days{best->last_day(year_start)}) best = p;
  };
  Period p = period;
  int per_year = period.kind == Period::Kind::month ? 12 : period.kind == Period::Kind::quarter ? 4 : 1;
  for (int step = 0; step < 2 * per_year && period.kind != Period::Kind::year; ++step) consider(p = p.previous());
  // Whole years before this one (this year's outturn ends after any of its periods).
  for (int back = 1; back <= 2; ++back) consider(Period{period.year - back, Period::Kind::year, 1});
  return best;
}

Result score_indicator(const Indicator& ind, const rules::RuleBook& book, const Period& period, History& history,
                       const std::map<std::string, store::Submission>& in_force) {
  const rules::Scorecard& scorecard = book.scorecard;
  Result r = describe(ind, book, period);
  if (ind.latest_available) {
    const Observation* now = history.find(ind.id, period);
    if (now == nullptr || !now->value)
      if (auto lagged = latest_figure(ind, period, history, scorecard.year_start_month)) {
        Result figure = scored_then(ind, book, period, *lagged, history, in_force);
        figure.basis = fmt::format("latest available: {}", lagged->str());
        figure.reason = fmt::format("the latest figure is for {} (none for {}), against {}'s target: {}", lagged->str(), period.str(),
                                    lagged->str(), figure.reason);
        return figure;
      }
  }
  if (!rules::due_in(ind, period, scorecard) && ind.carry_forward)
    if (auto carried = carried_forward(ind, book, period, history)) return std::move(*carried);
  if (!rules::due_in(ind, period, scorecard)) {
    r.state = State::not_due;
    r.reason = fmt::format("not due in {}: reported in {} only", period.str(), due_periods(ind, scorecard));
    r.direction_reason = "not due";
    return r;
  }
  const rules::Service* service = book.service(ind.service);
  auto sub = in_force.find(ind.service);
  const Observation* o = history.find(ind.id, period);
  if (sub == in_force.end() || o == nullptr) {
    r.state = State::missing;
    r.reason = sub == in_force.end() ? fmt::format("no return from {} for {}", service->name, period.str())
                                     : fmt::format("{} is not in {}'s return", ind.id, service->name);
    r.direction_reason = "no figure";
    if (sub != in_force.end()) r.file = sub->second.file;
    return r;
  }
  r.file = sub->second.file;
  r.sheet = o->sheet;
  r.cell = o->cell;
  r.raw = o->raw;
  r.value = o->value;
  r.estimated = o->estimated;
  r.commentary = o->commentary;

  if (o->state && !(*o->state == State::no_target && o->value)) {
    r.state = *o->state;
    r.reason = fmt::format("the return says '{}' ({})", excerpt(o->raw), in_sentence(*o->state));
    r.direction_reason = "no figure";
    return r;
  }
  if (!o->value) {
    r.state = State::missing;
    r.reason = o->raw.empty() ? fmt::format("the figure at {} is blank", o->cell)
                              : fmt::format("'{}' at {} could not be read as a figure", excerpt(o->raw), o->cell);
    r.direction_reason = "no figure";
    return r;
  }
  rules::Evaluation e = rules::evaluate(ind, period, scorecard, history);
  if (!e.scored.value) {
    r.state = State::missing;
    r.reason = e.scored.why_not;
    r.direction_reason = "no figure";
    return r;
  }
  r.scored = e.scored.value;
  r.basis = e.scored.basis;
  std::string figure_text = basis_prefix(r.basis) + rules::shown(*r.scored, ind);
  if (!e.goal && ind.polarity != rules::Polarity::none) {
    r.state = State::no_target;
    r.reason = fmt::format("{}: {}, so no status", figure_text, without_goal(ind, period));
  }
  set_status(r, ind, e.goal, e.assessment, figure_text);
  set_direction(r, ind, scorecard, e.goal, comparator_for(ind, scorecard, period, *o, history));
  return r;
}

// Judgement beside the arithmetic: the status the service's return gives
// is shown with its reason; an officer's assessment (the rule file's
// overrides) is published in place of the computed status, which is kept.
void add_judgement(Result& r, const rules::RuleBook& book, const Observation* o) {
  if (o != nullptr && !o->assessed.empty()) {
    r.service_status = status_written(o->assessed);
    r.service_reason = o->assessed_reason;
  }
  const rules::Override* judged = book.override_for(r.indicator, r.period);
  if (judged == nullptr) return;
  r.computed = r.status;
  r.status = judged->status;
  r.state.reset();
  r.assessment = judged->reason;
  r.reason = fmt::format("assessed {} by the performance team: {} (the figures alone: {})", words_of(judged->status), judged->reason, r.reason);
}

// A shared target's result: the sum of its indicators' scored figures
// against the one target, or why there is none.
Result score_shared(const Indicator& shared, const rules::RuleBook& book, const Period& period, History& history,
                    const std::map<std::string, const Result*>& by_id) {
  const rules::Scorecard& scorecard = book.scorecard;
  Result r = describe(shared, book, period);
  std::string names;
  double sum = 0, value_sum = 0, before_sum = 0;
  bool all_values = true, all_before = true;
  std::string compared_period;
  const Result* lacking = nullptr;
  for (const auto& id : shared.parts) {
    const Result* part = by_id.at(id);
    names += (names.empty() ? "" : " + ") + id;
    if (!part->scored) {
      if (lacking == nullptr) lacking = part;
      continue;
    }
    sum += *part->scored;
    if (part->value) value_sum += *part->value;
    else all_values = false;
    if (part->compared_with && (compared_period.empty() || compared_period == part->compared_period)) {
      before_sum += *part->compared_with;
      compared_period = part->compared_period;
    } else {
      all_before = false;
    }
  }
  r.parts = names;
  if (lacking != nullptr) {
    r.state = lacking->state == State::not_due ? State::not_due : State::missing;
    r.reason = fmt::format("{}: {} has no figure ({})", names, lacking->indicator, lacking->reason);
    r.direction_reason = "no figure";
    return r;
  }
  r.scored = sum;
  r.basis = "sum";
  if (all_values) r.value = value_sum;
  std::optional<double> last_year = 0.0;
  for (const auto& id : shared.parts) {
    auto v = scored_in(*book.indicator(id), period.last_year(), history).value;
    if (!v) last_year.reset();
    if (last_year) *last_year += *v;
  }
  auto goal = rules::goal_for(shared, period, scorecard, last_year);
  std::string figure_text = fmt::format("{} = {}", names, rules::shown(sum, shared));
  if (!goal && shared.polarity != rules::Polarity::none) {
    r.state = State::no_target;
    r.reason = fmt::format("{}: {}, so no status", figure_text, without_goal(shared, period));
  }
  std::optional<rules::Assessment> assessed;
  if (goal && shared.polarity != rules::Polarity::none) assessed = rules::assess(shared, scorecard, sum, *goal, last_year);
  set_status(r, shared, goal, assessed, figure_text);
  if (all_before && !compared_period.empty()) {
    set_direction(r, shared, scorecard, goal, Comparator{before_sum, compared_period, fmt::format("the sum of {} in {}", names, compared_period)});
  } else {
    r.direction_reason = "not every part has a figure to compare with";
  }
  return r;
}

}  // namespace

Scorecard score(const rules::RuleBook& book, const store::Store& store, const Period& period) {
  History history(store, {period.str()});
  return score(book, store, period, history);
}

Scorecard score(const rules::RuleBook& book, const store::Store& store, const Period& period, History& history) {
  Scorecard card;
  card.period = period.str();
  std::map<std::string, store::Submission> in_force;
  for (auto& sub : store.current_submissions(period.str())) in_force.emplace(sub.service, std::move(sub));

  for (const Indicator& ind : book.indicators) {
    card.results.push_back(score_indicator(ind, book, period, history, in_force));
    add_judgement(card.results.back(), book, in_force.count(ind.service) ? history.find(ind.id, period) : nullptr);
  }

  // Shared targets: the sum of their indicators' scored figures.
  std::map<std::string, const Result*> by_id;
  for (const auto& r : card.results) by_id[r.indicator] = &r;
  std::vector<Result> shared_results;
  for (const Indicator& shared : book.shared_targets) shared_results.push_back(score_shared(shared, book, period, history, by_id));
  for (auto& r : shared_results) card.results.push_back(std::move(r));

  add_rollups(card, book, in_force, period, history);
  if (!book.actions.empty()) score_actions(card, book, history.store(), period, in_force);
  return card;
}

}  // namespace kpiflow::transform
