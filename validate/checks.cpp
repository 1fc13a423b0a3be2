// The checks that need more than one cell: the whole period's returns, the
// rule file, and the periods before (from the history store).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "model/text.hpp"
#include "validate/validate.hpp"

namespace kpiflow::validate {

namespace {

using namespace std::chrono;

std::map<std::string, Observation> by_indicator(std::vector<Observation> list) {
  std::map<std::string, Observation> out;
  for (auto& o : list) out.emplace(o.indicator, std::move(o));
  return out;
}

struct Checker {
  const rules::RuleBook& book;
  const store::Store& store;
  const Period& period;
  std::vector<Issue>& issues;
  std::map<std::string, Observation> previous;
  store::FiguresInForce figures;  // what rules::evaluate scores on, as transform does

  void add(Code code, Location where, const rules::Service& service, const std::string& indicator, std::string message,
           std::string hint, std::string raw = {}) {
    Issue issue = Issue::of(code, std::move(where), std::move(message), std::move(hint));
    issue.service = service.id;
    issue.indicator = indicator;
    issue.raw = std::move(raw);
    issues.push_back(std::move(issue));
  }

  // The actions table: an update for every action under way, its progress
  // agreeing with its milestone and its RAG, commentary where it is off track.
  void check_actions(const rules::Service& service, const store::Submission& sub, const std::vector<const rules::Action*>& expected,
                     const std::vector<const ActionUpdate*>& updates, const std::string& sheet) {
    for (const auto* action : expected) {
      if (std::any_of(updates.begin(), updates.end(), [&](const ActionUpdate* u) { return u->action == action->id; })) continue;
      add(Code::missing_action, Location{sub.file, sheet, {}, {}, 0, 0}, service, action->id,
          fmt::format("action {} ({}) is under way in {} and has no update in the return", action->id, excerpt(action->title, 80), period.str()),
          fmt::format("add a row to the actions table with Ref {}, its progress and commentary", action->id));
    }
    for (const auto* u : updates) {
      const rules::Action* action = book.action(u->action);
      if (action == nullptr) continue;
      // Each problem at its own cell when the table has that column, else at the progress (or RAG).
      auto at_cell = [&](const std::string& cell) {
        auto ref = parse_a1(cell.empty() ? u->cell : cell);
        return ref ? Location::of_cell(sub.file, u->sheet, *ref) : Location{sub.file, u->sheet, {}, {}, 0, 0};
      };
      Location at = at_cell(u->cell);
      rules::ActionEvaluation e = rules::evaluate_action(*action, *u, period, book.scorecard);
      if (e.computed && e.computed->milestone_passed)
        add(Code::milestone_passed, at, service, action->id,
            fmt::format("action {}'s milestone '{}' has passed by the end of {}, and the return says '{}', not delivered", action->id,
                        e.revised ? e.revised->text : action->milestone.text, period.str(), u->progress_raw),
            "say whether it was delivered; if not, re-phase it and give the new milestone", u->progress_raw);
      bool rephased = u->progress == Progress::rephased_minor || u->progress == Progress::rephased_major;
      if (rephased && u->revised.empty())
        add(Code::rephased_without_date, at_cell(u->revised_cell), service,
            action->id, fmt::format("action {} is '{}' and the return gives no new milestone", action->id, u->progress_raw),
            u->revised_cell.empty() ? "add a 'Revised milestone' column to the actions table and write the new date, e.g. By March 2019"
                                    : "write the new milestone, e.g. By March 2019",
            u->progress_raw);
      if (e.given && e.computed && *e.given != e.computed->status && book.scorecard.action_rag == rules::Scorecard::ActionRag::from_progress)
        add(Code::status_differs, at_cell(u->assessed_cell), service,
            action->id,
            fmt::format("the return gives action {} {} ('{}'), but its progress gives {}: {}", action->id, words_of(*e.given), u->assessed,
                        words_of(e.computed->status), e.computed->why),
            fmt::format("the scorecard shows {}; check the progress and the RAG agree, or ask for the rule file to take the services' RAG "
                        "(action_rag: as_given)",
                        words_of(e.computed->status)),
            u->assessed);
      if (e.published && *e.published != rules::Status::green && u->commentary.empty())
        add(Code::commentary_required, at_cell(u->commentary_cell), service, action->id,
            fmt::format("action {} is {} ({}) and has no commentary", action->id, words_of(*e.published), e.why),
            "say what is off track and the recovery plan", u->progress_raw.empty() ? u->assessed : u->progress_raw);
    }
  }

