// A reporting period of a financial year: "2017/18 Q2" (July to September
// 2017 when the year starts in April), "2017/18 M6" or "Sep 2017" (monthly),
// "2017/18" (the whole year).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace kpiflow {

struct Period {
  enum class Kind : unsigned char { quarter, month, year };
  int year = 0;   // the calendar year the financial year starts in: 2017 for 2017/18
  Kind kind = Kind::quarter;
  int index = 1;  // 1-4 for quarters, 1-12 for months, counted from the year's first month

  std::string financial_year() const;  // "2017/18"
  std::string str() const;             // "2017/18 Q2", "2017/18 M6", "2017/18"
  std::string file_name() const;       // as in a file or folder name: "2017-18-Q2"
  // The same period of the year before, and the one before this (Q1 -> last year's Q4).
  Period last_year() const;
  Period previous() const;
  // The first and last day of the period, given the year's first month (1-12).
  std::chrono::year_month_day first_day(int year_start_month) const;
  std::chrono::year_month_day last_day(int year_start_month) const;
  friend bool operator==(const Period&, const Period&) = default;
};

// Reads "2017/18 Q2", "Q2 2017/18", "2017-18 Q2", "2017/2018 Q2", "Quarter 2
// 2017/18", "2017/18 M6", "Sep 2017" / "September 2017" (months need the
// year's first month, 1-12), "2017/18". Empty when the text is not a period.
std::optional<Period> parse_period(std::string_view text, int year_start_month = 4);

// The quarter, month or year of that kind that holds a date: a return that
// gives its period as "30/09/2017" (the period's end) means 2017/18 Q2.
Period period_of(std::chrono::year_month_day date, Period::Kind kind, int year_start_month = 4);

// Dates as the store keeps them: "2017-10-13" (anything after the day, such
// as a time, is ignored when reading).
std::string iso(std::chrono::year_month_day date);
std::optional<std::chrono::year_month_day> iso_date(std::string_view text);
// A date as a return writes it in a cell: 2017-10-13 (as iso_date), or
// 13/10/2017, day first, nothing after it.
std::optional<std::chrono::year_month_day> date_written(std::string_view text);
// Today's date by the system clock (UTC), for "is it late yet".
std::chrono::year_month_day today();

// "2017/18 Q2" within a longer text such as a file name
// ("housing-2017-18-Q2.xlsx", "Q2_2017-18_Leisure.csv", "HO Sep 2017.xlsx").
std::optional<Period> find_period(std::string_view text, int year_start_month = 4);

}  // namespace kpiflow
