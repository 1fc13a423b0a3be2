#include <doctest/doctest.h>

#include "reader/dates.hpp"

using namespace kpiflow::reader;

namespace {
std::string serial(double value, bool date1904 = false, FormatKind kind = FormatKind::date) {
  auto date = from_serial(value, date1904, kind);
  return date ? to_iso(*date) : std::string("none");
}
}  // namespace

TEST_SUITE("reader") {
  TEST_CASE("1900 serials keep Lotus's 1900-02-29") {
    CHECK(serial(1) == "1900-01-01");
    CHECK(serial(59) == "1900-02-28");
    CHECK(serial(60) == "1900-02-29");
    CHECK(serial(61) == "1900-03-01");
    CHECK(serial(43021) == "2017-10-13");
    CHECK(serial(2958465) == "9999-12-31");
  }

  TEST_CASE("1904 serials count from 1904-01-01") {
    CHECK(serial(0, true) == "1904-01-01");
    CHECK(serial(1, true) == "1904-01-02");
    CHECK(serial(41559, true) == "2017-10-13");
  }

  TEST_CASE("times of day are shown to the millisecond") {
    CHECK(serial(43021.385416666664, false, FormatKind::datetime) == "2017-10-13T09:15:00");
    CHECK(serial(43021.5, false, FormatKind::date) == "2017-10-13T12:00:00");
    CHECK(serial(43021, false, FormatKind::datetime) == "2017-10-13T00:00:00");
    CHECK(serial(0.25, false, FormatKind::time) == "06:00:00");
    CHECK(serial(0.5 + 0.25 / 86400, false, FormatKind::time) == "12:00:00.250");
    CHECK(serial(0.99999999999, false, FormatKind::time) == "1900-01-01T00:00:00");
  }

  TEST_CASE("numbers outside Excel's calendar stay numbers") {
    CHECK(serial(-1) == "none");
    CHECK(serial(2958466) == "none");
    CHECK(serial(0) == "none");  // "1900-01-00" is no day
  }

  TEST_CASE("ISO text of t=\"d\" cells") {
    CHECK(to_iso(*parse_iso("2017-10-13")) == "2017-10-13");
    CHECK(to_iso(*parse_iso("2017-10-13T09:15:00")) == "2017-10-13T09:15:00");
    CHECK(to_iso(*parse_iso("2017-10-13T09:15:00.250Z")) == "2017-10-13T09:15:00.250");
    CHECK(to_iso(*parse_iso("2017-10-13T00:00:00Z")) == "2017-10-13");
    CHECK(to_iso(*parse_iso("09:15:00")) == "09:15:00");
    CHECK_FALSE(parse_iso("2017-02-30"));
    CHECK_FALSE(parse_iso("13/10/2017"));
    CHECK_FALSE(parse_iso("2017-10-13T25:00:00"));
    CHECK_FALSE(parse_iso(""));
  }
}
