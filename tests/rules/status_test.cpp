// Red, Amber and Green: the one place they are decided (rules/status.cpp).
#include <doctest/doctest.h>

#include "rules/rules.hpp"
#include "rules/values.hpp"

#include <cmath>
#include <map>

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

Goal goal(Target::Kind kind, double low, double high = 0) {
  Goal g;
  g.kind = kind;
  g.low = low;
  g.high = kind == Target::Kind::between ? high : low;
  return g;
}

Goal strictly(Target::Kind kind, double bound) {
  Goal g = goal(kind, bound);
  g.strict = true;
  return g;
}

Status status(const Indicator& ind, double value, const Goal& g, std::optional<double> last_year = std::nullopt, int levels = 3) {
  Scorecard card;  // 5% relative, limit inclusive
  card.levels = levels;
  return assess(ind, card, value, g, last_year)->status;
}

std::string why(const Indicator& ind, double value, const Goal& g, int levels = 3) {
  Scorecard card;
  card.levels = levels;
  return assess(ind, card, value, g)->why;
}

Tolerance relative(double amber, double green = 0) {
  Tolerance t;
  t.amber = amber;
  t.green = green;
  return t;
}

Tolerance points(double amber) {
  Tolerance t;
  t.kind = Tolerance::Kind::absolute;
  t.amber = amber;
  return t;
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
    auto ind = indicator(Polarity::up, points(5));
    auto g = goal(Target::Kind::at_least, 87);
    CHECK(status(ind, 83, g) == Status::amber);
    CHECK(status(ind, 82, g) == Status::amber);
    CHECK(status(ind, 81, g) == Status::red);
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

  // Regression: "5pp" was kept as 5 and compared with fractions, so a
  // percentage indicator 40 points short of target was Amber.
  TEST_CASE("5pp on a percentage indicator is five points of a fraction") {
    auto ind = indicator(Polarity::up, points(5));
    ind.unit = Unit::percent;
    auto g = goal(Target::Kind::value, 0.87);
    CHECK(status(ind, 0.83, g) == Status::amber);
    CHECK(status(ind, 0.82, g) == Status::amber);  // on the limit: 0.87 - 0.82 is not exactly 0.05 in binary
    CHECK(status(ind, 0.47, g) == Status::red);
    CHECK(why(ind, 0.82, g) == "5 points below target (5.7% short), within the Amber limit of 5 points → Amber");
  }

  struct Case {
    const char* what;
    Polarity polarity;
    Tolerance tolerance;
    Goal goal;
    double value;
    int levels;
    Status expected;
  };

  // Each worked by hand: shortfall against the limit the tolerance gives.
  TEST_CASE("status by tolerance model, polarity and levels: hand-computed cases") {
    using K = Target::Kind;
    Tolerance five_ten = relative(0.10, 0.05);  // Green within 5%, Amber 5-10%
    Tolerance bands = relative(0.05);
    bands.amber_green = 0.02;
    bands.red_amber = 0.10;
    Tolerance exclusive = relative(0.05);
    exclusive.limit_inclusive = false;
    Tolerance zero_points = relative(0.05);
    zero_points.at_zero = 2;
    const Case cases[] = {
        {"up, on target", Polarity::up, relative(0.05), goal(K::value, 200), 200, 3, Status::green},
        {"up, 5% under is on the limit", Polarity::up, relative(0.05), goal(K::value, 200), 190, 3, Status::amber},
        {"up, 5.5% under", Polarity::up, relative(0.05), goal(K::value, 200), 189, 3, Status::red},
        {"up, exclusive limit", Polarity::up, exclusive, goal(K::value, 200), 190, 3, Status::red},
        {"down, 4% over", Polarity::down, relative(0.05), goal(K::value, 50), 52, 3, Status::amber},
        {"down, below target", Polarity::down, relative(0.05), goal(K::value, 50), 12, 3, Status::green},
        {"at most, 10% over", Polarity::down, relative(0.05), goal(K::at_most, 50), 55, 3, Status::red},
        {"green within 5%: 4% short", Polarity::up, five_ten, goal(K::value, 100), 96, 3, Status::green},
        {"green within 5%: 5% short", Polarity::up, five_ten, goal(K::value, 100), 95, 3, Status::green},
        {"amber 5-10%: 8% short", Polarity::up, five_ten, goal(K::value, 100), 92, 3, Status::amber},
        {"amber 5-10%: 10% short", Polarity::up, five_ten, goal(K::value, 100), 90, 3, Status::amber},
        {"amber 5-10%: 11% short", Polarity::up, five_ten, goal(K::value, 100), 89, 3, Status::red},
        {"points: 0.3 short of 4.0 within 0.5", Polarity::up, points(0.5), goal(K::value, 4), 3.7, 3, Status::amber},
        {"points, down: 0.6 over", Polarity::down, points(0.5), goal(K::value, 4), 4.6, 3, Status::red},
        {"negative target, up: -12 vs -10", Polarity::up, relative(0.25), goal(K::value, -10), -12, 3, Status::amber},
        {"negative target, up: -13 vs -10", Polarity::up, relative(0.25), goal(K::value, -10), -13, 3, Status::red},
        {"negative values, down: -8 vs -10", Polarity::down, relative(0.25), goal(K::value, -10), -8, 3, Status::amber},
        {"zero target, up: on it", Polarity::up, relative(0.05), goal(K::value, 0), 0, 3, Status::green},
        {"zero target, down: any excess is Red", Polarity::down, relative(0.05), goal(K::value, 0), 1, 3, Status::red},
        {"zero target, at_zero 2: 2 over", Polarity::down, zero_points, goal(K::value, 0), 2, 3, Status::amber},
        {"zero target, at_zero 2: 3 over", Polarity::down, zero_points, goal(K::value, 0), 3, 3, Status::red},
        {"range, inside", Polarity::range, relative(0.05), goal(K::between, 15, 30), 20, 3, Status::green},
        {"range, 1 under 15 (6.7%)", Polarity::range, relative(0.10), goal(K::between, 15, 30), 14, 3, Status::amber},
        {"range, 3 over 30 (10%)", Polarity::range, relative(0.05), goal(K::between, 15, 30), 33, 3, Status::red},
        {"range with polarity down still scores both sides", Polarity::down, relative(0.10), goal(K::between, 15, 30), 32, 3, Status::amber},
        {"five levels: on target", Polarity::up, bands, goal(K::value, 100), 100, 5, Status::green},
        {"five levels: 2% short", Polarity::up, bands, goal(K::value, 100), 98, 5, Status::amber_green},
        {"five levels: 4% short", Polarity::up, bands, goal(K::value, 100), 96, 5, Status::amber},
        {"five levels: 7% short", Polarity::up, bands, goal(K::value, 100), 93, 5, Status::red_amber},
        {"five levels: 10% short", Polarity::up, bands, goal(K::value, 100), 90, 5, Status::red_amber},
        {"five levels: 12% short", Polarity::up, bands, goal(K::value, 100), 88, 5, Status::red},
        {"five levels, defaults: 2.5% short (half of amber)", Polarity::up, relative(0.05), goal(K::value, 100), 97.5, 5, Status::amber_green},
        {"five levels, defaults: 9% short (under twice amber)", Polarity::up, relative(0.05), goal(K::value, 100), 91, 5, Status::red_amber},
    };
    for (const auto& c : cases) {
      CAPTURE(c.what);
      auto ind = indicator(c.polarity, c.tolerance);
      CHECK(status(ind, c.value, c.goal, std::nullopt, c.levels) == c.expected);
    }
  }

  TEST_CASE("swapping polarity and mirroring values swaps Green and Red") {
    // Mirroring about the target turns a shortfall into an excess of the same size.
    const double target = 80;
    for (double value : {60.0, 75.0, 76.0, 79.0, 80.0, 84.0, 90.0, 100.0}) {
      CAPTURE(value);
      Status up = status(indicator(Polarity::up), value, goal(Target::Kind::value, target));
      Status down = status(indicator(Polarity::down), 2 * target - value, goal(Target::Kind::value, target));
      CHECK(up == down);
      if (value < target) {
        CHECK(status(indicator(Polarity::down), value, goal(Target::Kind::value, target)) == Status::green);
        Status mirrored = status(indicator(Polarity::up), 2 * target - value, goal(Target::Kind::value, target));
        CHECK(mirrored == Status::green);
      }
    }
  }

  TEST_CASE("the reason says how a status was reached, in the indicator's unit") {
    auto ind = indicator(Polarity::up);
    CHECK(why(ind, 299, goal(Target::Kind::value, 465.5)) ==
          "166.5 below target (35.8% short), beyond the Amber limit of 23.28 (5% of 465.5) → Red");
    auto pct = indicator(Polarity::up);
    pct.unit = Unit::percent;
    CHECK(why(pct, 0.129, goal(Target::Kind::value, 0.15)) ==
          "2.1 points below target (14% short), beyond the Amber limit of 0.75 points (5% of 15%) → Red");
    auto down = indicator(Polarity::down);
    CHECK(why(down, 45, goal(Target::Kind::at_most, 45)) == "on target → Green");
    Tolerance zero = relative(0.05);
    auto z = indicator(Polarity::down, zero);
    CHECK(why(z, 1, goal(Target::Kind::value, 0)) ==
          "1 above target, beyond the Amber limit of 0 (a zero target cannot take a relative tolerance, and the rule file gives no at_zero distance) → Red");
  }

  // Issue 13 (item 8): "> 22%" was refused; a council's "increase from 22%".
  TEST_CASE("a strict target must be passed, not reached") {
    Target above = target("rules.yaml", YAML::Load("\"> 22%\""), "t", Unit::percent);
    CHECK(above.kind == Target::Kind::at_least);
    CHECK(above.strict);
    CHECK(above.value == 0.22);
    Target below = target("rules.yaml", YAML::Load("\"< 5\""), "t", Unit::number);
    CHECK(below.kind == Target::Kind::at_most);
    CHECK(below.strict);
    CHECK_FALSE(target("rules.yaml", YAML::Load("\"<= 5\""), "t", Unit::number).strict);

    auto pct = indicator(Polarity::up);
    pct.unit = Unit::percent;
    CHECK(why(pct, 0.22, strictly(Target::Kind::at_least, 0.22)) == "on the target itself, which it must pass (above 22%) → Amber");
    CHECK(status(pct, 0.221, strictly(Target::Kind::at_least, 0.22)) == Status::green);
    CHECK(status(pct, 0.20, strictly(Target::Kind::at_least, 0.22)) == Status::red);
    auto down = indicator(Polarity::down, relative(0));
    CHECK(why(down, 5, strictly(Target::Kind::at_most, 5)) == "on the target itself, which it must pass (below 5) → Red");
    CHECK(status(down, 4.9, strictly(Target::Kind::at_most, 5)) == Status::green);
  }

  // Issue 13 (item 12): at a limit the reason rounded the share onto it,
  // "5.03 below target (5% short) → Red" under "within 5% is Amber".
  TEST_CASE("a share beside a limit is shown with the digits that tell it from the limit") {
    auto two = indicator(Polarity::up);
    two.decimals = 2;
    CHECK(why(two, 94.97, goal(Target::Kind::value, 100)) ==
          "5.03 below target (5.03% short), beyond the Amber limit of 5.00 (5% of 100.00) → Red");
    CHECK(why(two, 95.04, goal(Target::Kind::value, 100)) == "4.96 below target (4.96% short), within the Amber limit of 5.00 (5% of 100.00) → Amber");
    CHECK(why(two, 94.9999, goal(Target::Kind::value, 100)) ==
          "5.00 below target (5.0001% short), beyond the Amber limit of 5.00 (5% of 100.00) → Red");
    CHECK(why(two, 95, goal(Target::Kind::value, 100)) == "5.00 below target (5% short), within the Amber limit of 5.00 (5% of 100.00) → Amber");
  }

  TEST_CASE("a benchmark target is the benchmark's figure, a level never profiled") {
    Scorecard card;
    Indicator ind = indicator(Polarity::down);
    ind.aggregation = Aggregation::cumulative;
    ind.benchmarks["England"] = 60.9;
    ind.targets["2018/19"] = Target{Target::Kind::benchmark, 0, 0, "England", "benchmark England"};
    auto g = goal_for(ind, *parse_period("2018/19 Q2"), card, std::nullopt);
    REQUIRE(g);
    CHECK(g->kind == Target::Kind::at_most);
    CHECK(g->low == 60.9);
    CHECK(g->how == "the England benchmark 60.9");
  }

  TEST_CASE("the profiled goal says what share of which target it is") {
    Scorecard card;
    Indicator ind = indicator(Polarity::up);
    ind.aggregation = Aggregation::cumulative;
    ind.targets["2017/18"] = Target{Target::Kind::value, 931, 0, {}, "931"};
    auto g = goal_for(ind, *parse_period("2017/18 Q2"), card, std::nullopt);
    REQUIRE(g);
    CHECK(g->low == 465.5);
    CHECK(g->how == "profiled target 465.5 (50% of 931)");
  }
}

