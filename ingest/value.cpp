// Percentages are the hard part: Excel stores 87% as 0.87, services type
// 87, 87% or 0.87, and only the first two are clear. A figure is made
// consistent with the indicator's unit here, and what could be read two
// ways is said.
#include "ingest/value.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "model/text.hpp"

namespace kpiflow::ingest {

using namespace kpiflow::reader;  // ingest is built on the reader

namespace {

void add(const ValueContext& c, Code code, Location where, std::string message, std::string hint, std::string raw) {
  Issue issue = Issue::of(code, std::move(where), std::move(message), std::move(hint));
  issue.service = c.service.id;
  issue.indicator = c.indicator.id;
  issue.raw = std::move(raw);
  c.issues.push_back(std::move(issue));
}

// n / 100 from n's shortest digits: 12.9 -> 0.129 exactly as if written so.
double hundredth(double n) {
  std::string digits = fmt::format("{}e-2", n);
  double out = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return out;
}

struct Reading {
  std::optional<double> value;
  bool ambiguous = false;   // a plain 0 < |n| <= 1 for a percentage
  bool unit_clash = false;  // written with % for an indicator that is not a percentage
};

// A number written without a % sign and not formatted as a percentage.
Reading plain(double n, rules::Unit unit) {
  Reading r;
  if (unit != rules::Unit::percent) {
    r.value = n;
  } else if (std::abs(n) > 1) {
    r.value = hundredth(n);  // 87 means 87%: nobody reports 8,700%
  } else {
    r.value = n;             // 0.87 is most likely 87%, but could be 0.87%
    r.ambiguous = n != 0;
  }
  return r;
}

Reading reading_of(const Grid::Value& cell, const rules::Indicator& indicator, Figure* figure_out = nullptr) {
  if (cell.type == CellType::number) {
    if (cell.kind == FormatKind::percent) return Reading{cell.number, false, false};
    return plain(cell.number, indicator.unit);
  }
  if (cell.type != CellType::string) return {};
  Figure f = read_figure(cell.text());
  if (figure_out) *figure_out = f;
  if (f.kind != Figure::Kind::number) return {};
  if (f.percent) return Reading{f.share, false, indicator.unit != rules::Unit::percent};
  return plain(f.value, indicator.unit);
}

std::string tokens_of(const rules::RuleBook& book) {
  std::string out;
  int n = 0;
  for (const auto& word : book.state_words) {
    if (++n > 6) return out + ", ...";
    out += (out.empty() ? "" : ", ") + word;
  }
  return out;
}

bool has_digit(std::string_view s) {
  for (char c : s)
    if (c >= '0' && c <= '9') return true;
  return false;
}

// "8.5 days" for an indicator in days says no more than its unit.
bool names_unit(const std::string& note, rules::Unit unit) {
  std::string lower = ascii_lower(note);
  return unit == rules::Unit::days && (lower == "day" || lower == "days" || lower == "working days" || lower == "calendar days");
}

std::string percent_text(double fraction) { return fmt::format("{:.15g}%", fraction * 100); }

}  // namespace

void read_value(const ValueContext& c, const Grid::Value* cell, Observation& o) {
  const auto& ind = c.indicator;
  o.raw = cell ? cell->shown : std::string();
  bool due = rules::due_in(ind, c.period, c.book.scorecard);
  if (cell != nullptr && !cell->fill.empty()) {
    for (const auto& fill : c.service.estimate_fills) {
      if (fill != cell->fill) continue;
      o.estimated = true;
      add(c, Code::estimated_value, c.where, fmt::format("{} '{}' is shaded as an estimate", ind.id, excerpt(o.raw)),
          "confirm the figure in the next return", o.raw);
    }
  }
  if (cell != nullptr && cell->type == CellType::formula_no_value) {
    add(c, Code::formula_without_value, c.where, fmt::format("the value of {} is a formula with no saved result", ind.id),
        "open the return in Excel so it calculates, save it, and send it again", o.raw);
    return;
  }
  if (cell == nullptr || trim(cell->text()).empty()) {
    if (due)
      add(c, Code::blank_value, c.where, fmt::format("no figure for {} ({}) in {}", ind.id, ind.title, c.period.str()),
          fmt::format("write the figure, or a missing-data state such as {}", tokens_of(c.book)), o.raw);
    else
      o.state = State::not_due;
    return;
  }
  switch (cell->type) {
    case CellType::error:
      add(c, Code::unparseable_value, c.where, fmt::format("'{}' is an Excel error, not a figure", excerpt(o.raw)),
          "correct the formula, or write M if the figure is not available", o.raw);
      return;
    case CellType::boolean:
    case CellType::date:
      add(c, Code::unparseable_value, c.where, fmt::format("'{}' is a {}, not a figure", excerpt(o.raw), cell->type == CellType::date ? "date" : "TRUE/FALSE"),
          "write the figure as a number", o.raw);
      return;
    default: break;
  }
  // "2016/17: 12.5%": a lagged figure written with the period it is for,
  // kept under that period.
  Grid::Value after_period;
  if (cell->type == CellType::string) {
    std::string_view text = cell->text();
    if (auto colon = text.find(':'); colon != std::string_view::npos && colon > 0) {
      if (auto p = parse_period(trim(text.substr(0, colon)), c.book.scorecard.year_start_month); p && !trim(text.substr(colon + 1)).empty()) {
        o.period = p->str();
        after_period = *cell;
        after_period.shown = std::string(trim(text.substr(colon + 1)));
        cell = &after_period;
      }
    }
  }
  if (cell->type == CellType::string) {
    if (auto state = c.book.state_of(cell->text())) {
      o.state = *state;
      return;
    }
  }
  Figure figure;
  Reading r = reading_of(*cell, ind, &figure);
  if (!r.value) {
    std::string text(trim(cell->text()));
    if (!figure.problem.empty())
      add(c, Code::unparseable_value, c.where, fmt::format("'{}' cannot be read as a figure: {}", excerpt(text), figure.problem),
          "write it with a point for decimals and commas only between thousands, e.g. 12.9% or 1,377,760", o.raw);
    else if (!has_digit(text))
      add(c, Code::unknown_state, c.where, fmt::format("'{}' is neither a figure nor a missing-data state of the rule file", excerpt(text)),
          fmt::format("write the figure, or one of: {} (or add the word under 'states:' in the rule file)", tokens_of(c.book)), o.raw);
    else
      add(c, Code::unparseable_value, c.where, fmt::format("'{}' is not a figure", excerpt(text)),
          "write the figure alone, and any note in the commentary", o.raw);
    return;
  }
  o.value = r.value;
  if (!figure.note.empty() && !names_unit(figure.note, ind.unit))
    add(c, Code::value_with_note, c.where,
        fmt::format("{} '{}' is read as {}; the words '{}' are kept with it, as written", ind.id, excerpt(o.raw), rules::shown(*r.value, ind),
                    excerpt(figure.note)),
        "check the figure is for this period; write notes in the commentary column", o.raw);
  if (figure.cumulative) o.cumulative = figure.percent && ind.unit == rules::Unit::percent ? hundredth(*figure.cumulative) : *figure.cumulative;
  if (r.ambiguous)
    add(c, Code::percent_scale_ambiguous, c.where,
        fmt::format("{} is a percentage, and '{}' is neither formatted nor written as one: read as {}", ind.id, excerpt(o.raw), percent_text(*r.value)),
        fmt::format("format the cell as a percentage, or write {}; if it means {}%, write that", percent_text(*r.value), o.raw), o.raw);
  if (r.unit_clash)
    add(c, Code::percent_scale_ambiguous, c.where,
        fmt::format("'{}' is written as a percentage, and {} is not one: read as {}", excerpt(o.raw), ind.id, fmt::format("{}", *r.value)),
        "write the figure without the % sign, or give the indicator 'unit: percent' in the rule file", o.raw);
}

void check_target(const ValueContext& c, const Grid::Value& cell, const Location& where) {
  std::string text(trim(cell.text()));
  if (text.empty() || c.book.state_of(text)) return;
  const rules::Target* target = rules::target_for(c.indicator, c.period);
  Grid::Value bare = cell;
  // "<= 45", "≥ 87%": the bound's figure.
  for (std::string_view op : {"<=", ">=", "\xE2\x89\xA4", "\xE2\x89\xA5", "<", ">", "="}) {
    if (bare.type == CellType::string && std::string_view(bare.shown).substr(0, op.size()) == op) {
      bare.shown = std::string(trim(std::string_view(bare.shown).substr(op.size())));
      break;
    }
  }
  auto figure = reading_of(bare, c.indicator).value;
  if (!figure) return;  // words: nothing to compare
  using Kind = rules::Target::Kind;
  std::string year = c.period.financial_year();
  if (target == nullptr || target->kind == Kind::none) {
    add(c, Code::target_differs, where, fmt::format("the return gives {} a target of '{}'; the rule file has none for {}", c.indicator.id, excerpt(text), year),
        "add the target to the rule file if it is agreed, or clear it from the return", text);
    return;
  }
  if (target->kind != Kind::value && target->kind != Kind::at_most && target->kind != Kind::at_least) return;
  if (std::abs(*figure - target->value) <= 1e-9 * std::max(1.0, std::abs(target->value))) return;
  add(c, Code::target_differs, where,
      fmt::format("the return's target for {} is '{}'; the rule file's for {} is '{}'", c.indicator.id, excerpt(text), year, target->text),
      "the rule file's target is used: correct the return, or the rule file if the target has changed", text);
}

std::optional<double> quiet_value(const ValueContext& c, const Grid::Value& cell) { return reading_of(cell, c.indicator).value; }

}  // namespace kpiflow::ingest
