// Direction of travel as councils publish it (issue 13): each comparator and
// each kind of Maintained band, worked out by hand.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "support/test_store.hpp"
#include "support/scored.hpp"
#include "transform/transform.hpp"

using namespace kpiflow;
using test::figure;
using test::find;

namespace {

const char* rules_text = R"(
scorecard:
  name: Test
  tolerance: 5%
services:
  - {id: HO, name: Housing, columns: {ref: Ref, value: "{period}"}}
indicators:
  - {id: GAP, title: Blank last quarter, service: HO, targets: {2017/18: 100}, direction: last_reported}
  - {id: GAP-PREV, title: Blank last quarter, service: HO, targets: {2017/18: 100}, direction: previous_period}
  - {id: HALF, title: Reported in Q2 and Q4, service: HO, due: [Q2, Q4], targets: {2017/18: 100}}
  - {id: ANN, title: Annual, service: HO, frequency: annual, due: [Q4], targets: {2016/17: 50, 2017/18: 50}}
  - id: SHARE
    title: Year to date against last year's outturn
    service: HO
    aggregation: cumulative
    targets: {2017/18: 400}
    direction: {compare: last_year_outturn_share}
  - id: OWN
    title: The quarter's own figure
    service: HO
    aggregation: cumulative
    targets: {2017/18: 400}
    direction: {compare: period_figure}
  - {id: PP, title: A percentage, service: HO, unit: percent, targets: {2017/18: 80%}, direction: {maintained: 1pp}}
  - {id: DAYS, title: Days to re-let, service: HO, unit: days, polarity: down, decimals: 1, targets: {2017/18: 20}, direction: {maintained: 0.5}}
)";

// Housing's return, as the scoring tests' other cases send it but saved in June.
void send(store::Store& store, const std::string& period, std::vector<Observation> figures) {
  test::send(store, "HO", period, std::move(figures), "2018-06-01T00:00:00Z");
}

}  // namespace

