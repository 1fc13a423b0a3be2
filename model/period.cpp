#include "model/period.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "model/text.hpp"

namespace kpiflow {

std::string Period::financial_year() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d/%02d", year, (year + 1) % 100);
  return buf;
}

std::string Period::str() const {
  std::string out = financial_year();
  if (kind == Kind::quarter) out += " Q" + std::to_string(index);
  if (kind == Kind::month) out += " M" + std::to_string(index);
  return out;
}

std::string Period::file_name() const {
  std::string out = str();
  std::replace(out.begin(), out.end(), '/', '-');
  std::replace(out.begin(), out.end(), ' ', '-');
  return out;
}

Period Period::last_year() const {
  Period p = *this;
  --p.year;
  return p;
}

Period Period::previous() const {
  Period p = *this;
  if (kind == Kind::year || p.index == 1) {
    --p.year;
    p.index = kind == Kind::quarter ? 4 : kind == Kind::month ? 12 : 1;
  } else {
    --p.index;
  }
  return p;
}

std::chrono::year_month_day Period::first_day(int year_start_month) const {
  using namespace std::chrono;
  int months_in = kind == Kind::quarter ? (index - 1) * 3 : kind == Kind::month ? index - 1 : 0;
  int month0 = year_start_month - 1 + months_in;  // months after January of `year`
  return year_month_day{std::chrono::year{year + month0 / 12}, std::chrono::month{static_cast<unsigned>(month0 % 12 + 1)}, day{1}};
}

std::chrono::year_month_day Period::last_day(int year_start_month) const {
  using namespace std::chrono;
  int length = kind == Kind::quarter ? 3 : kind == Kind::month ? 1 : 12;
  year_month first{first_day(year_start_month).year(), first_day(year_start_month).month()};
  year_month last = first + months{length - 1};
  return year_month_day{last / std::chrono::last};
}

Period period_of(std::chrono::year_month_day date, Period::Kind kind, int year_start_month) {
  int month = static_cast<int>(static_cast<unsigned>(date.month()));
  int year = static_cast<int>(date.year());
  int fy = month >= year_start_month ? year : year - 1;
  int offset = (month - year_start_month + 12) % 12;  // months into the financial year
  int index = kind == Period::Kind::quarter ? offset / 3 + 1 : kind == Period::Kind::month ? offset + 1 : 1;
  return Period{fy, kind, index};
}

namespace {

constexpr std::array<std::string_view, 12> months = {"january", "february", "march",     "april",   "may",      "june",
                                                     "july",    "august",   "september", "october", "november", "december"};

// "2017/18", "2017-18", "2017/2018", "17/18": the year it starts in (a
// two-digit year is of this century, as councils' headings mean it).
std::optional<int> financial_year(std::string_view t) {
  if (t.size() == 5 && std::isdigit(static_cast<unsigned char>(t[0])) && std::isdigit(static_cast<unsigned char>(t[1])) &&
      (t[2] == '/' || t[2] == '-') && std::isdigit(static_cast<unsigned char>(t[3])) && std::isdigit(static_cast<unsigned char>(t[4]))) {
    int start = (t[0] - '0') * 10 + (t[1] - '0'), end = (t[3] - '0') * 10 + (t[4] - '0');
    if (end != (start + 1) % 100) return std::nullopt;
    return 2000 + start;
  }
  if (t.size() != 7 && t.size() != 9) return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u})
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
  if (t[4] != '/' && t[4] != '-') return std::nullopt;
  for (std::size_t i = 5; i < t.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
  int start = std::stoi(std::string(t.substr(0, 4)));
  int end = std::stoi(std::string(t.substr(5)));
  if (t.size() == 7 ? end != (start + 1) % 100 : end != start + 1) return std::nullopt;
  return start;
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : ascii_lower(trim(text))) {
    if (c == ' ' || c == '\t') {
      if (!word.empty()) out.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) out.push_back(word);
  return out;
}

}  // namespace

