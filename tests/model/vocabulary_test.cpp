#include <doctest/doctest.h>

#include <set>
#include <string>

#include "model/vocabulary.hpp"

using namespace kpiflow;

namespace {

// name_of indexes each table by its enum's value: a table out of order would
// give one value another's name.
template <typename E>
void check_table() {
  std::set<std::string_view> seen;
  std::size_t i = 0;
  for (const auto& entry : names<E>()) {
    CHECK(static_cast<std::size_t>(entry.value) == i++);
    CHECK(name_of(entry.value) == entry.name);
    CHECK(named<E>(entry.name) == entry.value);
    CHECK_FALSE(entry.words.empty());
    CHECK(seen.insert(entry.name).second);
  }
  CHECK_FALSE(named<E>("no such name"));
}

}  // namespace

TEST_SUITE("model") {
  TEST_CASE("each closed set has one table, in its enum's order, whose names read back") {
    check_table<Status>();
    check_table<State>();
    check_table<Unit>();
    check_table<Polarity>();
    check_table<Aggregation>();
    check_table<Direction>();
    check_table<Progress>();
  }

  TEST_CASE("the names the store and rule file use, and the words a report shows") {
    CHECK(name_of(Status::red_amber) == "RA");
    CHECK(words_of(Status::amber_green) == "Amber-Green");
    CHECK(name_of(State::in_measurement) == "M");
    CHECK(words_of(State::not_due) == "Not due");
    CHECK(in_sentence(State::no_target) == "no target");
    CHECK(named<Aggregation>("reported_cumulative") == Aggregation::reported_cumulative);
    CHECK(name_of(Direction::unknown) == "M");
    CHECK(is_red(Status::red_amber));
    CHECK_FALSE(is_red(Status::amber));
    CHECK(is_amber(Status::amber_green));
  }
}
