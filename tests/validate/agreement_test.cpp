// validate and transform score an indicator through one evaluation
// (rules::evaluate): what validate chases is what the scorecard shows.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/test_store.hpp"
#include "ingest/ingest.hpp"
#include "transform/transform.hpp"
#include "validate/validate.hpp"

namespace fs = std::filesystem;
using namespace kpiflow;

TEST_SUITE("validate") {
  // Regression (issue 11): validate scored the period's own 12 and chased
  // commentary for a Red, while transform scored the average 8.5, Green.
  TEST_CASE("an average indicator is scored on its average by validate as by transform") {
    auto book = rules::load_rules_text(R"(scorecard: {name: Test, commentary_required: [red]}
services:
  - {id: HO, name: Housing, columns: {ref: Ref, value: "{period}", commentary: Commentary}}
indicators:
  - {id: AVG, title: An average, service: HO, aggregation: average, polarity: down, targets: {2017/18: 10}}
)",
                                       "rules.yaml");
    fs::path dir = fs::temp_directory_path() / ("kpiflow-agreement-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "housing-2017-18-Q1.csv") << "Ref,Q1 2017/18,Commentary\nAVG,5,\n";
    std::ofstream(dir / "housing-2017-18-Q2.csv") << "Ref,Q2 2017/18,Commentary\nAVG,12,\n";
    store::Store store = testing::fresh_store();
    for (const char* name : {"housing-2017-18-Q1.csv", "housing-2017-18-Q2.csv"}) ingest::ingest_into(store, dir / name, book, {});
    fs::remove_all(dir);

    Period q2 = *parse_period("2017/18 Q2");
    Scorecard card = transform::score(book, store, q2);
    REQUIRE(card.results.size() == 1);
    CHECK(card.results[0].status == Status::green);
    CHECK(card.results[0].reason == "average 8.5 vs target 10: 1.5 below target → Green");
    for (const auto& issue : validate::validate(book, store, q2).issues) CHECK(issue.code != Code::commentary_required);
  }
}

TEST_SUITE("validate") {
  // Regression (issue 16): an action delivered in Q1 was carried into Q2 but
  // asked for again in Q3 (missing-action), since only the period before was
  // looked at. It stays delivered, in the scorecard and to validate alike.
  TEST_CASE("an action delivered stays delivered, and is not asked for again, however many periods later") {
    auto book = rules::load_rules_text(R"(scorecard: {name: Test}
services:
  - {id: HO, name: Housing}
indicators:
  - {id: H-1, title: Homes, service: HO}
actions:
  - {id: "1.1", title: Strategy adopted, service: HO, milestone: By March 2018}
  - {id: "1.2", title: Empty homes, service: HO, milestone: Ongoing}
)",
                                       "rules.yaml");
    fs::path dir = fs::temp_directory_path() / ("kpiflow-agreement-actions-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "housing-2017-18-Q1.csv") << "Ref,Q1 2017/18\nH-1,5\n\nRef,Action,Progress\n1.1,Strategy adopted,Delivered\n1.2,Empty homes,On target\n";
    std::ofstream(dir / "housing-2017-18-Q2.csv") << "Ref,Q2 2017/18\nH-1,6\n\nRef,Action,Progress\n1.2,Empty homes,On target\n";
    std::ofstream(dir / "housing-2017-18-Q3.csv") << "Ref,Q3 2017/18\nH-1,7\n\nRef,Action,Progress\n1.2,Empty homes,On target\n";
    store::Store store = testing::fresh_store();
    for (const char* q : {"Q1", "Q2", "Q3"}) ingest::ingest_into(store, dir / fmt::format("housing-2017-18-{}.csv", q), book, {});
    Period q3 = *parse_period("2017/18 Q3");
    auto findings = validate::validate(book, store, q3, std::chrono::year_month_day{std::chrono::year{2018}, std::chrono::January, std::chrono::day{31}});
    for (const auto& i : findings.issues) CHECK_MESSAGE(i.code != Code::missing_action, i.str());
    Scorecard card = transform::score(book, store, q3);
    REQUIRE(card.actions.size() == 2);
    CHECK(card.actions[0].progress == Progress::delivered);
    CHECK(card.actions[0].status == Status::green);
    CHECK(card.actions[0].reason == "delivered in 2017/18 Q1");
    CHECK(card.actions[0].direction == Direction::maintained);
    fs::remove_all(dir);
  }
}
