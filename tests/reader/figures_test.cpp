#include <doctest/doctest.h>

#include "reader/reader.hpp"

using namespace kpiflow::reader;
using Kind = Figure::Kind;

TEST_SUITE("reader") {
  TEST_CASE("plain, signed and grouped figures") {
    CHECK(read_figure("45").value == 45);
    CHECK(read_figure(" 27.5 ").value == 27.5);
    CHECK(read_figure("+0.57").value == 0.57);
    CHECK(read_figure("-0.57").value == -0.57);
    CHECK(read_figure("\xE2\x88\x92" "3").value == -3);  // a minus sign, as Word writes it
    CHECK(read_figure("1,377,760").value == 1377760);
    CHECK(read_figure("1,377,760.25").value == 1377760.25);
    CHECK(read_figure("(1,200)").value == -1200);
    CHECK(read_figure("\xC2\xA0" "12\xC2\xA0").value == 12);  // no-break spaces from a web page
    CHECK(read_figure(".5").value == 0.5);
    CHECK(read_figure("1.5E+3").value == 1500);
    CHECK(read_figure("0.1").value == 0.1);  // the double nearest 0.1, as from a cell
  }

  TEST_CASE("percentages keep the figure as written and say so") {
    Figure f = read_figure("12.9%");
    CHECK(f.kind == Kind::number);
    CHECK(f.value == 12.9);
    CHECK(f.percent);
    CHECK(read_figure("87 %").value == 87);
    CHECK_FALSE(read_figure("0.129").percent);
  }

  TEST_CASE("currency with thousand, million and billion suffixes") {
    Figure f = read_figure("\xC2\xA3" "5.5m");
    CHECK(f.kind == Kind::number);
    CHECK(f.value == 5500000);
    CHECK(f.currency);
    CHECK(read_figure("\xC2\xA3" "1.1m").value == 1100000);  // exactly, not 1100000.0000000002
    CHECK(read_figure("\xC2\xA3" "11M").value == 11000000);
    CHECK(read_figure("\xC2\xA3" "250k").value == 250000);
    CHECK(read_figure("\xC2\xA3" "2.3bn").value == 2300000000);
    CHECK(read_figure("\xC2\xA3" "1.12").value == 1.12);
    CHECK(read_figure("-\xC2\xA3" "5").value == -5);
    CHECK(read_figure("\xC2\xA3-5").value == -5);
    CHECK(read_figure("$1,000").value == 1000);
    CHECK(read_figure("\xE2\x82\xAC" "3").currency);
    CHECK(read_figure("3\xE2\x82\xAC").value == 3);
  }

  TEST_CASE("a suffix without a currency is not guessed at") {
    CHECK(read_figure("5.5m").kind == Kind::text);  // millions, or metres, or months?
    CHECK(read_figure("12k").kind == Kind::text);
  }

  TEST_CASE("a figure annotated with its year to date") {
    Figure f = read_figure("60 (122 cum)");
    CHECK(f.kind == Kind::number);
    CHECK(f.value == 60);
    REQUIRE(f.cumulative);
    CHECK(*f.cumulative == 122);
    CHECK(*read_figure("12 (45 YTD)").cumulative == 45);
    CHECK(*read_figure("1,200 (3,400 cumulative)").cumulative == 3400);
    CHECK(read_figure("(see note) (122 cum)").kind == Kind::text);
  }

  // Issue 13 (9): values as services write them were refused.
  TEST_CASE("a figure with words beside it is read, and the words kept as its note") {
    struct Case {
      const char* text;
      double value;
      const char* note;
    };
    for (const Case& c : {Case{"60 (see note)", 60, "see note"}, Case{"8.5 days", 8.5, "days"}, Case{"26 weeks", 26, "weeks"},
                          Case{"11.6% (Q4 fig)", 11.6, "Q4 fig"}, Case{"7.6% (based May 17)", 7.6, "based May 17"},
                          Case{"Annual \xE2\x80\x93 Provisional figure 12.5%", 12.5, "Annual \xE2\x80\x93 Provisional figure"},
                          Case{"approx 1,377,760 people", 1377760, "approx people"}, Case{"\xC2\xA3" "250k (estimate)", 250000, "estimate"}}) {
      INFO(std::string(c.text));
      Figure f = read_figure(c.text);
      REQUIRE(f.kind == Kind::number);
      CHECK(f.value == c.value);
      CHECK(f.note == c.note);
    }
    CHECK(read_figure("11.6% (Q4 fig)").share == 0.116);
    CHECK(read_figure("11.6% (Q4 fig)").percent);
    // Which figure is meant cannot be told: not read.
    for (const char* text : {"60 of 122", "Q4 fig 11.6%", "5 - 10", "1 377 760", "2016/17: 12.5%"}) {
      INFO(text);
      CHECK(read_figure(text).kind == Kind::text);
    }
    CHECK(read_figure("60 of 122").problem == "more than one figure among the words");
  }

  TEST_CASE("a rank written as an ordinal is its number") {
    for (auto [text, n] : {std::pair{"1st", 1}, {"2nd", 2}, {"3rd", 3}, {"4th", 4}, {"11th", 11}, {"12th", 12}, {"13th", 13}, {"21st", 21},
                           {"23RD", 23}, {"101st", 101}, {"111th", 111}}) {
      INFO(std::string(text));
      Figure f = read_figure(text);
      REQUIRE(f.kind == Kind::number);
      CHECK(f.value == n);
      CHECK(f.ordinal);
      CHECK(f.note.empty());
    }
    for (const char* wrong : {"2st", "11st", "3th", "st", "1.5th"}) {
      INFO(wrong);
      CHECK(read_figure(wrong).kind == Kind::text);
    }
  }

  TEST_CASE("a decimal comma is flagged, never read as thousands") {
    Figure f = read_figure("12,9%");
    CHECK(f.kind == Kind::text);
    CHECK(f.problem == "a decimal comma, or a misplaced thousands separator");
    CHECK(read_figure("1,37,760").problem == "a comma that is not a thousands separator");
    CHECK(read_figure(",5").kind == Kind::text);
    CHECK(read_figure("1234,567").problem == "a comma that is not a thousands separator");
  }

  TEST_CASE("state tokens, words and blanks are not figures") {
    for (const char* token : {"-", "TBC", "n/a", "Not Due", "M", "Missing", "Awaiting data", "%", "\xC2\xA3", "1.2.3", "nan", "inf"}) {
      INFO(token);
      CHECK(read_figure(token).kind == Kind::text);
    }
    CHECK(read_figure("").kind == Kind::blank);
    CHECK(read_figure("   ").kind == Kind::blank);
  }
}
