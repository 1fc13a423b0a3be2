// Figures written as text: "12.9%", "1,377,760", "£5.5m", "+0.57",
// "60 (122 cum)", "(1,200)". What is clear is read; what could be read two
// ways ("12,9%": a decimal comma, or a misplaced thousands separator?) is
// left as text with the reason, for validation to report with its cell.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "reader/reader.hpp"

namespace kpiflow::reader {

namespace {

std::string_view trim(std::string_view s) {
  auto space_at_front = [&]() {
    if (s.empty()) return std::size_t{0};
    if (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r') return std::size_t{1};
    if (s.substr(0, 2) == "\xC2\xA0") return std::size_t{2};  // no-break space, as pasted from web pages
    return std::size_t{0};
  };
  auto space_at_back = [&]() {
    if (s.empty()) return std::size_t{0};
    if (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r') return std::size_t{1};
    if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") return std::size_t{2};
    return std::size_t{0};
  };
  for (std::size_t n; (n = space_at_front()) > 0;) s.remove_prefix(n);
  for (std::size_t n; (n = space_at_back()) > 0;) s.remove_suffix(n);
  return s;
}

bool take(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

bool take_back(std::string_view& s, std::string_view suffix) {
  if (s.size() < suffix.size() || s.substr(s.size() - suffix.size()) != suffix) return false;
  s.remove_suffix(suffix.size());
  return true;
}

bool take_back_nocase(std::string_view& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  std::string_view tail = s.substr(s.size() - suffix.size());
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(tail[i])) != suffix[i]) return false;
  s.remove_suffix(suffix.size());
  return true;
}

Figure text_figure(std::string_view problem = {}) {
  Figure f;
  f.kind = Figure::Kind::text;
  f.problem = problem;
  return f;
}

// Digits with an optional point and thousands separators in groups of
// three: "1,377,760.5". Sets problem for a comma that is not one.
std::optional<double> plain_number(std::string_view s, std::string_view& problem) {
  std::string digits;
  digits.reserve(s.size());
  std::size_t point = s.find('.');
  std::string_view whole = s.substr(0, point);
  if (whole.find(',') != std::string_view::npos) {
    // Every group after the first comma has exactly three digits.
    std::size_t first = whole.find(',');
    if (first == 0 || first > 3) {
      problem = "a comma that is not a thousands separator";
      return std::nullopt;
    }
    for (std::size_t at = first; at != std::string_view::npos;) {
      std::size_t next = whole.find(',', at + 1);
      std::size_t group = (next == std::string_view::npos ? whole.size() : next) - at - 1;
      if (group != 3) {
        problem = point == std::string_view::npos && s.find(',') == s.rfind(',')
                      ? "a decimal comma, or a misplaced thousands separator"
                      : "a comma that is not a thousands separator";
        return std::nullopt;
      }
      at = next;
    }
  }
  for (char c : s)
    if (c != ',') digits += c;
  if (digits.empty() || digits == ".") return std::nullopt;
  for (char c : digits)
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) return std::nullopt;
  if (!(digits[0] >= '0' && digits[0] <= '9') && digits[0] != '.') return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// "1st", "2nd", "23rd", "11th": a rank. The ending must be the number's.
std::optional<double> ordinal(std::string_view s) {
  if (s.size() < 3) return std::nullopt;
  std::string_view digits = s.substr(0, s.size() - 2), ending = s.substr(s.size() - 2);
  unsigned n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  std::string lower{static_cast<char>(std::tolower(static_cast<unsigned char>(ending[0]))),
                    static_cast<char>(std::tolower(static_cast<unsigned char>(ending[1])))};
  const char* right = (n % 100 >= 11 && n % 100 <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
  if (lower != right) return std::nullopt;
  return static_cast<double>(n);
}

// "8.5 days", "26 weeks", "Annual - Provisional figure 12.5%", "approx 45":
// one figure among words. Read only when exactly one word holds a digit
// ("60 of 122", "Q4 fig 11.6%" are not read: which figure is meant?), and
// the words are kept as the figure's note.
Figure words_beside(std::string_view text);

// "e6", "e-2": the exponent that moves written digits by a power of ten.
std::string fmt_power(int power) { return "e" + std::to_string(power); }

}  // namespace

Figure read_figure(std::string_view text) {
  std::string_view s = trim(text);
  if (s.empty()) {
    Figure f;
    f.kind = Figure::Kind::blank;
    return f;
  }

  Figure f;
  // "60 (122 cum)": this period's figure and the year to date.
  if (s.back() == ')' && s.front() != '(') {
    std::size_t open = s.rfind('(');
    if (open != std::string_view::npos && open > 0) {
      std::string_view note = trim(s.substr(open + 1, s.size() - open - 2));
      std::string_view head = trim(s.substr(0, open));
      if (take_back_nocase(note, "cumulative") || take_back_nocase(note, "cum") || take_back_nocase(note, "ytd") ||
          take_back_nocase(note, "year to date")) {
        Figure inner = read_figure(head);
        Figure total = read_figure(trim(note));
        if (inner.kind == Figure::Kind::number && total.kind == Figure::Kind::number) {
          inner.cumulative = total.value;
          return inner;
        }
      }
      // "11.6% (Q4 fig)": the figure, with its note.
      Figure inner = read_figure(head);
      if (inner.kind == Figure::Kind::number && inner.note.empty() && !note.empty()) {
        inner.note = std::string(trim(s.substr(open + 1, s.size() - open - 2)));
        return inner;
      }
      return text_figure("a note in brackets beside something that is not a figure");
    }
  }

  bool negative = false;
  if (s.front() == '(' && s.back() == ')') {  // accounting style: (1,200) is -1200
    negative = true;
    s = trim(s.substr(1, s.size() - 2));
  }
  if (take(s, "-") || take(s, "\xE2\x88\x92")) negative = !negative;  // hyphen or minus sign
  else take(s, "+");
  s = trim(s);
  if (take(s, "\xC2\xA3") || take(s, "$") || take(s, "\xE2\x82\xAC")) f.currency = true;  // £ $ €
  if (!f.currency && (take_back(s, "\xC2\xA3") || take_back(s, "\xE2\x82\xAC"))) f.currency = true;
  s = trim(s);
  if (!negative && (take(s, "-") || take(s, "\xE2\x88\x92"))) negative = true;  // £-5
  if (take_back(s, "%")) f.percent = true;
  s = trim(s);

  double scale = 1;
  if (f.currency) {
    if (take_back_nocase(s, "bn")) scale = 1e9;
    else if (take_back_nocase(s, "m")) scale = 1e6;
    else if (take_back_nocase(s, "k")) scale = 1e3;
    s = trim(s);
  }
  if (s.empty()) return text_figure();
  if (auto rank = ordinal(s); rank && !negative && !f.currency && !f.percent) {
    f.kind = Figure::Kind::number;
    f.value = f.share = *rank;
    f.ordinal = true;
    return f;
  }
  if (s.find_first_of(" \t\n\r") != std::string_view::npos) return words_beside(text);
  std::string_view problem;
  auto value = plain_number(s, problem);
  if (!value && !problem.empty()) return text_figure(problem);
  if (!value) return words_beside(text);
  f.kind = Figure::Kind::number;
  f.value = negative ? -*value : *value;
  // 5.5 * 1e6 is 5500000 exactly, but 1.1 * 1e6 is 1100000.0000000002 and
  // 12.9 / 100 need not be 0.129: a scaled figure is read again from the
  // digits it was written with, moved by the scale's power of ten.
  auto scaled = [&](int power) {
    std::string written(s.begin(), s.end());
    std::erase(written, ',');
    written += fmt_power(power);
    double exact = 0;
    std::from_chars(written.data(), written.data() + written.size(), exact);
    return negative ? -exact : exact;
  };
  int power = scale == 1e9 ? 9 : scale == 1e6 ? 6 : scale == 1e3 ? 3 : 0;
  if (power != 0) f.value = scaled(power);
  f.share = f.percent ? scaled(power - 2) : f.value;
  return f;
}

namespace {

Figure words_beside(std::string_view text) {
  std::vector<std::string_view> words;
  for (std::size_t at = 0; at < text.size();) {
    while (at < text.size() && is_space(text[at])) ++at;
    std::size_t end = at;
    while (end < text.size() && !is_space(text[end])) ++end;
    if (end > at) words.push_back(text.substr(at, end - at));
    at = end;
  }
  std::optional<std::size_t> figure_at;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i].find_first_of("0123456789") == std::string_view::npos) continue;
    if (figure_at) return text_figure("more than one figure among the words");
    figure_at = i;
  }
  if (!figure_at || words.size() < 2) return text_figure();
  Figure f = read_figure(words[*figure_at]);
  if (f.kind != Figure::Kind::number || !f.note.empty() || f.cumulative) return text_figure();
  for (std::size_t i = 0; i < words.size(); ++i)
    if (i != *figure_at) f.note += (f.note.empty() ? "" : " ") + std::string(words[i]);
  return f;
}

}  // namespace

std::string cell_text(const Cell& cell) {
  switch (cell.type) {
    case CellType::string:
    case CellType::error: return std::string(cell.text);
    case CellType::boolean: return cell.number != 0 ? "TRUE" : "FALSE";
    case CellType::date: return to_iso(cell.date);
    case CellType::formula_no_value: return {};
    case CellType::number: break;
  }
  char digits[32];
  if (cell.format->kind == FormatKind::percent) {
    // 0.129 -> "12.9%": the hundredfold in 15 significant digits drops the binary noise of * 100.
    int n = std::snprintf(digits, sizeof digits, "%.15g%%", cell.number * 100);
    return std::string(digits, static_cast<std::size_t>(n));
  }
  auto result = std::to_chars(digits, digits + sizeof digits, cell.number);  // shortest text that reads back exactly
  return std::string(digits, result.ptr);
}

}  // namespace kpiflow::reader
