// The tables the published reports open with: statuses and directions by
// theme, service, directorate and for key KPIs; and whether each return
// came in on time and complete.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "transform/history.hpp"

namespace kpiflow::transform {

namespace {

void count(Tally& t, const Result& r) {
  ++t.indicators;
  t.assessed += !r.assessment.empty();
  if (r.status) {
    switch (*r.status) {
      case Status::red: ++t.red; break;
      case Status::red_amber: ++t.red_amber; break;
      case Status::amber: ++t.amber; break;
      case Status::amber_green: ++t.amber_green; break;
      case Status::green: ++t.green; break;
    }
  } else {
    switch (r.state.value_or(State::in_measurement)) {
      case State::in_measurement: ++t.in_measurement; break;
      case State::not_due: ++t.not_due; break;
      case State::missing: ++t.missing; break;
      case State::no_target: ++t.no_target; break;
      case State::not_scored: ++t.not_scored; break;
    }
  }
  switch (r.direction) {
    case Direction::improving: ++t.improving; break;
    case Direction::maintained: ++t.maintained; break;
    case Direction::declining: ++t.declining; break;
    case Direction::unknown: ++t.direction_unknown; break;
  }
}

}  // namespace

void add_rollups(Scorecard& card, const rules::RuleBook& book, const std::map<std::string, store::Submission>& in_force,
                 const Period& period, History& history) {
  // Groups in the order they first appear; shared targets are not counted
  // again, since their indicators already are.
  auto table = [&](const std::string& dimension, auto group_of) {
    std::vector<Rollup> rows;
    for (const Result& r : card.results) {
      if (!r.parts.empty()) continue;
      std::string group = group_of(r);
      if (group.empty()) continue;
      auto it = std::find_if(rows.begin(), rows.end(), [&](const Rollup& row) { return row.group == group; });
      if (it == rows.end()) it = rows.insert(rows.end(), Rollup{dimension, group, {}});
      count(it->tally, r);
    }
    for (auto& row : rows) card.rollups.push_back(std::move(row));
  };
  table("All", [](const Result&) { return std::string("All indicators"); });
  table("Key KPIs", [](const Result& r) { return r.key ? std::string("Key KPIs") : std::string(); });
  table("Directorate", [](const Result& r) { return r.directorate.empty() ? std::string("(no directorate)") : r.directorate; });
  table("Service", [&](const Result& r) { return book.service(r.service)->name; });
  table("Theme", [](const Result& r) { return r.theme.empty() ? std::string("(no theme)") : r.theme; });

  for (const auto& service : book.services) {
    Compliance c;
    c.service = service.id;
    c.name = service.name;
    // A lagged measure's figure is given under the period it is for: the
    // return's own rows say which measures it gave.
    std::optional<std::set<std::string>> in_return;
    for (const auto& ind : book.indicators) {
      if (ind.service != service.id || !rules::due_in(ind, period, book.scorecard)) continue;
      ++c.figures_due;
      auto sub = in_force.find(service.id);
      const Observation* o = sub != in_force.end() ? history.find(ind.id, period) : nullptr;
      if (o != nullptr && (o->value || (o->state && *o->state != State::missing))) {
        ++c.figures_given;
      } else if (ind.latest_available && sub != in_force.end()) {
        if (!in_return) {
          in_return.emplace();
          for (const auto& each : history.store().observations(sub->second.id))
            if (each.value && each.period != period.str()) in_return->insert(each.indicator);
        }
        c.figures_given += static_cast<int>(in_return->count(ind.id));
      }
    }
    if (c.figures_due == 0) continue;
    auto deadline = rules::deadline(service, period, book.scorecard);
    c.deadline = iso(deadline);
    if (auto sub = in_force.find(service.id); sub != in_force.end()) {
      c.received = true;
      c.received_on = sub->second.received();
      auto received = iso_date(c.received_on);
      c.on_time = !received || std::chrono::sys_days{*received} <= std::chrono::sys_days{deadline};
      if (!c.on_time) c.working_days_late = rules::working_days_between(deadline, *received);
    }
    card.compliance.push_back(std::move(c));
  }
}

}  // namespace kpiflow::transform
