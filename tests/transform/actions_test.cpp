// Actions in the scorecard (transform/actions.cpp): each action's RAG and
// direction, the ones finished or not yet begun, and the counts by theme
// and service councils publish.
#include <doctest/doctest.h>

#include "support/test_store.hpp"
#include "store/store.hpp"
#include "transform/transform.hpp"

using namespace kpiflow;

namespace {

const char* rules_yaml = R"(scorecard: {name: Test}
services:
  - {id: HO, name: Housing}
  - {id: PL, name: Planning}
indicators:
  - {id: H-1, title: Homes built, service: HO, theme: Homes}
actions:
  - {id: "1.1", title: Strategy adopted, service: HO, milestone: By March 2018, theme: Homes}
  - {id: "1.2", title: Empty homes, service: HO, milestone: Ongoing, theme: Homes}
  - {id: "1.3", title: Tenants' panel, service: HO, milestone: From January 2018, theme: Homes}
  - {id: "1.4", title: Depot closed, service: HO, milestone: By September 2017, theme: Places}
  - {id: "2.1", title: Local plan examined, service: PL, milestone: By December 2017, theme: Places}
)";

ActionUpdate said(const std::string& action, const std::string& period, Progress progress, const std::string& rag = {}) {
  ActionUpdate u;
  u.action = action;
  u.period = period;
  u.progress = progress;
  u.progress_raw = std::string(words_of(progress));
  u.assessed = rag;
  u.sheet = "Return";
  u.cell = "D9";
  return u;
}

void send(store::Store& store, const std::string& service, const std::string& period, std::vector<ActionUpdate> actions) {
  store::Submission s;
  s.service = service;
  s.period = period;
  s.file = service + "-" + period + ".xlsx";
  s.sha256 = s.file;
  s.saved = s.ingested = "2017-10-10T00:00:00Z";
  Observation o;
  o.indicator = "H-1";
  o.period = period;
  o.value = 10;
  o.raw = "10";
  o.sheet = "Return";
  o.cell = "C5";
  store.add(s, service == "HO" ? std::vector<Observation>{o} : std::vector<Observation>{}, actions);
}

const ActionResult& result(const Scorecard& card, const std::string& id) {
  for (const auto& a : card.actions)
    if (a.action == id) return a;
  FAIL("no result for " << id);
  return card.actions.front();
}

}  // namespace

TEST_SUITE("transform") {
  TEST_CASE("each action gets its RAG and a direction against last period's, and the finished ones stay as they ended") {
    rules::RuleBook book = rules::load_rules_text(rules_yaml, "rules.yaml");
    store::Store store = testing::fresh_store();
    send(store, "HO", "2017/18 Q2",
         {said("1.1", "2017/18 Q2", Progress::on_target), said("1.2", "2017/18 Q2", Progress::rephased_minor),
          said("1.4", "2017/18 Q2", Progress::delivered)});
    send(store, "HO", "2017/18 Q3",
         {said("1.1", "2017/18 Q3", Progress::rephased_major, "A"), said("1.2", "2017/18 Q3", Progress::on_target)});
    Scorecard q3 = transform::score(book, store, *parse_period("2017/18 Q3"));
    REQUIRE(q3.actions.size() == 5);
    CHECK(q3.actions[0].action == "1.1");  // the rule file's order

    const ActionResult& worse = result(q3, "1.1");
    CHECK(worse.status == Status::red);
    CHECK(worse.service_status == Status::amber);
    CHECK(worse.direction == Direction::declining);
    CHECK(worse.direction_reason == "Red against Green in 2017/18 Q2");
    CHECK(worse.due.empty());  // re-phased with no new date: none in force

    const ActionResult& better = result(q3, "1.2");
    CHECK(better.status == Status::green);
    CHECK(better.direction == Direction::improving);

    // Begins in January: not due in Q3, and not counted as without an update.
    const ActionResult& later = result(q3, "1.3");
    CHECK(later.state == State::not_due);
    CHECK_FALSE(later.status);

    // Delivered in Q2: shown so in Q3 with no update asked for.
    const ActionResult& done = result(q3, "1.4");
    CHECK(done.progress == Progress::delivered);
    CHECK(done.status == Status::green);
    CHECK(done.reason == "delivered in 2017/18 Q2");

    // Planning sent no return.
    const ActionResult& none = result(q3, "2.1");
    CHECK(none.state == State::missing);
    CHECK(none.reason == "no return from Planning");
    CHECK(none.direction == Direction::unknown);

    // Counted as councils publish them.
    REQUIRE_FALSE(q3.action_rollups.empty());
    const ActionRollup& all = q3.action_rollups.front();
    CHECK(all.group == "All actions");
    CHECK(all.tally.actions == 5);
    CHECK(all.tally.delivered == 1);
    CHECK(all.tally.on_target == 1);
    CHECK(all.tally.rephased_major == 1);
    CHECK(all.tally.no_update == 1);
    CHECK(all.tally.not_started == 1);
    CHECK(all.tally.green == 2);
    CHECK(all.tally.red == 1);
    CHECK(all.tally.improving == 1);
    CHECK(all.tally.declining == 1);
    CHECK(all.tally.maintained == 1);  // delivered both periods
    std::vector<std::string> groups;
    for (const auto& r : q3.action_rollups) groups.push_back(r.dimension + ": " + r.group + " " + std::to_string(r.tally.actions));
    CHECK(groups == std::vector<std::string>{"All: All actions 5", "Theme: Homes 3", "Theme: Places 2", "Service: Housing 4", "Service: Planning 1"});

    // The store keeps them with the scorecard, and gives them back as they were.
    store.record_scorecard(q3);
    auto back = store.scorecard_totals("2017/18 Q3");
    REQUIRE(back);
    REQUIRE(back->actions.size() == 5);
    CHECK(back->actions[0].reason == worse.reason);
    CHECK(back->actions[0].service_status == Status::amber);
    CHECK(back->actions[3].progress == Progress::delivered);
    REQUIRE(back->action_rollups.size() == q3.action_rollups.size());
    CHECK(back->action_rollups[0].tally.not_started == 1);
  }

  TEST_CASE("an update with no return in force for its service is the return's, and a superseded return's actions are not read") {
    rules::RuleBook book = rules::load_rules_text(rules_yaml, "rules.yaml");
    store::Store store = testing::fresh_store();
    send(store, "HO", "2017/18 Q3", {said("1.1", "2017/18 Q3", Progress::on_target)});
    store::Submission again;
    again.service = "HO";
    again.period = "2017/18 Q3";
    again.file = again.sha256 = "resent.xlsx";
    again.saved = again.ingested = "2017-10-11T00:00:00Z";
    store.add(again, {}, {said("1.1", "2017/18 Q3", Progress::not_viable)});
    Scorecard q3 = transform::score(book, store, *parse_period("2017/18 Q3"));
    CHECK(result(q3, "1.1").progress == Progress::not_viable);
    CHECK(result(q3, "1.2").reason == "no update in Housing's return");
  }
}