namespace {

// Figures held in a map: the history a template is written against.
class Held : public Figures {
 public:
  std::map<std::pair<std::string, std::string>, Observation> figures;
  void put(const std::string& id, const std::string& period, double value) {
    Observation o;
    o.indicator = id;
    o.period = period;
    o.value = value;
    figures[{id, period}] = o;
  }
  const Observation* find(const std::string& id, const Period& period) override {
    auto it = figures.find({id, period.str()});
    return it == figures.end() ? nullptr : &it->second;
  }
};

}  // namespace

TEST_SUITE("rules") {
  TEST_CASE("the figures that need commentary are exactly those evaluate scores as needing it, for every kind of tolerance") {
    // Each kind of goal and tolerance the scoring knows, with history a year
    // to date and an average add to; commentary for Red, or Red and Amber.
    const char* yaml = R"(scorecard: {name: T, tolerance: 5%, levels: LEVELS, commentary_required: REQUIRED}
states: {M: [M]}
services: [{id: S, name: Service}]
indicators:
  - {id: UP, title: a, service: S, targets: {2017/18: 80}}
  - {id: DOWN, title: b, service: S, polarity: down, targets: {2017/18: "<= 45"}}
  - {id: PP, title: c, service: S, unit: percent, targets: {2017/18: 90%}, tolerance: 3pp}
  - {id: BANDS, title: d, service: S, targets: {2017/18: 100}, tolerance: {green: 2%, amber: 10%}}
  - {id: LIMITS, title: e, service: S, unit: percent, targets: {2017/18: 90%}, tolerance: {amber_at: 85%, red_at: 80%}}
  - {id: RANGE, title: f, service: S, unit: percent, polarity: range, targets: {2017/18: 15%..30%}}
  - {id: STRICT, title: g, service: S, unit: percent, targets: {2017/18: "> 22%"}}
  - {id: ZERO, title: h, service: S, polarity: down, targets: {2017/18: 0}, tolerance: {amber: 5%, at_zero: 2}}
  - {id: EXCLUSIVE, title: i, service: S, targets: {2017/18: 80}, tolerance: {amber: 5%, inclusive: false}}
  - {id: IMPROVED, title: j, service: S, targets: {2017/18: 80}, tolerance: {amber: 5%, amber_if_improved_on_last_year: true}}
  - {id: YTD, title: k, service: S, aggregation: cumulative, targets: {2017/18: 400}, profile: [10%, 35%, 70%, 100%]}
  - {id: AVERAGE, title: l, service: S, aggregation: average, polarity: down, targets: {2017/18: 10}}
  - {id: NONE, title: m, service: S, polarity: none, targets: {2017/18: 10}}
)";
    const Period q2{2017, Period::Kind::quarter, 2};
    for (std::string levels : {"3", "5"})
      for (std::string required : {"[red]", "[red, amber]"}) {
        std::string text = yaml;
        text.replace(text.find("LEVELS"), 6, levels);
        text.replace(text.find("REQUIRED"), 8, required);
        RuleBook book = load_rules_text(text, "t.yaml");
        Held history;
        history.put("YTD", "2017/18 Q1", 30);
        history.put("AVERAGE", "2017/18 Q1", 12);
        history.put("IMPROVED", "2016/17 Q2", 70);
        for (const auto& ind : book.indicators) {
          CAPTURE(ind.id);
          CAPTURE(levels);
          CAPTURE(required);
          CommentaryBounds bounds = commentary_bounds(ind, q2, book.scorecard, history);
          CHECK(bounds.any() == (ind.polarity != Polarity::none));
          Held with = history;
          auto needs = [&](double v) {
            with.put(ind.id, q2.str(), v);
            Evaluation e = evaluate(ind, q2, book.scorecard, with);
            return e.assessment && commentary_required(e.assessment->status, book.scorecard);
          };
          // Every figure on a fine grid, and the doubles either side of each bound.
          std::vector<double> grid;
          for (int i = -400; i <= 400; ++i) grid.push_back(i * 0.5);
          for (int i = 0; i <= 200; ++i) grid.push_back(i * 0.005);
          for (auto bound : {bounds.at_or_below, bounds.at_or_above})
            if (bound)
              for (double v : {*bound, std::nextafter(*bound, 1e300), std::nextafter(*bound, -1e300), *bound * (1 + 1e-12), *bound * (1 - 1e-12)})
                grid.push_back(v);
          int disagree = 0;
          for (double v : grid) {
            bool lit = (bounds.at_or_below && v <= *bounds.at_or_below) || (bounds.at_or_above && v >= *bounds.at_or_above);
            if (lit != needs(v)) {
              if (++disagree <= 3) FAIL_CHECK("at " << v << ": the bounds say " << lit << ", evaluate " << needs(v));
            }
          }
          CHECK(disagree == 0);
        }
      }
  }
}

