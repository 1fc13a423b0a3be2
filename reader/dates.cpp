#include "reader/dates.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

namespace kpiflow::reader {

namespace {

void set_day(DateTime& out, std::chrono::sys_days day) {
  std::chrono::year_month_day ymd(day);
  out.year = static_cast<int>(ymd.year());
  out.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  out.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
}

void set_time(DateTime& out, long long ms_of_day) {
  out.hour = static_cast<int>(ms_of_day / 3600000);
  out.minute = static_cast<int>(ms_of_day / 60000 % 60);
  out.second = static_cast<int>(ms_of_day / 1000 % 60);
  out.millisecond = static_cast<int>(ms_of_day % 1000);
}

}  // namespace

std::optional<DateTime> from_serial(double serial, bool date1904, FormatKind kind) {
  using namespace std::chrono;
  constexpr double last_serial_1900 = 2958465;  // 9999-12-31
  constexpr double last_serial_1904 = 2957003;
  if (!std::isfinite(serial) || serial < 0 || serial >= (date1904 ? last_serial_1904 : last_serial_1900) + 1)
    return std::nullopt;
  auto total_ms = static_cast<long long>(std::llround(serial * 86400000.0));
  long long days = total_ms / 86400000;
  long long ms = total_ms % 86400000;

  DateTime out;
  out.has_time = kind == FormatKind::time || kind == FormatKind::datetime || kind == FormatKind::duration || ms != 0;
  out.has_date = !((kind == FormatKind::time || kind == FormatKind::duration) && days == 0);
  if (!date1904 && days == 0) {
    // Day 0 of the 1900 system is "1900-01-00", which is no date: a time of
    // day alone, or under a date-only format the number it is.
    if (kind == FormatKind::date) return std::nullopt;
    out.has_date = false;
    out.has_time = true;
  }
  set_time(out, ms);
  if (!date1904 && days == 60) {
    // The day that never was: Excel shows it, so we show it.
    out.year = 1900;
    out.month = 2;
    out.day = 29;
    return out;
  }
  sys_days epoch = date1904 ? sys_days(year{1904} / January / 1)
                            : sys_days(year{1899} / December / (days < 60 ? 31 : 30));
  set_day(out, epoch + std::chrono::days(days));
  return out;
}

namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int& value) {
  if (at + count > text.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

bool parse_time(std::string_view text, std::size_t at, DateTime& out) {
  if (!digits(text, at, 2, out.hour) || at + 2 >= text.size() || text[at + 2] != ':' ||
      !digits(text, at + 3, 2, out.minute))
    return false;
  at += 5;
  if (at < text.size() && text[at] == ':') {
    if (!digits(text, at + 1, 2, out.second)) return false;
    at += 3;
    if (at < text.size() && text[at] == '.') {
      ++at;
      int scale = 100;
      std::size_t start = at;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
        out.millisecond += (text[at] - '0') * scale;
        scale /= 10;
        ++at;
      }
      if (at == start) return false;
    }
  }
  if (at < text.size() && text[at] == 'Z') ++at;
  out.has_time = true;
  return at == text.size() && out.hour < 24 && out.minute < 60 && out.second < 60;
}

}  // namespace

std::optional<DateTime> parse_iso(std::string_view text) {
  DateTime out;
  if (text.size() >= 3 && text[2] == ':') {
    out.has_date = false;
    if (!parse_time(text, 0, out)) return std::nullopt;
    return out;
  }
  if (!digits(text, 0, 4, out.year) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2, out.month) ||
      text[7] != '-' || !digits(text, 8, 2, out.day))
    return std::nullopt;
  using namespace std::chrono;
  year_month_day ymd{year{out.year}, month{static_cast<unsigned>(out.month)}, day{static_cast<unsigned>(out.day)}};
  if (!ymd.ok()) return std::nullopt;
  if (text.size() == 10) return out;
  if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
  if (!parse_time(text, 11, out)) return std::nullopt;
  if (out.hour == 0 && out.minute == 0 && out.second == 0 && out.millisecond == 0) out.has_time = false;
  return out;
}

std::string to_iso(const DateTime& value) {
  std::string out;
  if (value.has_date) out = fmt::format("{:04}-{:02}-{:02}", value.year, value.month, value.day);
  if (value.has_time) {
    if (value.has_date) out += 'T';
    out += fmt::format("{:02}:{:02}:{:02}", value.hour, value.minute, value.second);
    if (value.millisecond != 0) out += fmt::format(".{:03}", value.millisecond);
  }
  return out;
}

}  // namespace kpiflow::reader