TEST_SUITE("transform") {
  TEST_CASE("each comparator and band, by hand") {
    auto book = rules::load_rules_text(rules_text, "rules.yaml");
    store::Store store = testing::fresh_store();
    // Last year: SHARE's outturn is 100 a quarter, 400; ANN's figure 40.
    for (int q = 1; q <= 4; ++q) {
      std::string p = fmt::format("2016/17 Q{}", q);
      std::vector<Observation> last{figure("SHARE", p, 100)};
      if (q == 4) last.push_back(figure("ANN", p, 40));
      send(store, p, last);
    }
    send(store, "2017/18 Q1", {figure("GAP", "2017/18 Q1", 10), figure("GAP-PREV", "2017/18 Q1", 10), figure("SHARE", "2017/18 Q1", 60),
                               figure("OWN", "2017/18 Q1", 60), figure("PP", "2017/18 Q1", 0.80), figure("DAYS", "2017/18 Q1", 10)});
    send(store, "2017/18 Q2", {figure("GAP", "2017/18 Q2", std::nullopt, "-"), figure("GAP-PREV", "2017/18 Q2", std::nullopt, "-"),
                               figure("HALF", "2017/18 Q2", 10), figure("SHARE", "2017/18 Q2", 90), figure("OWN", "2017/18 Q2", 90),
                               figure("PP", "2017/18 Q2", 0.805), figure("DAYS", "2017/18 Q2", 10.4)});
    send(store, "2017/18 Q3", {figure("GAP", "2017/18 Q3", 12), figure("GAP-PREV", "2017/18 Q3", 12), figure("PP", "2017/18 Q3", 0.82),
                               figure("DAYS", "2017/18 Q3", 11)});
    send(store, "2017/18 Q4", {figure("HALF", "2017/18 Q4", 12), figure("ANN", "2017/18 Q4", 45)});

    Scorecard q2 = transform::score(book, store, *parse_period("2017/18 Q2"));
    Scorecard q3 = transform::score(book, store, *parse_period("2017/18 Q3"));
    Scorecard q4 = transform::score(book, store, *parse_period("2017/18 Q4"));

    // Q2 left blank: the last reported figure is Q1's.
    CHECK(find(q3, "GAP").direction == Direction::improving);
    CHECK(find(q3, "GAP").compared_period == "2017/18 Q1");
    CHECK(find(q3, "GAP").direction_reason == "12 vs 10 in 2017/18 Q1, the last reported figure (2017/18 Q2 has none): 20% better → Improving");
    CHECK(find(q3, "GAP-PREV").direction == Direction::unknown);

    // Due in Q2 and Q4: Q4 against Q2; annual: against last year's Q4.
    CHECK(find(q4, "HALF").compared_period == "2017/18 Q2");
    CHECK(find(q4, "HALF").direction_reason == "12 vs 10 in 2017/18 Q2, the last period it was due: 20% better → Improving");
    CHECK(find(q4, "ANN").compared_period == "2016/17 Q4");
    CHECK(find(q4, "ANN").direction == Direction::improving);

    // Year to date 150 at Q2 against half of last year's 400.
    CHECK(find(q2, "SHARE").scored == 150);
    CHECK(find(q2, "SHARE").compared_with == 200);
    CHECK(find(q2, "SHARE").direction_reason == "150 vs 200 (50% of 2016/17's outturn of 400): 25% worse → Declining");

    // The quarter's own 90 against Q1's own 60, not the year to date.
    CHECK(find(q2, "OWN").direction == Direction::improving);
    CHECK(find(q2, "OWN").direction_reason == "90 (2017/18 Q2's own figure) vs 60 (2017/18 Q1's own figure): 50% better → Improving");

    // 1pp band: half a point is Maintained; 1.5 points is not.
    CHECK(find(q2, "PP").direction == Direction::maintained);
    CHECK(find(q2, "PP").direction_reason == "80.5% vs 80.0% in 2017/18 Q1: 0.5 points better, inside the 1 point Maintained band → Maintained");
    CHECK(find(q3, "PP").direction == Direction::improving);
    CHECK(find(q3, "PP").direction_reason == "82.0% vs 80.5% in 2017/18 Q2: 1.5 points better, beyond the 1 point Maintained band → Improving");

    // Half a day in the unit, lower is better.
    CHECK(find(q2, "DAYS").direction == Direction::maintained);
    CHECK(find(q3, "DAYS").direction == Direction::declining);
    CHECK(find(q3, "DAYS").direction_reason == "11.0 vs 10.4 in 2017/18 Q2: 0.6 worse, beyond the 0.5 Maintained band → Declining");
  }

  TEST_CASE("a comparator or band that cannot apply is refused at its line") {
    auto error_of = [](const std::string& text) {
      try {
        rules::load_rules_text(text, "rules.yaml");
      } catch (const Error& e) {
        return std::string(e.what());
      }
      return std::string("no error");
    };
    std::string head = "scorecard: {name: T}\nservices:\n  - {id: HO, name: Housing}\nindicators:\n";
    CHECK(error_of(head + "  - {id: A, title: A, service: HO, direction: period_figure}\n").rfind("rules.yaml:5:", 0) == 0);
    CHECK(error_of(head + "  - {id: A, title: A, service: HO, direction: period_figure}\n").find("is not a year-to-date measure") != std::string::npos);
    CHECK(error_of(head + "  - {id: A, title: A, service: HO, direction: {maintained: 1pp}}\n").find("not a percentage") != std::string::npos);
    CHECK(error_of(head + "  - {id: A, title: A, service: HO, direction: last_reportd}\n").find("did you mean 'last_reported'?") !=
          std::string::npos);
    CHECK(error_of("scorecard: {name: T, maintained: 0.5}\nservices:\n  - {id: HO, name: H}\nindicators:\n  - {id: A, title: A, service: HO}\n")
              .find("an amount in a unit is given per indicator") != std::string::npos);
    CHECK(error_of("scorecard: {name: T, maintained: 2%, direction: {maintained: 1pp}}\nservices:\n  - {id: HO, name: H}\nindicators:\n"
                   "  - {id: A, title: A, service: HO}\n")
              .find("gives 'maintained' twice") != std::string::npos);
  }
}
