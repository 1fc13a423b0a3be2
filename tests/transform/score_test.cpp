// The scorecard, worked out by hand for small rule files and stores: one
// case per aggregation, comparator and missing-data state (transform/).
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/test_store.hpp"
#include "support/scored.hpp"
#include "transform/transform.hpp"

namespace fs = std::filesystem;
using namespace kpiflow;
using test::figure;
using test::find;
using test::send;

namespace {

const char* rules_text = R"(
scorecard:
  name: Test
  tolerance: 5%
  maintained: {worse: 2%, better: 0%}
services:
  - id: HO
    name: Housing
    directorate: Place
    columns: {ref: Ref, value: "{period}"}
  - id: EN
    name: Environment
    columns: {ref: Ref, value: "{period}"}
indicators:
  - id: SNAP
    title: A snapshot
    service: HO
    theme: Homes
    key: true
    targets: {2017/18: 100, 2018/19: 100}
  - id: YTD
    title: A cumulative count
    service: HO
    theme: Homes
    aggregation: cumulative
    targets: {2017/18: 400, 2018/19: 400}
  - id: REP
    title: A reported year to date
    service: HO
    aggregation: reported_cumulative
    targets: {2018/19: 400}
    profile: [10%, 40%, 70%, 100%]
  - id: AVG
    title: An average
    service: HO
    aggregation: average
    polarity: down
    targets: {2017/18: 10}
  - id: ANN
    title: An annual measure
    service: HO
    frequency: annual
    due: [Q4]
    targets: {2017/18: 50}
  - id: PREV
    title: Last year plus four
    service: HO
    targets: {2018/19: previous_year + 4}
  - id: LIFT
    title: Red lifted to Amber by improving on last year
    service: HO
    seasonal: true
    targets: {2018/19: 100}
    tolerance: {amber: 5%, amber_if_improved_on_last_year: true}
  - id: TBC
    title: No target yet
    service: HO
    targets: {2017/18: TBC, 2018/19: TBC}
  - id: TA
    title: Households in temporary accommodation
    service: HO
    polarity: down
  - id: BB
    title: Households in bed and breakfast
    service: HO
    polarity: down
  - id: EN-1
    title: From a service that sent nothing
    service: EN
    targets: {2017/18: 1}
shared_targets:
  - id: TA+BB
    title: Temporary accommodation and bed and breakfast together
    indicators: [TA, BB]
    polarity: down
    targets: {2017/18: "<= 45", 2018/19: "<= 45"}
)";


// 2017/18 Q1 and Q2 and 2018/19 Q2 in a store.
store::Store example() {
  store::Store store = testing::fresh_store();
  send(store, "HO", "2017/18 Q1",
       {figure("SNAP", "2017/18 Q1", 90), figure("YTD", "2017/18 Q1", 80), figure("AVG", "2017/18 Q1", 9),
        figure("ANN", "2017/18 Q1", std::nullopt, "Not due"), figure("TA", "2017/18 Q1", 30), figure("BB", "2017/18 Q1", 14),
        figure("TBC", "2017/18 Q1", 5)});
  send(store, "HO", "2017/18 Q2",
       {figure("SNAP", "2017/18 Q2", 96), figure("YTD", "2017/18 Q2", 110), figure("AVG", "2017/18 Q2", 12),
        figure("TA", "2017/18 Q2", 31), figure("BB", "2017/18 Q2", 16), figure("TBC", "2017/18 Q2", 7),
        figure("PREV", "2017/18 Q2", 20), figure("LIFT", "2017/18 Q2", 70), figure("REP", "2017/18 Q2", 120)});
  send(store, "HO", "2018/19 Q2",
       {figure("SNAP", "2018/19 Q2", 100), figure("YTD", "2018/19 Q2", 50), figure("REP", "2018/19 Q2", 150),
        figure("PREV", "2018/19 Q2", 23), figure("LIFT", "2018/19 Q2", 80), figure("TA", "2018/19 Q2", 30), figure("BB", "2018/19 Q2", 20)});
  return store;
}

}  // namespace

