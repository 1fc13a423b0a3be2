// validate and transform score an indicator through one evaluation
// (rules::evaluate): what validate chases is what the scorecard shows.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

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
    store::Store store = store::Store::in_memory();
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
