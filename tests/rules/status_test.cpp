// Red, Amber and Green: the one place they are decided (rules/status.cpp).
#include <doctest/doctest.h>

#include "rules/rules.hpp"

using namespace kpiflow;
using namespace kpiflow::rules;

namespace {

Indicator indicator(Polarity polarity, std::optional<Tolerance> tolerance = std::nullopt) {
  Indicator ind;
  ind.id = "X-01";
  ind.polarity = polarity;
  ind.tolerance = tolerance;
  return ind;
}

Goal goal(Target::Kind kind, double low, double high = 0) { return Goal{kind, low, kind == Target::Kind::between ? high : low}; }

Status status(const Indicator& ind, double value, const Goal& g, std::optional<double> last_year = std::nullopt) {
  Scorecard card;  // 5% relative, limit inclusive
  return *assess(ind, card, value, g, last_year);
}

}  // namespace

TEST_SUITE("rules") {
  TEST_CASE("higher is better: on target Green, within 5% Amber, beyond Red, the limit itself Amber") {
    auto ind = indicator(Polarity::up);
    auto g = goal(Target::Kind::value, 100);
    CHECK(status(ind, 100, g) == Status::green);
    CHECK(status(ind, 120, g) == Status::green);
    CHECK(status(ind, 96, g) == Status::amber);
    CHECK(status(ind, 95, g) == Status::amber);
    CHECK(status(ind, 94.9, g) == Status::red);
  }

  TEST_CASE("lower is better, and exactly on the limit is Red when the limit is not inclusive") {
    Tolerance t;
    t.limit_inclusive = false;
    auto ind = indicator(Polarity::down, t);
    auto g = goal(Target::Kind::value, 40);
    CHECK(status(ind, 38, g) == Status::green);
    CHECK(status(ind, 41, g) == Status::amber);
    CHECK(status(ind, 42, g) == Status::red);
  }

  TEST_CASE("points: Amber within an absolute distance") {
    Tolerance t;
    t.kind = Tolerance::Kind::absolute;
    t.amber = 0.05;  // 5 percentage points
    auto ind = indicator(Polarity::up, t);
    auto g = goal(Target::Kind::at_least, 0.87);
    CHECK(status(ind, 0.83, g) == Status::amber);
    CHECK(status(ind, 0.81, g) == Status::red);
  }

  TEST_CASE("a range: inside Green, outside by thresholds") {
    Tolerance t;
    t.kind = Tolerance::Kind::thresholds;
    t.amber_at = 0.75;
    t.red_at = 0.70;
    auto ind = indicator(Polarity::range, t);
    auto g = goal(Target::Kind::between, 0.80, 0.90);
    CHECK(status(ind, 0.85, g) == Status::green);
    CHECK(status(ind, 0.77, g) == Status::green);  // short of the range, but not yet at Amber's threshold
    CHECK(status(ind, 0.75, g) == Status::amber);
    CHECK(status(ind, 0.70, g) == Status::amber);  // on the Red threshold: inclusive keeps it Amber
    CHECK(status(ind, 0.69, g) == Status::red);
    CHECK(status(ind, 0.95, g) == Status::amber);  // above the range: no threshold that side
  }

  TEST_CASE("a Red that improved on last year is Amber when the tolerance says so") {
    Tolerance t;
    t.amber_if_improved_on_last_year = true;
    auto ind = indicator(Polarity::up, t);
    auto g = goal(Target::Kind::value, 100);
    CHECK(status(ind, 80, g, 70.0) == Status::amber);
    CHECK(status(ind, 80, g, 90.0) == Status::red);
  }

  TEST_CASE("polarity none is not scored") {
    Scorecard card;
    CHECK_FALSE(assess(indicator(Polarity::none), card, 5, goal(Target::Kind::value, 1)).has_value());
  }

  TEST_CASE("year-to-date goals are profiled to the period; annual measures are due only when due") {
    Scorecard card;
    Indicator ind = indicator(Polarity::up);
    ind.aggregation = Aggregation::cumulative;
    ind.targets["2017/18"] = Target{Target::Kind::value, 250, 0, {}, "250"};
    auto q2 = *parse_period("2017/18 Q2");
    CHECK(goal_for(ind, q2, card, std::nullopt)->low == doctest::Approx(125));  // pro rata
    ind.profile = {0.10, 0.35, 0.70, 1.0};
    CHECK(goal_for(ind, q2, card, std::nullopt)->low == doctest::Approx(87.5));
    CHECK_FALSE(goal_for(ind, *parse_period("2018/19 Q2"), card, std::nullopt).has_value());  // no target that year

    Indicator annual = indicator(Polarity::up);
    annual.due = {4};
    CHECK_FALSE(due_in(annual, q2, card));
    CHECK(due_in(annual, *parse_period("2017/18 Q4"), card));
  }

  TEST_CASE("a previous_year target needs last year's figure") {
    Scorecard card;
    Indicator ind = indicator(Polarity::up);
    ind.targets["2018/19"] = Target{Target::Kind::previous_year, 0.02, 0, {}, "previous_year + 2pp"};
    auto q1 = *parse_period("2018/19 Q1");
    CHECK_FALSE(goal_for(ind, q1, card, std::nullopt).has_value());
    CHECK(goal_for(ind, q1, card, 0.50)->low == doctest::Approx(0.52));
  }
}