TEST_SUITE("transform") {
  TEST_CASE("each aggregation is scored on the right figure against the right goal") {
    auto book = rules::load_rules_text(rules_text, "rules.yaml");
    auto store = example();
    Scorecard q2 = transform::score(book, store, *parse_period("2017/18 Q2"));

    const Result& snap = find(q2, "SNAP");  // 96 vs 100: 4% short, within 5%
    CHECK(snap.status == Status::amber);
    CHECK(*snap.variance == -4);
    CHECK(*snap.variance_share == doctest::Approx(-0.04));
    CHECK(snap.reason == "96 vs target 100: 4 below target (4% short), within the Amber limit of 5 (5% of 100) → Amber");
    // 96 vs 90 the quarter before: better, and the better band is 0%.
    CHECK(snap.direction == Direction::improving);
    CHECK(snap.compared_period == "2017/18 Q1");

    const Result& ytd = find(q2, "YTD");  // 80 + 110 = 190 vs 200 (pro rata half of 400): 5% short, on the limit
    CHECK(*ytd.scored == 190);
    CHECK(ytd.basis == "YTD");
    CHECK(*ytd.goal_low == 200);
    CHECK(ytd.status == Status::amber);
    CHECK(ytd.reason == "YTD 190 vs profiled target 200 (50% of 400): 10 below target (5% short), within the Amber limit of 10 (5% of 200) → Amber");

    const Result& avg = find(q2, "AVG");  // (9 + 12) / 2 = 10.5 vs 10, lower is better: 5% over, on the limit
    CHECK(*avg.scored == 10.5);
    CHECK(avg.status == Status::amber);

    const Result& ann = find(q2, "ANN");
    CHECK(ann.state == State::not_due);
    CHECK_FALSE(ann.status);
    CHECK(ann.reason == "not due in 2017/18 Q2: reported in Q4 only");

    const Result& tbc = find(q2, "TBC");  // no target: no status, but a direction
    CHECK(tbc.state == State::no_target);
    CHECK_FALSE(tbc.status);
    CHECK(tbc.direction == Direction::improving);

    const Result& none = find(q2, "EN-1");
    CHECK(none.state == State::missing);
    CHECK(none.reason == "no return from Environment for 2017/18 Q2");
  }

  TEST_CASE("a cumulative indicator with a quarter missing from the store has no year to date") {
    auto book = rules::load_rules_text(rules_text, "rules.yaml");
    store::Store store = testing::fresh_store();
    send(store, "HO", "2017/18 Q2", {figure("YTD", "2017/18 Q2", 110)});
    Scorecard q2 = transform::score(book, store, *parse_period("2017/18 Q2"));
    const Result& ytd = find(q2, "YTD");
    CHECK(ytd.state == State::missing);
    CHECK_FALSE(ytd.status);
    CHECK(ytd.reason == "the year to date cannot be summed: YTD has no figure for 2017/18 Q1");
  }

  // Issue 13 (8): a council that profiles unevenly prints a target per
  // quarter; a target in words was refused.
  TEST_CASE("a trajectory sets each period's own target, unprofiled; a target in words is shown, not scored") {
    auto book = rules::load_rules_text(R"(scorecard: {name: Test, tolerance: {green: 0%, amber: 5%}}
services:
  - {id: HO, name: Housing}
indicators:
  - {id: NEW, title: New homes, service: HO, aggregation: cumulative, targets: {2017/18: {Q1: 100, Q2: 300, Q4: 600}}}
  - {id: SNAP, title: Satisfaction, service: HO, unit: percent, targets: {2017/18: {Q1: 70%, Q2: ">= 75%", Q3: 78%, Q4: 80%}}}
  - {id: WORD, title: Visits, service: HO, targets: {2017/18: Increase}}
)",
                                       "rules.yaml");
    store::Store store = testing::fresh_store();
    send(store, "HO", "2017/18 Q1", {figure("NEW", "2017/18 Q1", 80), figure("SNAP", "2017/18 Q1", 0.7), figure("WORD", "2017/18 Q1", 5)});
    send(store, "HO", "2017/18 Q2", {figure("NEW", "2017/18 Q2", 215), figure("SNAP", "2017/18 Q2", 0.74), figure("WORD", "2017/18 Q2", 9)});
    Scorecard q2 = transform::score(book, store, *parse_period("2017/18 Q2"));
    const Result& homes = find(q2, "NEW");  // 80 + 215 = 295 vs the Q2 step 300 (not 50% of 600): 1.7% short
    CHECK(*homes.scored == 295);
    CHECK(*homes.goal_low == 300);
    CHECK(homes.status == Status::amber);
    CHECK(homes.target == "300");
    CHECK(homes.reason.rfind("YTD 295 vs target 300: ", 0) == 0);
    const Result& share = find(q2, "SNAP");  // 74% against Q2's >= 75%
    CHECK(*share.goal_low == 0.75);
    CHECK(share.status == Status::amber);
    const Result& words = find(q2, "WORD");
    CHECK(words.state == State::no_target);
    CHECK(words.target == "Increase");
    CHECK(words.reason == "9: the target is in words ('Increase'): shown, not scored, so no status");
    Scorecard q3 = transform::score(book, store, *parse_period("2017/18 Q3"));
    CHECK(find(q3, "NEW").target.empty());  // the trajectory skips Q3
    CHECK(*rules::target_for(book.indicators[0], *parse_period("2017/18")) == book.indicators[0].targets.at("2017/18 Q4"));
  }

  TEST_CASE("a trajectory names periods of its own year, and a target with figures must be readable") {
    auto load = [](const std::string& targets) {
      try {
        rules::load_rules_text("scorecard: {name: Test}\nservices:\n  - {id: HO, name: Housing}\nindicators:\n"
                               "  - {id: NEW, title: New homes, service: HO, targets: {2017/18: " + targets + "}}\n",
                               "rules.yaml");
      } catch (const Error& e) {
        return std::string(e.what());
      }
      return std::string("read");
    };
    CHECK(load("{Q1: 100, Q5: 200}") == "rules.yaml:5:75: 'Q5' is not a period of 2017/18; hint: name each step Q1 to Q4, or by month (Apr, or M1 to M12)");
    CHECK(load("{Q1: 100, Q1: 200}").find("given twice") != std::string::npos);
    CHECK(load("more than 4 5") == "rules.yaml:5:65: the 2017/18 target of indicator 'NEW': cannot read 'more than 4 5' as a target; hint: write a number (45), a "
                                   "bound (<= 45, >= 87%), a range (15%..30%), previous_year, previous_year - 4, {benchmark: NAME} or none");
    CHECK(load("Top quartile") == "read");
  }

  // Issue 13 (7): the statuses officers and services set were ignored.
  TEST_CASE("an officer's assessment is published with its reason, the computed status kept; the service's own is shown") {
    auto book = rules::load_rules_text(R"(scorecard: {name: Test, tolerance: 5%}
services:
  - {id: HO, name: Housing}
indicators:
  - {id: A, title: Homes, service: HO, targets: {2017/18: 100}}
  - {id: B, title: Visits, service: HO, targets: {2017/18: 100}}
overrides:
  - {indicator: A, period: 2017/18 Q2, status: amber, reason: Two late completions counted in October}
)",
                                       "rules.yaml");
    store::Store store = testing::fresh_store();
    Observation a = figure("A", "2017/18 Q2", 80);
    a.assessed = "Green";
    a.assessed_reason = "on track";
    Observation b = figure("B", "2017/18 Q2", 80);
    b.assessed = "R";
    send(store, "HO", "2017/18 Q2", {a, b});
    Scorecard q2 = transform::score(book, store, *parse_period("2017/18 Q2"));
    const Result& judged = find(q2, "A");
    CHECK(judged.status == Status::amber);
    CHECK(judged.computed == Status::red);
    CHECK(judged.assessment == "Two late completions counted in October");
    CHECK(judged.reason.rfind("assessed Amber by the performance team: Two late completions counted in October (the figures alone: 80 vs target 100", 0) == 0);
    CHECK(judged.service_status == Status::green);
    CHECK(judged.service_reason == "on track");
    const Result& plain = find(q2, "B");
    CHECK(plain.status == Status::red);
    CHECK_FALSE(plain.computed);
    CHECK(plain.assessment.empty());
    CHECK(plain.service_status == Status::red);
    const auto& all = q2.rollups.front();
    CHECK(all.tally.assessed == 1);
    CHECK(all.tally.amber == 1);
    CHECK(all.tally.red == 1);
    // Kept and read back as scored.
    store.record_scorecard(q2, "basis");
    auto back = store.scorecard("2017/18 Q2");
    REQUIRE(back);
    CHECK(find(*back, "A").computed == Status::red);
    CHECK(find(*back, "A").service_status == Status::green);
    CHECK(back->rollups.front().tally.assessed == 1);

    auto refused = [](const std::string& item) {
      try {
        rules::load_rules_text("scorecard: {name: T}\nservices:\n  - {id: HO, name: Housing}\nindicators:\n  - {id: A, title: H, service: HO}\n"
                               "overrides:\n  - " + item + "\n",
                               "rules.yaml");
      } catch (const Error& e) {
        return std::string(e.what());
      }
      return std::string("read");
    };
    CHECK(refused("{indicator: A, period: 2017/18 Q2, status: Amber}").find("'reason'") != std::string::npos);
    CHECK(refused("{indicator: A, period: 2017/18 Q2, status: Amber, reason: \" \"}").find("gives no reason") != std::string::npos);
    CHECK(refused("{indicator: Z, period: 2017/18 Q2, status: Amber, reason: x}").find("not an indicator") != std::string::npos);
    CHECK(refused("{indicator: A, period: 2017/18 Q2, status: Purple, reason: x}").find("'Purple' is not a status") != std::string::npos);
    // The list may live in a file beside the rule file, whose bytes the fingerprint covers.
    fs::path dir = fs::temp_directory_path() / ("kpiflow-overrides-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::string rules = "scorecard: {name: T}\nservices:\n  - {id: HO, name: Housing}\nindicators:\n  - {id: A, title: H, service: HO}\n"
                        "overrides: overrides.yaml\n";
    std::ofstream(dir / "overrides.yaml") << "- {indicator: A, period: 2017/18 Q2, status: G, reason: Signed off}\n";
    auto from_file = rules::load_rules_text(rules, (dir / "rules.yaml").string());
    REQUIRE(from_file.overrides.size() == 1);
    CHECK(from_file.overrides[0].status == Status::green);
    std::ofstream(dir / "overrides.yaml") << "- {indicator: A, period: 2017/18 Q2, status: A, reason: Signed off}\n";
    CHECK(rules::load_rules_text(rules, (dir / "rules.yaml").string()).fingerprint != from_file.fingerprint);
    std::ofstream(dir / "overrides.yaml") << "- {indicator: A, period: 2017/18 Q2, status: A}\n";
    try {
      rules::load_rules_text(rules, (dir / "rules.yaml").string());
      FAIL("an override without a reason was read");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).rfind((dir / "overrides.yaml").string() + ":1:3: ", 0) == 0);
    }
    fs::remove_all(dir);
    CHECK(refused("{indicator: A, period: 2017/18 Q2, status: A, reason: x}\n  - {indicator: A, period: 2017/18 Q2, status: G, reason: y}")
              .find("overridden twice") != std::string::npos);
  }

  TEST_CASE("a status is read as people write it") {
    CHECK(status_written("G") == Status::green);
    CHECK(status_written(" amber ") == Status::amber);
    CHECK(status_written("Red/Amber") == Status::red_amber);
    CHECK(status_written("amber green") == Status::amber_green);
    CHECK(status_written("RA") == Status::red_amber);
    CHECK_FALSE(status_written("Grean"));
    CHECK_FALSE(status_written(""));
  }

  // Issue 13 (6): an annual measure was "Not due" for three quarters in four.
  TEST_CASE("a measure carried forward shows its last due period's status between due periods, saying so") {
    auto book = rules::load_rules_text(R"(scorecard: {name: Test}
services:
  - {id: HO, name: Housing}
indicators:
  - {id: SURVEY, title: Satisfied residents, service: HO, unit: percent, due: [Q4], carry_forward: true, targets: {2017/18: 80%, 2018/19: 82%}}
  - {id: PLAIN, title: Annual count, service: HO, due: [Q4], targets: {2017/18: 10}}
)",
                                       "rules.yaml");
    store::Store store = testing::fresh_store();
    Observation survey = figure("SURVEY", "2017/18 Q4", 0.75);
    survey.commentary = "Residents' survey 2017/18";
    send(store, "HO", "2017/18 Q4", {survey, figure("PLAIN", "2017/18 Q4", 12)});
    send(store, "HO", "2018/19 Q2", {});
    Scorecard q2 = transform::score(book, store, *parse_period("2018/19 Q2"));
    const Result& carried = find(q2, "SURVEY");
    CHECK(carried.period == "2018/19 Q2");
    CHECK(carried.status == Status::red);  // 75% against 2017/18's 80%, as it stood then
    CHECK(*carried.scored == 0.75);
    CHECK(carried.basis == "carried forward from 2017/18 Q4");
    CHECK(carried.commentary == "Residents' survey 2017/18");  // as the pass over the year reads it too
    INFO(carried.reason);
    CHECK(carried.reason.rfind("carried forward from 2017/18 Q4 (not due in 2018/19 Q2): 75.0% vs target 80.0%", 0) == 0);
    const Result& plain = find(q2, "PLAIN");
    CHECK(plain.state == State::not_due);
    // Never due with a figure: nothing to carry, so Not due.
    Scorecard first = transform::score(book, store, *parse_period("2017/18 Q2"));
    CHECK(find(first, "SURVEY").state == State::not_due);
  }

  // Issue 13 (3): national figures arrive a year late; kpiflow said M.
  TEST_CASE("a lagged measure is scored on its latest figure, against that period's target, saying which period") {
    auto book = rules::load_rules_text(R"(scorecard: {name: Test}
services:
  - {id: HO, name: Housing}
indicators:
  - {id: OBESE, title: Obesity in year 6, service: HO, unit: percent, polarity: down, latest_available: true, targets: {2016/17: "<= 12%", 2017/18: "<= 11%"}}
)",
                                       "rules.yaml");
    store::Store store = testing::fresh_store();
    send(store, "HO", "2017/18 Q1", {figure("OBESE", "2017/18 Q1", std::nullopt, "M")});
    Observation lagged = figure("OBESE", "2016/17", 0.125, "2016/17: 12.5%");
    lagged.commentary = "Newly published national figure";
    send(store, "HO", "2017/18 Q2", {lagged});
    Scorecard q2 = transform::score(book, store, *parse_period("2017/18 Q2"));
    const Result& r = find(q2, "OBESE");
    INFO(r.reason);
    CHECK(r.period == "2017/18 Q2");
    CHECK(*r.scored == 0.125);
    CHECK(r.basis == "latest available: 2016/17");
    CHECK(r.target == "<= 12%");  // 2016/17's, not 2017/18's 11%
    // Its commentary, figure as written and cell come with it (the Exceptions
    // sheet chased "no commentary" for a lagged figure that had some).
    CHECK(r.commentary == "Newly published national figure");
    CHECK(r.raw == "2016/17: 12.5%");
    CHECK(r.cell == "C2");
    CHECK(r.status == Status::amber);
    CHECK(r.reason.rfind("the latest figure is for 2016/17 (none for 2017/18 Q2), against 2016/17's target: 12.5% vs target at most 12.0%", 0) == 0);
    // Q1's return said M; the 2016/17 figure, in the store now, is the latest
    // for Q1 too (the scorecard does not depend on which return brought it).
    Scorecard q1 = transform::score(book, store, *parse_period("2017/18 Q1"));
    CHECK(find(q1, "OBESE").basis == "latest available: 2016/17");
    // Before 2016/17 ended there was nothing to show.
    Scorecard early = transform::score(book, store, *parse_period("2016/17 Q3"));
    CHECK_FALSE(find(early, "OBESE").scored);
  }

  // Issue 13 (9): "60 (150 cum)" for a reported_cumulative indicator scored 60.
  TEST_CASE("a reported year to date written beside the period's figure is the figure scored") {
    auto book = rules::load_rules_text(rules_text, "rules.yaml");
    store::Store store = testing::fresh_store();
    Observation rep = figure("REP", "2018/19 Q2", 60, "60 (150 cum)");
    rep.cumulative = 150;
    send(store, "HO", "2018/19 Q2", {rep});
    Scorecard card = transform::score(book, store, *parse_period("2018/19 Q2"));
    const Result& got = find(card, "REP");
    CHECK(*got.scored == 150);
    CHECK(got.basis == "reported YTD");
  }

  TEST_CASE("year-to-date figures are compared with last year's at the same point, never a full year") {
    auto book = rules::load_rules_text(rules_text, "rules.yaml");
    auto store = example();
    Scorecard card = transform::score(book, store, *parse_period("2018/19 Q2"));
    const Result& rep = find(card, "REP");  // reported YTD 150 vs 120 at 2017/18 Q2
    CHECK(rep.compared_period == "2017/18 Q2");
    CHECK(*rep.compared_with == 120);
    CHECK(rep.direction == Direction::improving);
    CHECK(*rep.goal_low == 160);  // 40% of 400
    CHECK(rep.status == Status::red);     // 10 short of 160 is 6.25%
    const Result& ytd = find(card, "YTD");  // 2018/19 has no Q1: no year to date, so no direction
    CHECK(ytd.state == State::missing);
    CHECK(ytd.direction == Direction::unknown);
  }

  TEST_CASE("previous_year targets and the improved-on-last-year rule read last year from the store") {
    auto book = rules::load_rules_text(rules_text, "rules.yaml");
    auto store = example();
    Scorecard card = transform::score(book, store, *parse_period("2018/19 Q2"));
    const Result& prev = find(card, "PREV");  // 23 vs 20 + 4 = 24: 4.2% short
    CHECK(*prev.goal_low == 24);
    CHECK(prev.status == Status::amber);
    CHECK(prev.reason == "23 vs target 24 (last year's 20 + 4): 1 below target (4.2% short), within the Amber limit of 1.2 (5% of 24) → Amber");
    const Result& lift = find(card, "LIFT");  // 80 vs 100 is Red, but better than last year's 70
    CHECK(lift.status == Status::amber);
    CHECK(lift.reason.find("but better than last year's 70, so Amber") != std::string::npos);
    // Seasonal: against the same quarter last year, not the quarter before.
    CHECK(lift.compared_period == "2017/18 Q2");
    CHECK(lift.direction == Direction::improving);
  }

  TEST_CASE("a shared target scores the sum of its indicators") {
    auto book = rules::load_rules_text(rules_text, "rules.yaml");
    auto store = example();
    Scorecard q2 = transform::score(book, store, *parse_period("2017/18 Q2"));
    const Result& shared = find(q2, "TA+BB");  // 31 + 16 = 47, at most 45: 4.4% over
    CHECK(shared.parts == "TA + BB");
    CHECK(*shared.scored == 47);
    CHECK(shared.status == Status::amber);
    CHECK(*shared.compared_with == 44);  // 30 + 14 in Q1
    CHECK(shared.direction == Direction::declining);  // 47 vs 44, lower is better: 6.8% worse
    // Not counted again in the roll-ups.
    CHECK(q2.rollups.front().tally.indicators == 11);

    store::Store partial = testing::fresh_store();
    send(partial, "HO", "2017/18 Q2", {figure("TA", "2017/18 Q2", 31)});
    Scorecard partial_card = transform::score(book, partial, *parse_period("2017/18 Q2"));
    const Result& lacking = find(partial_card, "TA+BB");
    CHECK(lacking.state == State::missing);
    CHECK(lacking.reason == "TA + BB: BB has no figure (BB is not in Housing's return)");
  }

  TEST_CASE("the Maintained band may be asymmetric: a small decline is Maintained, any gain Improving") {
    auto book = rules::load_rules_text(rules_text, "rules.yaml");
    store::Store store = testing::fresh_store();
    send(store, "HO", "2017/18 Q1", {figure("SNAP", "2017/18 Q1", 100)});
    send(store, "HO", "2017/18 Q2", {figure("SNAP", "2017/18 Q2", 98)});
    send(store, "HO", "2017/18 Q3", {figure("SNAP", "2017/18 Q3", 98.5)});
    send(store, "HO", "2017/18 Q4", {figure("SNAP", "2017/18 Q4", 96)});
    auto direction = [&](const char* p) {
      Scorecard card = transform::score(book, store, *parse_period(p));
      return find(card, "SNAP").direction;
    };
    CHECK(direction("2017/18 Q2") == Direction::maintained);  // 2% worse: on the band's edge
    CHECK(direction("2017/18 Q3") == Direction::improving);   // 0.5% better
    CHECK(direction("2017/18 Q4") == Direction::declining);   // 2.5% worse
  }

  TEST_CASE("roll-ups count statuses of those reporting one, and return compliance") {
    auto book = rules::load_rules_text(rules_text, "rules.yaml");
    auto store = example();
    Scorecard q2 = transform::score(book, store, *parse_period("2017/18 Q2"));
    const Tally& all = q2.rollups.front().tally;
    CHECK(q2.rollups.front().group == "All indicators");
    CHECK(all.indicators == 11);
    CHECK(all.not_due == 1);     // ANN
    CHECK(all.missing == 1);     // EN-1: no return
    CHECK(all.no_target == 6);   // TBC, PREV, LIFT and REP have no 2017/18 target; TA and BB none at all
    CHECK(all.with_status() == 3);
    CHECK(q2.rollups[1].dimension == "Key KPIs");
    CHECK(q2.rollups[1].tally.indicators == 1);
    REQUIRE(q2.compliance.size() == 2);
    CHECK(q2.compliance[0].received);
    CHECK(q2.compliance[0].figures_due == 9);
    CHECK(q2.compliance[1].service == "EN");
    CHECK_FALSE(q2.compliance[1].received);
  }

  TEST_CASE("the scorecard does not depend on the order returns were ingested in") {
    auto book = rules::load_rules_text(rules_text, "rules.yaml");
    auto forwards = example();
    store::Store backwards = testing::fresh_store();
    send(backwards, "HO", "2018/19 Q2", {figure("SNAP", "2018/19 Q2", 100), figure("REP", "2018/19 Q2", 150)});
    send(backwards, "HO", "2017/18 Q2", {figure("SNAP", "2017/18 Q2", 96), figure("REP", "2017/18 Q2", 120)});
    send(backwards, "HO", "2017/18 Q1", {figure("SNAP", "2017/18 Q1", 90)});
    for (const char* p : {"2017/18 Q2", "2018/19 Q2"}) {
      auto a = transform::score(book, forwards, *parse_period(p));
      auto b = transform::score(book, backwards, *parse_period(p));
      for (const char* id : {"SNAP", "REP"}) {
        CAPTURE(p);
        CAPTURE(id);
        CHECK(find(a, id).status == find(b, id).status);
        CHECK(find(a, id).reason == find(b, id).reason);
        CHECK(find(a, id).direction_reason == find(b, id).direction_reason);
      }
    }
  }

  TEST_CASE("a recorded scorecard reads back from the store as it was") {
    auto book = rules::load_rules_text(rules_text, "rules.yaml");
    auto store = example();
    Scorecard q2 = transform::score(book, store, *parse_period("2017/18 Q2"));
    store.record_scorecard(q2);
    store.record_scorecard(q2);  // again: replaced, not doubled
    auto back = store.scorecard("2017/18 Q2");
    REQUIRE(back);
    REQUIRE(back->results.size() == q2.results.size());
    for (std::size_t i = 0; i < q2.results.size(); ++i) {
      CHECK(back->results[i].reason == q2.results[i].reason);
      CHECK(back->results[i].scored == q2.results[i].scored);
      CHECK(back->results[i].direction == q2.results[i].direction);
    }
    CHECK(back->rollups.size() == q2.rollups.size());
    CHECK(back->rollups[0].tally.no_target == q2.rollups[0].tally.no_target);
    CHECK(back->compliance.size() == 2);
    CHECK_FALSE(store.scorecard("2016/17 Q2"));
  }
}