std::optional<Period> parse_period(std::string_view text, int year_start_month) {
  auto w = words(text);
  if (w.empty()) return std::nullopt;
  // "Jun-18": a month and a two-digit year written as one word.
  if (w.size() == 1) {
    auto dash = w[0].find('-');
    if (dash != std::string::npos && dash > 0 && std::isalpha(static_cast<unsigned char>(w[0][0])))
      w = {w[0].substr(0, dash), w[0].substr(dash + 1)};
  }
  // "quarter 2 2017/18", "qtr 1 18/19" -> "q2 2017/18"
  if (w.size() == 3 && (w[0] == "quarter" || w[0] == "qtr" || w[0] == "q") && w[1].size() == 1) w = {"q" + w[1], w[2]};
  if (w.size() == 1) {
    if (auto y = financial_year(w[0])) return Period{*y, Period::Kind::year, 1};
    return std::nullopt;
  }
  if (w.size() != 2) return std::nullopt;
  auto month_named = [&](const std::string& word) -> std::optional<int> {
    for (int m = 0; m < 12; ++m)
      if (word == months[m] || (word.size() == 3 && months[m].substr(0, 3) == word) || (word == "sept" && m == 8)) return m + 1;
    return std::nullopt;
  };
  auto in_year = [&](int month) { return (month - year_start_month + 12) % 12 + 1; };
  auto quarter_or_month = [&](const std::string& tag, int year) -> std::optional<Period> {
    if (tag.size() == 2 && tag[0] == 'q' && tag[1] >= '1' && tag[1] <= '4') return Period{year, Period::Kind::quarter, tag[1] - '0'};
    if (tag.size() >= 2 && tag.size() <= 3 && tag[0] == 'm' && std::isdigit(static_cast<unsigned char>(tag[1]))) {
      int m = std::stoi(tag.substr(1));
      if (m >= 1 && m <= 12 && (tag.size() == 2 || std::isdigit(static_cast<unsigned char>(tag[2])))) return Period{year, Period::Kind::month, m};
    }
    // "2018/19 Jun": a month named within its financial year.
    if (auto month = month_named(tag)) return Period{year, Period::Kind::month, in_year(*month)};
    return std::nullopt;
  };
  if (auto y = financial_year(w[0])) return quarter_or_month(w[1], *y);
  if (auto y = financial_year(w[1])) return quarter_or_month(w[0], *y);
  // "Sep 2017", "June 18", "Jun-18": a calendar month, placed in its financial year.
  bool four = w[1].size() == 4, two = w[1].size() == 2;
  if ((four || two) && std::all_of(w[1].begin(), w[1].end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (auto month = month_named(w[0])) {
      int calendar_year = std::stoi(w[1]) + (two ? 2000 : 0);
      int fy = *month >= year_start_month ? calendar_year : calendar_year - 1;
      return Period{fy, Period::Kind::month, in_year(*month)};
    }
  }
  return std::nullopt;
}

std::optional<Period> find_period(std::string_view text, int year_start_month) {
  // Words of letters or digits: "housing-2017-18-Q2.xlsx" -> housing 2017 18 q2 xlsx.
  std::vector<std::string> w;
  std::string word;
  for (char c : ascii_lower(text)) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
    } else if (!word.empty()) {
      w.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) w.push_back(word);
  auto is_digits = [](const std::string& s, std::size_t n) {
    if (s.size() != n) return false;
    for (char c : s)
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
  };
  for (std::size_t i = 0; i + 1 < w.size(); ++i) {
    // A financial year split in two words: 2017 18, 2017 2018; or "201718".
    std::string year;
    std::size_t after = i;
    if (is_digits(w[i], 4) && (is_digits(w[i + 1], 2) || is_digits(w[i + 1], 4))) {
      year = w[i] + "/" + w[i + 1];
      after = i + 2;
    } else if (is_digits(w[i], 6)) {
      year = w[i].substr(0, 4) + "/" + w[i].substr(4);
      after = i + 1;
    } else {
      continue;
    }
    if (after < w.size())
      if (auto p = parse_period(year + " " + w[after], year_start_month)) return p;
    if (i > 0)
      if (auto p = parse_period(w[i - 1] + " " + year, year_start_month)) return p;
  }
  // "Sep 2017", "September-2017"
  for (std::size_t i = 0; i + 1 < w.size(); ++i)
    if (auto p = parse_period(w[i] + " " + w[i + 1], year_start_month); p && p->kind == Period::Kind::month) return p;
  return std::nullopt;
}

std::string iso(std::chrono::year_month_day d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

std::optional<std::chrono::year_month_day> iso_date(std::string_view text) {
  using namespace std::chrono;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (!y || !m || !d) return std::nullopt;
  year_month_day out{year{*y}, month{static_cast<unsigned>(*m)}, day{static_cast<unsigned>(*d)}};
  return out.ok() ? std::optional(out) : std::nullopt;
}

std::optional<std::chrono::year_month_day> date_written(std::string_view text) {
  if (auto day = iso_date(text)) return day;
  int d = 0, m = 0, y = 0;
  char tail = 0;
  std::string written(text);
  if (std::sscanf(written.c_str(), "%2d/%2d/%4d%c", &d, &m, &y, &tail) != 3 || y < 1900) return std::nullopt;
  std::chrono::year_month_day day{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)}, std::chrono::day{static_cast<unsigned>(d)}};
  if (!day.ok()) return std::nullopt;
  return day;
}

std::chrono::year_month_day today() { return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())}; }

}  // namespace kpiflow
