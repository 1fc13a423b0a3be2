// Actions in the scorecard: each action's RAG as rules::evaluate_action
// decides it, its direction against last period's, and the counts councils
// publish per outcome plan: delivered, on target, scheduled, re-phased under
// and over three months, no longer viable.
#include <fmt/format.h>

#include <algorithm>

#include "transform/history.hpp"

namespace kpiflow::transform {

namespace {

using Updates = std::map<std::string, store::Store::ActionInForce>;  // by action

Updates by_action(std::vector<store::Store::ActionInForce> list) {
  Updates out;
  for (auto& in : list) out.emplace(in.update.action, std::move(in));
  return out;
}

// Green above Amber above Red: a move up the list is an improvement.
int rank(Status s) { return is_red(s) ? 0 : is_amber(s) ? 1 : 2; }

void count(ActionTally& t, const ActionResult& a) {
  ++t.actions;
  if (a.progress) {
    switch (*a.progress) {
      case Progress::delivered: ++t.delivered; break;
      case Progress::on_target: ++t.on_target; break;
      case Progress::scheduled: ++t.scheduled; break;
      case Progress::rephased_minor: ++t.rephased_minor; break;
      case Progress::rephased_major: ++t.rephased_major; break;
      case Progress::not_viable: ++t.not_viable; break;
    }
  } else if (a.state == State::not_due) {
    ++t.not_started;
  } else {
    ++t.no_update;
  }
  if (a.status) {
    if (is_red(*a.status)) ++t.red;
    else if (is_amber(*a.status)) ++t.amber;
    else ++t.green;
  }
  if (a.direction == Direction::improving) ++t.improving;
  if (a.direction == Direction::maintained) ++t.maintained;
  if (a.direction == Direction::declining) ++t.declining;
}

}  // namespace

void score_actions(Scorecard& card, const rules::RuleBook& book, const store::Store& store, const Period& period,
                   const std::map<std::string, store::Submission>& in_force) {
  Period before = period.previous();
  Updates now = by_action(store.current_actions(period.str()));
  // Each action's latest update before this period, however long ago: one
  // delivered stays delivered; the period before's gives the direction.
  Updates latest = store.latest_actions(rules::periods_before(period));
  for (const rules::Action& action : book.actions) {
    if (!rules::action_in_plan(action, period)) continue;
    ActionResult a;
    a.period = period.str();
    a.action = action.id;
    a.title = action.title;
    a.service = action.service;
    a.theme = action.theme;
    a.lead = action.lead;
    a.milestone = action.milestone.text;
    if (action.milestone.kind == rules::Milestone::Kind::by) a.due = iso(action.milestone.date);

    std::optional<Status> was;
    if (auto previous = latest.find(action.id); previous != latest.end() && previous->second.update.period == before.str())
      was = rules::evaluate_action(action, previous->second.update, before, book.scorecard).published;
    auto it = now.find(action.id);
    if (it != now.end()) {
      const ActionUpdate& u = it->second.update;
      auto e = rules::evaluate_action(action, u, period, book.scorecard);
      a.progress = u.progress;
      a.revised = u.revised;
      // The milestone in force: a re-phased action's new one, or none until it is given.
      if (e.computed) a.due = e.computed->due ? iso(*e.computed->due) : std::string();
      a.status = e.published;
      a.service_status = e.given;
      a.reason = e.published            ? e.why
                 : u.progress_raw.empty() ? std::string("the return gives no progress and no RAG")
                                          : fmt::format("'{}' is not a progress the rule file knows, so no RAG", u.progress_raw);
      if (!e.published) a.state = State::not_scored;
      a.commentary = u.commentary;
      a.file = it->second.file;
      a.sheet = u.sheet;
      a.cell = u.cell;
    } else if (auto ended = latest.find(action.id); ended != latest.end() && ended->second.update.progress &&
               (*ended->second.update.progress == Progress::delivered || *ended->second.update.progress == Progress::not_viable)) {
      // Finished earlier: it stays as it ended, and is not asked for again.
      const ActionUpdate& u = ended->second.update;
      a.progress = u.progress;
      a.status = rules::evaluate_action(action, u, *parse_period(u.period, book.scorecard.year_start_month), book.scorecard).published;
      a.reason = fmt::format("{} in {}", in_sentence(*a.progress), u.period);
      if (!was) was = a.status;  // unchanged since: Maintained
    } else if (!rules::action_started(action, period, book.scorecard)) {
      a.state = State::not_due;
      a.reason = fmt::format("not started: '{}'", action.milestone.text);
    } else {
      a.state = State::missing;
      a.reason = in_force.count(action.service) ? fmt::format("no update in {}'s return", book.service(action.service)->name)
                                                : fmt::format("no return from {}", book.service(action.service)->name);
    }

    if (a.status && was) {
      int d = rank(*a.status) - rank(*was);
      a.direction = d > 0 ? Direction::improving : d < 0 ? Direction::declining : Direction::maintained;
      a.direction_reason = fmt::format("{} against {} in {}", words_of(*a.status), words_of(*was), before.str());
    } else {
      a.direction_reason = a.status ? fmt::format("nothing to compare with: no RAG in {}", before.str()) : "no RAG this period";
    }
    card.actions.push_back(std::move(a));
  }

  auto table = [&](const std::string& dimension, auto group_of) {
    std::vector<ActionRollup> rows;
    for (const ActionResult& a : card.actions) {
      std::string group = group_of(a);
      auto row = std::find_if(rows.begin(), rows.end(), [&](const ActionRollup& r) { return r.group == group; });
      if (row == rows.end()) row = rows.insert(rows.end(), ActionRollup{dimension, group, {}});
      count(row->tally, a);
    }
    for (auto& row : rows) card.action_rollups.push_back(std::move(row));
  };
  table("All", [](const ActionResult&) { return std::string("All actions"); });
  table("Theme", [](const ActionResult& a) { return a.theme.empty() ? std::string("(no theme)") : a.theme; });
  table("Service", [&](const ActionResult& a) { return book.service(a.service)->name; });
}

}  // namespace kpiflow::transform