  void check_return(const rules::Service& service, const store::Submission& sub, const std::vector<const rules::Indicator*>& due) {
    auto observed = by_indicator(store.observations(sub.id));
    std::string sheet = observed.empty() ? std::string() : observed.begin()->second.sheet;
    // Late: after the deadline, by the date the return says it was sent.
    year_month_day deadline = rules::deadline(service, period, book.scorecard);
    std::string received_text = sub.received();
    if (received_text.empty()) {
      Location at = Location::of_file(sub.file);
      if (auto cell = parse_a1(service.submitted_cell)) at = Location::of_cell(sub.file, sheet, *cell);
      add(Code::no_submitted_date, at, service, {},
          fmt::format("{}'s return for {} gives no date it was sent, so whether it was on time is not known (the file was last saved on {})",
                      service.name, period.str(), sub.saved.substr(0, 10)),
          service.submitted_cell.empty() ? fmt::format("give the service a submitted_cell in the rule file, and ask {} to fill it in",
                                                       service.owner.empty() ? service.name : service.owner)
                                         : fmt::format("ask {} to fill in the date sent", service.owner.empty() ? service.name : service.owner));
    } else if (auto received = iso_date(received_text); received && sys_days{*received} > sys_days{deadline}) {
      add(Code::late_return, Location::of_file(sub.file), service, {},
          fmt::format("{}'s return for {} came in on {}, {} after the deadline of {}", service.name, period.str(), iso(*received),
                      counted(rules::working_days_between(deadline, *received), "working day", "working days"), iso(deadline)),
          fmt::format("returns are due {} working days after the period ends; remind {}", service.deadline_working_days,
                      service.owner.empty() ? service.name : service.owner),
          received_text);
    }

    for (const auto* ind : due) {
      if (observed.count(ind->id)) continue;
      add(Code::missing_indicator, Location{sub.file, sheet, {}, {}, 0, 0}, service, ind->id,
          fmt::format("{} ({}) is due in {} and is not in the return", ind->id, ind->title, period.str()),
          fmt::format("add a row with Ref {} and its figure, or a missing-data state", ind->id));
    }
    for (const auto& [id, o] : observed) {
      const rules::Indicator* ind = book.indicator(id);
      if (ind == nullptr || !o.value) continue;
      check_figure(service, sub, *ind, o);
    }
  }

  // "60 (122 cum)" gives the period's figure and the year to date: they
  // must agree with the periods before (the year to date is what is scored).
  void check_year_to_date(const rules::Service& service, const rules::Indicator& ind, const Observation& o, const Location& at) {
    if (!o.cumulative || !o.value || !is_year_to_date(ind.aggregation) || period.kind == Period::Kind::year) return;
    double sum = *o.value;
    for (int i = 1; i < period.index; ++i) {
      const Observation* each = figures.find(ind.id, Period{period.year, period.kind, i});
      if (each == nullptr || !each->value) return;  // ytd-incomplete says so, where it matters
      if (ind.aggregation == rules::Aggregation::cumulative) sum += *each->value;
      // reported_cumulative: the year to date before, plus this period's figure.
      else if (i == period.index - 1) sum += each->cumulative ? *each->cumulative : *each->value;
    }
    if (std::abs(sum - *o.cumulative) <= 1e-9 * std::max(1.0, std::abs(sum))) return;
    add(Code::cumulative_mismatch, at, service, ind.id,
        fmt::format("{} gives {} for {} and a year to date of {}; the year's figures add up to {}", ind.id, rules::shown(*o.value, ind),
                    period.str(), rules::shown(*o.cumulative, ind), rules::shown(sum, ind)),
        "check both: the year to date the return gives is the one scored", o.raw);
  }

  // The status the return gives, against the one the figures give: a
  // service that rates itself Green on a Red figure is asked why.
  void check_service_status(const rules::Service& service, const store::Submission& sub, const rules::Indicator& ind, const Observation& o,
                            const rules::Evaluation& e, const Location& value_at) {
    if (o.assessed.empty()) return;
    Location at = o.assessed_cell.empty() ? value_at : Location::of_cell(sub.file, o.sheet, parse_a1(o.assessed_cell).value_or(CellRef{}));
    auto given = status_written(o.assessed);
    if (!given) {
      add(Code::status_differs, at, service, ind.id,
          fmt::format("{}'s status '{}' in the return is not a status kpiflow knows", ind.id, excerpt(o.assessed)),
          "write Red, Amber or Green (R, A, G)", o.assessed);
      return;
    }
    if (!e.assessment || e.assessment->status == *given) return;
    add(Code::status_differs, at, service, ind.id,
        fmt::format("the return rates {} {}{}, and its figure gives {}: {}", ind.id, words_of(*given),
                    o.assessed_reason.empty() ? std::string() : fmt::format(" ('{}')", excerpt(o.assessed_reason)), words_of(e.assessment->status),
                    e.assessment->why),
        "agree the status with the service; to publish theirs, add an override with its reason to the rule file", o.assessed);
  }