TEST_SUITE("rules") {
  TEST_CASE("the rule is stated as a published report opens with it, for each kind of tolerance") {
    Scorecard card;  // 5% relative, limit inclusive, three levels
    CHECK(rule_stated(card) ==
          "Green: on target or better. Amber: off target by up to 5% of the target. Red: off target by more than 5% of the target. "
          "An indicator with its own tolerance says so in its reason.");
    card.tolerance.green = 0.05;
    card.tolerance.amber = 0.10;
    card.tolerance.limit_inclusive = false;
    CHECK(rule_stated(card) ==
          "Green: on target, or off it by up to 5% of the target. Amber: off target by more than 5% of the target and less than 10% of the "
          "target. Red: off target by at least 10% of the target. An indicator with its own tolerance says so in its reason.");
    Scorecard points;
    points.levels = 5;
    points.tolerance.kind = Tolerance::Kind::absolute;
    points.tolerance.amber = 4;
    points.tolerance.amber_if_improved_on_last_year = true;
    CHECK(rule_stated(points) ==
          "Green: on target or better. Amber-Green: off target by up to 2 points. Amber: off target by more than 2 points and up to 4 "
          "points. Red-Amber: off target by more than 4 points and up to 8 points. Red: off target by more than 8 points. Points are "
          "percentage points for a percentage, and the measure's own unit otherwise. A figure beyond the Amber limit that is better than "
          "the same period last year is Amber. An indicator with its own tolerance says so in its reason.");
  }
}

