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

  // Issue 13 (item 10): the headings a county's return uses.
  TEST_CASE("two-digit years, month names within a financial year, and month-year in one word") {
    CHECK(read("Q1 18/19") == "2018/19 Q1");
    CHECK(read("Qtr 1 18/19") == "2018/19 Q1");
    CHECK(read("Quarter 4 17-18") == "2017/18 Q4");
    CHECK(read("18/19") == "2018/19");
    CHECK(read("June 2018") == "2018/19 M3");
    CHECK(read("Jun-18") == "2018/19 M3");
    CHECK(read("June 18") == "2018/19 M3");
    CHECK(read("Mar-19") == "2018/19 M12");
    CHECK(read("2018/19 Jun") == "2018/19 M3");
    CHECK(read("Jun 2018/19") == "2018/19 M3");
    CHECK(read("2018/19 Mar") == "2018/19 M12");
    CHECK(read("Jan-19", 1) == "2019/20 M1");
  }

  TEST_CASE("what is not a period is not guessed") {
    for (const char* text : {"", "Q5 2017/18", "2017/19 Q2", "2017/18 Q", "Q2", "Sep", "2017", "2017/18 M13", "Period 2", "2017/18 Q2 extra",
                             "Q1 18/20", "Jun-2", "Jun-", "12/13/14", "June 123", "Foo 18"}) {
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

TEST_SUITE("model") {
  TEST_CASE("a period inside a file name") {
    CHECK(find_period("housing-2017-18-Q2.xlsx")->str() == "2017/18 Q2");
    CHECK(find_period("Q2_2017-18_Leisure.csv")->str() == "2017/18 Q2");
    CHECK(find_period("HO 201718 Q3.xlsx")->str() == "2017/18 Q3");
    CHECK(find_period("Housing Sep 2017.xlsx")->str() == "2017/18 M6");
    CHECK_FALSE(find_period("housing-return.xlsx").has_value());
    CHECK_FALSE(find_period("2017-19 Q2.xlsx").has_value());  // not one financial year
  }

  TEST_CASE("the first and last day of a period, and the period of a date") {
    using namespace std::chrono;
    auto q2 = *parse_period("2017/18 Q2");
    CHECK(q2.first_day(4) == year{2017} / July / 1);
    CHECK(q2.last_day(4) == year{2017} / September / 30);
    CHECK(parse_period("2017/18 Q4")->last_day(4) == year{2018} / March / 31);
    CHECK(parse_period("2015/16 M11")->last_day(4) == year{2016} / February / 29);
    CHECK(period_of(year{2017} / September / 30, Period::Kind::quarter).str() == "2017/18 Q2");
    CHECK(period_of(year{2018} / January / 15, Period::Kind::quarter).str() == "2017/18 Q4");
    CHECK(period_of(year{2018} / January / 15, Period::Kind::quarter, 1).str() == "2018/19 Q1");
  }
}
