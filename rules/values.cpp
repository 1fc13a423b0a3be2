#include "rules/values.hpp"

#include <fmt/format.h>

#include <tuple>

#include "reader/reader.hpp"
#include "model/text.hpp"

namespace kpiflow::rules {

namespace {

// A figure from text; percent is true when it was written with %.
std::optional<reader::Figure> number_in(std::string_view text) {
  reader::Figure f = reader::read_figure(text);
  // A rule file states its figures bare: "45 (stretch)" is not a target.
  if (f.kind != reader::Figure::Kind::number || f.cumulative || !f.note.empty()) return std::nullopt;
  return f;
}

double in_unit(const std::string& file, const YAML::Node& node, const std::string& what, Unit unit,
               const reader::Figure& f, std::string_view text) {
  if (unit == Unit::percent) {
    if (!f.percent) {
      throw Error(where(file, node), fmt::format("{}: '{}' has no % sign, and this is a percentage indicator", what, text),
                  fmt::format("write it as '{}%'", text));
    }
    return f.share;
  }
  if (f.percent) {
    throw Error(where(file, node), fmt::format("{}: '{}' is a percentage, and this indicator is not one", what, text),
                "remove the % sign, or give the indicator 'unit: percent'");
  }
  return f.value;
}

// How a rule file says a year has no target (lower case).
bool says_no_target(const std::string& low) { return low.empty() || low == "none" || low == "tbc" || low == "no target" || low == "~"; }

}  // namespace

bool in_words(const Target& target) { return target.kind == Target::Kind::none && !says_no_target(ascii_lower(target.text)); }

double share(const std::string& file, const YAML::Node& node, const std::string& what) {
  std::string text(trim(scalar(file, node, what)));
  auto f = number_in(text);
  if (!f || !f->percent || f->value < 0) {
    throw Error(where(file, node), fmt::format("{} must be a percentage such as 5%, not '{}'", what, text));
  }
  return f->share;
}

double figure(const std::string& file, const YAML::Node& node, const std::string& what, Unit unit) {
  std::string text(trim(scalar(file, node, what)));
  auto f = number_in(text);
  if (!f) throw Error(where(file, node), fmt::format("{} must be a number, not '{}'", what, text));
  return in_unit(file, node, what, unit, *f, text);
}

namespace {

// "5pp", "5 points", "5 percentage points": an absolute distance in points.
std::optional<double> points(std::string text) {
  text = ascii_lower(trim(text));
  for (std::string_view suffix : {"percentage points", "points", "pp"}) {
    if (text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0) {
      auto f = number_in(trim(text.substr(0, text.size() - suffix.size())));
      if (f && !f->percent && f->value >= 0) return f->value;
    }
  }
  return std::nullopt;
}

}  // namespace

Margin margin(const std::string& file, const YAML::Node& node, const std::string& what, std::optional<Unit> unit) {
  std::string text = scalar(file, node, what);
  if (auto p = points(text)) {
    if (unit && *unit != Unit::percent)
      throw Error(where(file, node), fmt::format("{}: '{}' is in percentage points, and this indicator is not a percentage", what, text),
                  "write a share such as 2%, or an amount in the indicator's unit such as 0.5");
    return {Margin::Kind::points, *p};
  }
  auto f = number_in(text);
  if (f && f->percent && f->share >= 0) return {Margin::Kind::share, f->share};
  if (f && !f->percent && f->value >= 0 && unit && *unit != Unit::percent) return {Margin::Kind::amount, f->value};
  throw Error(where(file, node), fmt::format("{} cannot be '{}'", what, text),
              unit && *unit != Unit::percent ? "write a share of the figure compared with (2%) or an amount in the unit (0.5)"
              : unit                         ? "write a share of the figure compared with (2%) or percentage points (1pp)"
                                             : "write a share of the figure compared with (2%) or percentage points (1pp); an amount in a unit "
                                               "is given per indicator");
}

Band band(const std::string& file, const YAML::Node& node, const std::string& what, std::optional<Unit> unit) {
  Band b;
  if (node.IsScalar()) {
    b.worse = b.better = margin(file, node, what, unit);
    return b;
  }
  YamlMap map(file, node, what, {"worse", "better"});
  if (map.has("worse")) b.worse = margin(file, map["worse"], what + ": worse", unit);
  if (map.has("better")) b.better = margin(file, map["better"], what + ": better", unit);
  return b;
}

Tolerance tolerance(const std::string& file, const YAML::Node& node, const std::string& what, Unit unit) {
  (void)unit;
  Tolerance t;
  if (node.IsScalar()) {
    std::string text = node.Scalar();
    if (auto p = points(text)) {
      t.kind = Tolerance::Kind::absolute;
      t.amber = *p;
      return t;
    }
    auto f = number_in(text);
    if (f && f->percent && f->value >= 0) {
      t.amber = f->share;
      return t;
    }
    throw Error(where(file, node), fmt::format("{} must be a share of target such as 5%, or points such as 5pp, not '{}'", what, text),
                "or a mapping: {green: 5%, amber: 10%} or {amber_at: 80%, red_at: 70%}");
  }
  YamlMap map(file, node, what,
              {"green", "amber", "amber_green", "red_amber", "at_zero", "amber_at", "red_at", "inclusive", "amber_if_improved_on_last_year"});
  t.limit_inclusive = map.flag("inclusive", true);
  t.amber_if_improved_on_last_year = map.flag("amber_if_improved_on_last_year", false);
  if (map.has("amber_at") || map.has("red_at")) {
    if (!map.has("amber_at") || !map.has("red_at") || map.has("green") || map.has("amber") || map.has("amber_green") ||
        map.has("red_amber") || map.has("at_zero")) {
      map.fail(node, fmt::format("{}: explicit thresholds need both amber_at and red_at, and nothing else", what),
               "e.g. {amber_at: 80%, red_at: 70%}");
    }
    t.kind = Tolerance::Kind::thresholds;
    t.amber_at = figure(file, map["amber_at"], what + " amber_at", unit);
    t.red_at = figure(file, map["red_at"], what + " red_at", unit);
    return t;
  }
  if (!map.has("amber")) map.fail(node, fmt::format("{} has no 'amber'", what), "e.g. {green: 5%, amber: 10%}");
  auto band = [&](std::string_view key) {
    YAML::Node n = map[key];
    std::string text = scalar(file, n, what + " " + std::string(key));
    if (auto p = points(text)) return std::make_pair(Tolerance::Kind::absolute, *p);
    return std::make_pair(Tolerance::Kind::relative, share(file, n, what + " " + std::string(key)));
  };
  auto [kind, amber] = band("amber");
  t.kind = kind;
  t.amber = amber;
  if (map.has("green")) {
    auto [green_kind, green] = band("green");
    if ((green != 0 && green_kind != kind) || green > amber)
      map.fail(map["green"], fmt::format("{}: green must be in the same terms as amber and no wider", what));
    t.green = green;
  }
  // Five levels: Amber-Green inside Amber, Red-Amber beyond it.
  auto extra = [&](std::string_view key, bool inside_amber) -> std::optional<double> {
    if (!map.has(key)) return std::nullopt;
    auto [k, v] = band(key);
    if (k != kind || (inside_amber ? (v < t.green || v > amber) : v < amber))
      map.fail(map[key], fmt::format("{}: {} must be in the same terms as amber and {}", what, key,
                                     inside_amber ? "between green and amber" : "no narrower than amber"));
    return v;
  };
  t.amber_green = extra("amber_green", true);
  t.red_amber = extra("red_amber", false);
  if (map.has("at_zero")) {
    std::string text = scalar(file, map["at_zero"], what + " at_zero");
    auto p = points(text);
    auto f = p ? std::nullopt : number_in(text);
    if (!p && (!f || f->percent || f->value < 0))
      map.fail(map["at_zero"], fmt::format("{}: at_zero is the distance used when the target is zero, such as 2 or 2pp, not '{}'", what, text));
    t.at_zero = p ? *p : f->value;
  }
  return t;
}

Target target(const std::string& file, const YAML::Node& node, const std::string& what, Unit unit) {
  Target t;
  if (node.IsMap()) {
    YamlMap map(file, node, what, {"benchmark"}, {"benchmark"});
    t.kind = Target::Kind::benchmark;
    t.benchmark = map.text("benchmark");
    t.text = "benchmark " + t.benchmark;
    return t;
  }
  std::string text(trim(scalar(file, node, what)));
  t.text = text;
  std::string low = ascii_lower(text);
  if (says_no_target(low)) return t;
  auto fail = [&]() -> Target {
    // Words alone ("Increase", "Maintain or improve", "Top quartile") are a
    // target in words: kept to be shown, not scored. Words with figures are
    // a target mistyped, and refused.
    if (text.find_first_of("0123456789") == std::string::npos) {
      t.kind = Target::Kind::none;
      return t;
    }
    throw Error(where(file, node), fmt::format("{}: cannot read '{}' as a target", what, text),
                "write a number (45), a bound (<= 45, >= 87%), a range (15%..30%), previous_year, previous_year - 4, "
                "{benchmark: NAME} or none");
  };
  if (low.rfind("previous_year", 0) == 0) {
    t.kind = Target::Kind::previous_year;
    std::string rest(trim(text.substr(13)));
    if (rest.empty()) return t;
    char sign = rest[0];
    if (sign != '+' && sign != '-') return fail();
    std::string amount(trim(rest.substr(1)));
    double value = 0;
    if (auto p = points(amount)) {
      value = unit == Unit::percent ? *p / 100 : *p;
    } else {
      auto f = number_in(amount);
      if (!f) return fail();
      if (unit == Unit::percent)
        throw Error(where(file, node), fmt::format("{}: '{}' is ambiguous for a percentage", what, text),
                    fmt::format("write the change in points: 'previous_year {} {}pp'", sign, amount));
      value = f->value;
    }
    t.value = sign == '-' ? -value : value;
    return t;
  }
  // "<" and ">" after "<=" and ">=", which they begin.
  for (auto [op, kind, strict] : {std::tuple<std::string_view, Target::Kind, bool>{"<=", Target::Kind::at_most, false},
                                  {">=", Target::Kind::at_least, false},
                                  {"\xE2\x89\xA4", Target::Kind::at_most, false},
                                  {"\xE2\x89\xA5", Target::Kind::at_least, false},
                                  {"<", Target::Kind::at_most, true},
                                  {">", Target::Kind::at_least, true}}) {
    if (text.rfind(op, 0) == 0) {
      std::string rest(trim(text.substr(op.size())));
      auto f = number_in(rest);
      if (!f) return fail();
      t.kind = kind;
      t.strict = strict;
      t.value = in_unit(file, node, what, unit, *f, rest);
      return t;
    }
  }
  if (std::size_t dots = text.find(".."); dots != std::string::npos) {
    std::string a(trim(text.substr(0, dots))), b(trim(text.substr(dots + 2)));
    auto fa = number_in(a), fb = number_in(b);
    if (!fa || !fb) return fail();
    t.kind = Target::Kind::between;
    t.value = in_unit(file, node, what, unit, *fa, a);
    t.high = in_unit(file, node, what, unit, *fb, b);
    if (t.high < t.value) throw Error(where(file, node), fmt::format("{}: the range '{}' runs backwards", what, text), "write the low end first");
    return t;
  }
  auto f = number_in(text);
  if (!f) return fail();
  t.kind = Target::Kind::value;
  t.value = in_unit(file, node, what, unit, *f, text);
  return t;
}

int parse_choice(const YamlMap& map, std::string_view key, const std::vector<std::string_view>& words) {
  YAML::Node node = map[key];
  std::string value = scalar(map.file(), node, fmt::format("'{}' in {}", key, map.what()));
  for (std::size_t i = 0; i < words.size(); ++i)
    if (words[i] == value) return static_cast<int>(i);
  std::string all;
  for (auto w : words) all += (all.empty() ? "" : ", ") + std::string(w);
  std::string suggestion = closest(value, words);
  map.fail(node,
           fmt::format("'{}' in {} cannot be '{}'{}", key, map.what(), value,
                       suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)),
           fmt::format("use one of: {}", all));
}

}  // namespace kpiflow::rules