// Issue 16: an action's RAG from its progress and milestone, as the county
// report's key has it, decided in one place for validate and the scorecard.
namespace {
using namespace std::chrono;

Action action_by(const std::string& milestone) {
  Action a;
  a.id = "1.2";
  a.service = "AS";
  a.milestone = *milestone_written(milestone, 4);
  return a;
}

ActionEvaluation judged(const Action& a, std::optional<Progress> progress, const std::string& period, const std::string& given = {},
                        const std::string& revised = {}, Scorecard::ActionRag rag = Scorecard::ActionRag::from_progress) {
  ActionUpdate u;
  u.action = a.id;
  u.progress = progress;
  u.assessed = given;
  u.revised = revised;
  Scorecard card;
  card.action_rag = rag;
  return evaluate_action(a, u, *parse_period(period), card);
}
}  // namespace

TEST_SUITE("rules") {
  TEST_CASE("a milestone is read as councils write it: by the end of a month, from its first day, a period, a date, or ongoing") {
    auto by = milestone_written("By March 2019", 4);
    REQUIRE(by);
    CHECK(by->kind == Milestone::Kind::by);
    CHECK(by->date == year{2019} / March / 31);
    CHECK(milestone_written("By end of December 2018", 4)->date == year{2018} / December / 31);
    auto from = milestone_written("From June 2018", 4);
    CHECK(from->kind == Milestone::Kind::from);
    CHECK(from->date == year{2018} / June / 1);
    CHECK(milestone_written("By 2018/19 Q3", 4)->date == year{2018} / December / 31);
    CHECK(milestone_written("31/03/2019", 4)->date == year{2019} / March / 31);
    CHECK(milestone_written("Ongoing", 4)->kind == Milestone::Kind::ongoing);
    CHECK(milestone_written("", 4)->kind == Milestone::Kind::ongoing);
    CHECK(milestone_written("By February 2020", 4)->date == year{2020} / February / 29);  // a leap year's end of February
    CHECK_FALSE(milestone_written("Soon", 4));
    CHECK_FALSE(milestone_written("By Marhc 2019", 4));
  }

  TEST_CASE("an action's RAG: delivered and on schedule Green, re-phased Amber or Red, a passed milestone Red") {
    Action july = action_by("By July 2018");
    CHECK(judged(july, Progress::on_target, "2018/19 Q1").published == Status::green);
    // July has passed by the end of September: not delivered is Red, and says why.
    auto late = judged(july, Progress::on_target, "2018/19 Q2");
    CHECK(late.published == Status::red);
    CHECK(late.computed->milestone_passed);
    CHECK(late.why.find("'By July 2018' (31 July 2018) has passed") != std::string::npos);
    // On the milestone's own last day it has passed: the period's report is "progress to 30th June".
    CHECK(judged(action_by("By June 2018"), Progress::scheduled, "2018/19 Q1").computed->milestone_passed);
    CHECK(judged(july, Progress::delivered, "2018/19 Q2").published == Status::green);
    CHECK(judged(july, Progress::not_viable, "2018/19 Q1").published == Status::red);
    CHECK(judged(july, Progress::rephased_major, "2018/19 Q1").published == Status::red);
    // Re-phased by under three months: Amber, against the new milestone; Red once that has passed too.
    CHECK(judged(july, Progress::rephased_minor, "2018/19 Q2", {}, "By September 2018").computed->milestone_passed);
    auto moved = judged(july, Progress::rephased_minor, "2018/19 Q2", {}, "By October 2018");
    CHECK(moved.published == Status::amber);
    CHECK(moved.computed->due == year{2018} / October / 31);
    // Re-phased with no new date: the old milestone no longer stands, so nothing has passed (validate asks for the date).
    CHECK(judged(july, Progress::rephased_minor, "2018/19 Q3").published == Status::amber);
    // Ongoing and "From" actions have no date to miss.
    CHECK(judged(action_by("Ongoing"), Progress::on_target, "2019/20 Q4").published == Status::green);
    CHECK(judged(action_by("From June 2018"), Progress::on_target, "2019/20 Q4").published == Status::green);
    // A word the rule file does not know gives no RAG.
    ActionUpdate unknown;
    unknown.progress_raw = "Going well";
    unknown.assessed = "G";
    CHECK_FALSE(evaluate_action(july, unknown, *parse_period("2018/19 Q1"), Scorecard{}).published);
    // No progress at all, and the service's RAG (the county report's table): that RAG is all there is.
    auto rag_only = judged(july, std::nullopt, "2018/19 Q2", "Amber");
    CHECK(rag_only.published == Status::amber);
    CHECK(rag_only.why == "as the service gives it ('Amber'); the return gives no progress");
    CHECK_FALSE(judged(july, std::nullopt, "2018/19 Q1").published);
  }

  TEST_CASE("an action's RAG as the service gives it, under action_rag: as_given, with kpiflow's in the reason") {
    Action july = action_by("By July 2018");
    auto given = judged(july, Progress::on_target, "2018/19 Q1", "Amber", {}, Scorecard::ActionRag::as_given);
    CHECK(given.published == Status::amber);
    CHECK(given.computed->status == Status::green);
    CHECK(given.why.find("as the service gives it ('Amber'); its progress gives Green") == 0);
    // Without one, kpiflow's.
    CHECK(judged(july, Progress::on_target, "2018/19 Q2", "", {}, Scorecard::ActionRag::as_given).published == Status::red);
    // From progress (the default), the service's is kept beside it, never in its place.
    auto beside = judged(july, Progress::on_target, "2018/19 Q1", "R");
    CHECK(beside.published == Status::green);
    CHECK(beside.given == Status::red);
    // Actions are Red, Amber or Green: a five-level word is read as its nearer colour.
    CHECK(judged(july, Progress::on_target, "2018/19 Q1", "Red-Amber").given == Status::red);
  }

  TEST_CASE("an action is reported in its plan's year from its start") {
    Action from = action_by("From June 2018");
    from.year = 2018;
    Scorecard card;
    CHECK(action_started(from, *parse_period("2018/19 Q1"), card));  // June is in Q1
    Action july = action_by("From July 2018");
    CHECK_FALSE(action_started(july, *parse_period("2018/19 Q1"), card));
    CHECK(action_started(july, *parse_period("2018/19 Q2"), card));
    CHECK_FALSE(action_in_plan(from, *parse_period("2017/18 Q4")));
    CHECK_FALSE(action_in_plan(from, *parse_period("2019/20 Q1")));
    CHECK(action_in_plan(action_by("Ongoing"), *parse_period("2019/20 Q1")));
  }
}
