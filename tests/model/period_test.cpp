#include <doctest/doctest.h>

#include "model/period.hpp"

using namespace kpiflow;

namespace {
std::string read(std::string_view text, int start = 4) {
  auto p = parse_period(text, start);
  return p ? p->str() : "none";
}
}  // namespace

TEST_SUITE("model") {
  TEST_CASE("quarters are read however services write them") {
    CHECK(read("2017/18 Q2") == "2017/18 Q2");
    CHECK(read("Q2 2017/18") == "2017/18 Q2");
    CHECK(read("q2  2017-18") == "2017/18 Q2");
    CHECK(read("2017/2018 Q2") == "2017/18 Q2");
    CHECK(read("Quarter 2 2017/18") == "2017/18 Q2");
    CHECK(read("1999/00 Q4") == "1999/00 Q4");
  }

  TEST_CASE("months and whole years") {
    CHECK(read("Sep 2017") == "2017/18 M6");
    CHECK(read("September 2017") == "2017/18 M6");
    CHECK(read("March 2018") == "2017/18 M12");
    CHECK(read("Jan 2018", 1) == "2018/19 M1");  // a year that starts in January
    CHECK(read("2017/18 M6") == "2017/18 M6");
    CHECK(read("2017/18") == "2017/18");
  }

  TEST_CASE("what is not a period is not guessed") {
    for (const char* text : {"", "Q5 2017/18", "2017/19 Q2", "2017/18 Q", "Q2", "Sep", "2017", "2017/18 M13", "Period 2", "2017/18 Q2 extra"}) {
      INFO(text);
      CHECK(read(text) == "none");
    }
  }

  TEST_CASE("the period before, and the same period last year") {
    auto q1 = *parse_period("2017/18 Q1");
    CHECK(q1.previous().str() == "2016/17 Q4");
    CHECK(q1.last_year().str() == "2016/17 Q1");
    CHECK(parse_period("2017/18 Q3")->previous().str() == "2017/18 Q2");
    CHECK(parse_period("2017/18 M1")->previous().str() == "2016/17 M12");
  }
}