  void check_figure(const rules::Service& service, const store::Submission& sub, const rules::Indicator& ind, const Observation& o) {
    Location at = Location::of_cell(sub.file, o.sheet, parse_a1(o.cell).value_or(CellRef{}));
    double value = *o.value;
    if ((ind.minimum && value < *ind.minimum) || (ind.maximum && value > *ind.maximum)) {
      add(Code::out_of_range, at, service, ind.id,
          fmt::format("{} is {} ('{}'), outside its valid range {} to {}", ind.id, rules::shown(value, ind), excerpt(o.raw),
                      ind.minimum ? rules::shown(*ind.minimum, ind) : "any", ind.maximum ? rules::shown(*ind.maximum, ind) : "any"),
          "check the figure and its units (a percentage as 87%, not 8700%)", o.raw);
    }

    bool first_of_year = period.kind == Period::Kind::year || period.index == 1;
    std::optional<double> before;
    if (auto it = previous.find(ind.id); it != previous.end() && it->second.value) before = it->second.value;
    else if (o.previous) before = o.previous;
    bool year_to_date_figure = ind.aggregation == rules::Aggregation::reported_cumulative;
    if (before && ind.max_change && *before != 0 && !(year_to_date_figure && first_of_year)) {
      double change = (value - *before) / std::abs(*before);
      if (std::abs(change) > *ind.max_change) {
        add(Code::implausible_change, at, service, ind.id,
            fmt::format("{} moved from {} to {} ({:+.0f}%) since {}; more than the {:.0f}% the rule file expects", ind.id, rules::shown(*before, ind),
                        rules::shown(value, ind), change * 100, period.previous().str(), *ind.max_change * 100),
            "confirm the figure, and explain the change in the commentary", o.raw);
      }
    }
    if (!first_of_year) {
      // The year to date the period before reached: from the store, else the return's own previous column.
      auto it = previous.find(ind.id);
      std::optional<double> was, now;
      if (year_to_date_figure) {
        was = it != previous.end() && it->second.value ? (it->second.cumulative ? it->second.cumulative : it->second.value) : o.previous;
        now = o.cumulative ? o.cumulative : o.value;
      } else if (ind.aggregation == rules::Aggregation::cumulative && it != previous.end()) {
        was = it->second.cumulative;
        now = o.cumulative;
      }
      if (was && now && *now < *was) {
        add(Code::cumulative_decrease, at, service, ind.id,
            fmt::format("{}'s year to date fell from {} in {} to {}", ind.id, rules::shown(*was, ind), period.previous().str(), rules::shown(*now, ind)),
            "a year-to-date figure cannot fall: check both periods' figures", o.raw);
      }
    }

    check_year_to_date(service, ind, o, at);

    rules::Evaluation e = rules::evaluate(ind, period, book.scorecard, figures);
    if (!e.scored.value && e.scored.gap) {
      add(Code::ytd_incomplete, at, service, ind.id,
          fmt::format("{}'s year to date cannot be summed: there is no figure for {} in the store", ind.id, e.scored.gap->str()),
          fmt::format("ingest {}'s return for {}, or write the year to date beside the figure, e.g. 60 (122 cum)", service.name,
                      e.scored.gap->str()),
          o.raw);
    }
    const auto& assessed = e.assessment;
    check_service_status(service, sub, ind, o, e, at);
    if (!assessed || !o.commentary.empty()) return;
    bool red = assessed->status == rules::Status::red || assessed->status == rules::Status::red_amber;
    if (rules::commentary_required(assessed->status, book.scorecard)) {
      Location where = o.commentary_cell.empty() ? at : Location::of_cell(sub.file, o.sheet, *parse_a1(o.commentary_cell));
      const rules::Target* target = rules::target_for(ind, period);
      add(Code::commentary_required, where, service, ind.id,
          fmt::format("{} is {} ({} against a target of {}) and has no commentary", ind.id, red ? "Red" : "Amber", rules::shown(*e.scored.value, ind),
                      target ? target->text : std::string("?")),
          "explain why it is off target and what is being done", o.raw);
    }
  }
};

}  // namespace

int Findings::count(Severity severity) const {
  return static_cast<int>(std::count_if(issues.begin(), issues.end(), [&](const Issue& i) { return i.severity == severity; }));
}

Findings validate(const rules::RuleBook& book, const store::Store& store, const Period& period,
                  std::optional<std::chrono::year_month_day> today) {
  if (!today) today = kpiflow::today();
  Findings findings;
  findings.period = period;
  findings.issues = store.ingest_issues(period.str());
  Checker checker{book, store, period, findings.issues, by_indicator(store.current_observations(period.previous().str(), store::Store::Detail::figures)),
                  store::FiguresInForce(store, {period.str()})};

  std::map<std::string, store::Submission> in_force;
  for (auto& sub : store.current_submissions(period.str())) in_force.emplace(sub.service, std::move(sub));
  // Files that came in and could not be stored: a service whose return is
  // missing is told which of its files was refused and why, not just chased.
  // A file refused before its period could be told is stored with none.
  std::map<std::string, std::vector<Issue>> refused;  // copies: findings.issues grows below
  std::vector<Issue> undated = store.ingest_issues("");
  std::set<std::string> stored_files;
  for (const auto& [id, sub] : in_force) stored_files.insert(sub.file);
  for (const auto* list : {&findings.issues, &undated})
    for (const auto& i : *list)
      if (i.severity == Severity::error && !i.service.empty() && !stored_files.count(i.where.file)) {
        auto& files = refused[i.service];
        if (std::none_of(files.begin(), files.end(), [&](const Issue& f) { return f.where.file == i.where.file; })) files.push_back(i);
      }
  // Actions: those started, and not delivered or dropped in an earlier period, are expected.
  std::map<std::string, std::vector<const ActionUpdate*>> updates;  // by service
  std::vector<store::Store::ActionInForce> now = store.current_actions(period.str());
  for (const auto& in : now) updates[in.service].push_back(&in.update);
  std::set<std::string> finished;
  if (!book.actions.empty())
    for (const auto& [id, in] : store.latest_actions(rules::periods_before(period)))
      if (in.update.progress == Progress::delivered || in.update.progress == Progress::not_viable) finished.insert(id);
  for (const auto& service : book.services) {
    std::vector<const rules::Indicator*> due;
    for (const auto& ind : book.indicators)
      if (ind.service == service.id && rules::due_in(ind, period, book.scorecard)) due.push_back(&ind);
    std::vector<const rules::Action*> expected;
    for (const auto& action : book.actions)
      if (action.service == service.id && rules::action_started(action, period, book.scorecard) && !finished.count(action.id))
        expected.push_back(&action);
    if (due.empty() && expected.empty()) continue;
    ++findings.services_due;
    auto sub = in_force.find(service.id);
    if (sub == in_force.end()) {
      // Not missing before its deadline: a period still open, or just ended.
      if (auto deadline = rules::deadline(service, period, book.scorecard); sys_days{*today} <= sys_days{deadline}) {
        checker.add(Code::return_awaited, service.where, service, {},
                    fmt::format("no return from {} for {} yet; it is due by {}", service.name, period.str(), iso(deadline)),
                    "nothing to do before the deadline; after it, the return is chased as missing");
        continue;
      }
      std::string who = service.email.empty() ? (service.owner.empty() ? service.name : service.owner)
                                              : fmt::format("{} <{}>", service.owner.empty() ? service.name : service.owner, service.email);
      if (auto r = refused.find(service.id); r != refused.end()) {
        const Issue first = r->second.front();
        std::string more = r->second.size() > 1 ? fmt::format(" (and {} more)", r->second.size() - 1) : std::string();
        checker.add(Code::missing_return, service.where, service, {},
                    fmt::format("no return from {} for {} could be stored: {}{} came in and was refused: {}", service.name, period.str(),
                                std::filesystem::path(first.where.file).filename().string(), more, first.message),
                    fmt::format("ask {} to send it again, mended as its refusal says ({}), then ingest it", who, first.hint));
        continue;
      }
      checker.add(Code::missing_return, service.where, service, {}, fmt::format("no return from {} for {}", service.name, period.str()),
                  fmt::format("chase {}", who));
      continue;
    }
    ++findings.returns;
    checker.check_return(service, sub->second, due);
    const auto& own = updates[service.id];
    checker.check_actions(service, sub->second, expected, own, own.empty() ? std::string() : own.front()->sheet);
  }

  // By service in the rule file's order, then by place in the return.
  std::map<std::string, std::size_t> order;
  for (std::size_t i = 0; i < book.services.size(); ++i) order[book.services[i].id] = i + 1;
  auto key = [&](const Issue& i) {
    auto cell = i.where.cell.value_or(CellRef{0, 0});
    return std::make_tuple(order.count(i.service) ? order[i.service] : 0, i.where.file, i.where.sheet, cell.row, cell.col, to_string(i.code));
  };
  std::stable_sort(findings.issues.begin(), findings.issues.end(), [&](const Issue& a, const Issue& b) { return key(a) < key(b); });
  return findings;
}

}  // namespace kpiflow::validate
