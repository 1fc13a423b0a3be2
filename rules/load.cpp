// The sections of a rule file: scorecard, states, services, indicators.
#include <fmt/format.h>


#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "model/digest.hpp"
#include "model/text.hpp"
#include "model/utf8.hpp"
#include "rules/load.hpp"
#include "rules/register.hpp"
#include "rules/values.hpp"

namespace kpiflow::rules {

namespace {

constexpr std::string_view month_names[12] = {"January", "February", "March",     "April",   "May",      "June",
                                              "July",    "August",   "September", "October", "November", "December"};

std::string normal_token(std::string_view token) { return ascii_lower(trim(token)); }

int periods_in_year(Frequency f) { return f == Frequency::monthly ? 12 : f == Frequency::quarterly ? 4 : 1; }

// direction: last_reported, or {compare: last_reported, maintained: 1pp}.
void read_direction(const std::string& file, const YAML::Node& node, const std::string& what, std::optional<Unit> unit, Compare& compare,
                    Band& maintained) {
  static constexpr std::pair<std::string_view, Compare> comparators[] = {
      {"automatic", Compare::automatic},
      {"previous_period", Compare::previous_period},
      {"last_reported", Compare::last_reported},
      {"same_period_last_year", Compare::same_period_last_year},
      {"last_year_outturn_share", Compare::last_year_outturn_share},
      {"period_figure", Compare::period_figure}};
  auto read_compare = [&](const YAML::Node& n) {
    std::string text = scalar(file, n, what);
    std::vector<std::string_view> words;
    for (auto [word, value] : comparators) {
      if (word == text) return value;
      words.push_back(word);
    }
    std::string suggestion = closest(text, words);
    throw Error(where(file, n), fmt::format("{} cannot compare with '{}'{}", what, text, suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)),
                "use automatic, previous_period, last_reported, same_period_last_year, last_year_outturn_share or period_figure");
  };
  if (node.IsScalar()) {
    compare = read_compare(node);
    return;
  }
  YamlMap map(file, node, what, {"compare", "maintained"});
  if (map.has("compare")) compare = read_compare(map["compare"]);
  if (map.has("maintained")) maintained = band(file, map["maintained"], what + " maintained", unit);
}

Scorecard read_scorecard(const std::string& file, const YAML::Node& node) {
  YamlMap map(file, node, "scorecard",
              {"name", "year_starts", "frequency", "levels", "tolerance", "maintained", "direction", "commentary_required", "action_rag"},
              {"name"});
  Scorecard s;
  s.name = map.text("name");
  if (map.has("year_starts")) {
    std::vector<std::string_view> months(std::begin(month_names), std::end(month_names));
    s.year_start_month = parse_choice(map, "year_starts", months) + 1;
  }
  s.frequency = choice(map, "frequency", Frequency::quarterly,
                       {{"monthly", Frequency::monthly}, {"quarterly", Frequency::quarterly}});
  s.levels = choice(map, "levels", 3, {{"3", 3}, {"5", 5}});
  s.action_rag = choice(map, "action_rag", Scorecard::ActionRag::from_progress,
                        {{"from_progress", Scorecard::ActionRag::from_progress}, {"as_given", Scorecard::ActionRag::as_given}});
  if (map.has("tolerance")) s.tolerance = tolerance(file, map["tolerance"], "the scorecard's tolerance", Unit::number);
  if (map.has("maintained")) s.maintained = band(file, map["maintained"], "'maintained' in scorecard", std::nullopt);
  if (map.has("direction")) {
    if (map.has("maintained"))
      map.fail(map["direction"], "the scorecard gives 'maintained' twice, on its own and under 'direction'", "keep the one under 'direction'");
    read_direction(file, map["direction"], "the scorecard's 'direction'", std::nullopt, s.compare, s.maintained);
  }
  if (map.has("commentary_required")) {
    s.commentary_for_red = s.commentary_for_amber = false;
    for (const auto& item : map["commentary_required"]) {
      std::string status = scalar(file, item, "an item of 'commentary_required'");
      if (status == "red") s.commentary_for_red = true;
      else if (status == "amber") s.commentary_for_amber = true;
      else
        throw Error(where(file, item), fmt::format("'commentary_required' cannot hold '{}'", status), "use red, amber or both");
    }
  }
  return s;
}

// Words a return may write under a closed set's names (`states:`,
// `action_status:`): one word or a list under each; a word means one thing
// only. Matching ignores case and the spaces around a word.
template <typename E>
void read_words(const YamlMap& map, std::map<std::string, E>& words, std::vector<std::string>& as_written) {
  for (const auto& entry : names<E>()) {
    if (!map.has(entry.name)) continue;
    YAML::Node list = map[entry.name];
    std::vector<YAML::Node> items;
    if (list.IsSequence()) {
      for (const auto& item : list) items.push_back(item);
    } else {
      items.push_back(list);
    }
    for (const auto& item : items) {
      std::string written(trim(scalar(map.file(), item, fmt::format("a word of '{}'", entry.name))));
      std::string token = normal_token(written);
      if (token.empty()) throw Error(where(map.file(), item), fmt::format("an empty word in '{}'", entry.name), "remove it");
      auto [it, added] = words.emplace(token, entry.value);
      if (added) as_written.push_back(written);
      if (!added && it->second != entry.value)
        throw Error(where(map.file(), item), fmt::format("'{}' is listed under '{}' and under '{}'", written, name_of(it->second), entry.name),
                    fmt::format("a word can mean one thing only: keep it in one list of '{}'", map.what()));
    }
  }
}

void read_states(const std::string& file, const YAML::Node& node, RuleBook& book) {
  read_words(YamlMap(file, node, "states", {"M", "not_due", "missing", "no_target"}), book.states, book.state_words);
}

// The council's words for an action's progress, beside kpiflow's own
// ("Delivered", "Re-phased (under 3 months)", and the names, "rephased_minor").
void read_action_status(const std::string& file, const YAML::Node& node, RuleBook& book) {
  read_words(YamlMap(file, node, "action_status", {"delivered", "on_target", "scheduled", "rephased_minor", "rephased_major", "not_viable"}),
             book.progress_words, book.progress_word_list);
}

Action read_action(const std::string& file, const YAML::Node& node, std::size_t index, const RuleBook& book) {
  std::string what = fmt::format("action {}", index + 1);
  if (node.IsMap() && node["id"] && node["id"].IsScalar()) what = fmt::format("action '{}'", node["id"].Scalar());
  YamlMap map(file, node, what, {"id", "title", "service", "theme", "lead", "milestone", "year"}, {"id", "title", "service"});
  Action a;
  a.where = where(file, node);
  a.id = std::string(trim(map.text("id")));
  a.title = map.text("title");
  a.service = map.text("service");
  a.theme = map.text("theme");
  a.lead = map.text("lead");
  if (book.service(a.service) == nullptr)
    map.fail(map["service"], fmt::format("{} names service '{}', which is not in 'services'", what, a.service), "use a service's id");
  std::string milestone = map.text("milestone", "Ongoing");
  auto m = milestone_written(milestone, book.scorecard.year_start_month);
  if (!m)
    map.fail(map["milestone"], fmt::format("{}: '{}' is not a milestone kpiflow can read", what, milestone),
             "write 'By March 2019', 'From June 2018', 'Ongoing', 'By 2018/19 Q3' or 'By 31/03/2019'");
  a.milestone = *m;
  if (map.has("year")) {
    auto year = parse_period(map.text("year"), book.scorecard.year_start_month);
    if (!year || year->kind != Period::Kind::year)
      map.fail(map["year"], fmt::format("{}: 'year' must be a financial year such as 2018/19, not '{}'", what, map.text("year")));
    a.year = year->year;
  }
  return a;
}

Service read_service(const std::string& file, const YAML::Node& node, std::size_t index) {
  std::string what = fmt::format("service {}", index + 1);
  if (node.IsMap() && node["id"] && node["id"].IsScalar()) what = fmt::format("service '{}'", node["id"].Scalar());
  YamlMap map(file, node, what,
              {"id", "name", "owner", "email", "directorate", "deadline_working_days", "sheet", "columns", "metadata", "estimate_fill"},
              {"id", "name"});
  Service s;
  s.where = where(file, node);
  s.id = map.text("id");
  s.name = map.text("name");
  s.owner = map.text("owner");
  s.email = map.text("email");
  s.directorate = map.text("directorate");
  s.deadline_working_days = map.whole("deadline_working_days", 10, 0, 60);
  s.sheet = map.text("sheet", "*");
  if (map.has("columns")) {
    YamlMap columns(file, map["columns"], what + " columns",
                    {"ref", "indicator", "value", "target", "commentary", "previous", "assessed", "assessed_reason", "figure_period"},
                    {"ref", "value"});
    s.columns = ColumnAliases{columns.texts("ref"),    columns.texts("indicator"),  columns.texts("value"),
                              columns.texts("target"), columns.texts("commentary"), columns.texts("previous")};
    s.columns.named = true;
    if (columns.has("assessed")) s.columns.assessed = columns.texts("assessed"), s.columns.assessed_named = true;
    if (columns.has("assessed_reason")) s.columns.assessed_reason = columns.texts("assessed_reason");
    if (columns.has("figure_period")) s.columns.figure_period = columns.texts("figure_period");
  } else {
    s.columns = ColumnAliases{{"Ref"}, {"Indicator"}, {"{period}"}, {"Target"}, {"Commentary"}, {"{previous}"}};
  }
  if (map.has("metadata")) {
    YamlMap metadata(file, map["metadata"], what + " metadata", {"service", "period", "submitted", "deadline", "owner"});
    for (auto [key, out] : {std::pair<std::string_view, std::string*>{"service", &s.service_cell},
                            {"period", &s.period_cell},
                            {"submitted", &s.submitted_cell},
                            {"deadline", &s.deadline_cell},
                            {"owner", &s.owner_cell}}) {
      if (!metadata.has(key)) continue;
      *out = metadata.text(key);
      if (!parse_a1(*out)) metadata.fail(metadata[key], fmt::format("'{}' in {} must be a cell such as B2, not '{}'", key, metadata.what(), *out));
    }
    // One cell cannot hold two things: a template would write one over the other.
    std::map<std::string, std::string_view> taken;
    for (auto [key, cell] : {std::pair<std::string_view, const std::string*>{"service", &s.service_cell}, {"period", &s.period_cell},
                             {"submitted", &s.submitted_cell}, {"deadline", &s.deadline_cell}, {"owner", &s.owner_cell}}) {
      if (cell->empty()) continue;
      std::string a1 = to_a1(*parse_a1(*cell));
      if (auto [it, added] = taken.emplace(a1, key); !added)
        metadata.fail(metadata[key], fmt::format("'{}' and '{}' in {} are both {}", it->second, key, metadata.what(), a1), "give each its own cell");
    }
  }
  for (std::string colour : map.texts("estimate_fill")) {
    if (!colour.empty() && colour[0] == '#') colour.erase(0, 1);
    bool hex = colour.size() == 6 && std::all_of(colour.begin(), colour.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    if (!hex) map.fail(map["estimate_fill"], fmt::format("'estimate_fill' in {} must be colours such as FFFF00, not '{}'", what, colour),
                       "write the fill colour as six hex digits: FFFF00 is yellow");
    for (char& c : colour) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    s.estimate_fills.push_back(colour);
  }
  return s;
}

std::vector<int> read_due(const YamlMap& map, const Scorecard& card, Frequency frequency) {
  std::vector<int> due;
  if (!map.has("due")) {
    if (frequency == Frequency::annual) due.push_back(periods_in_year(card.frequency));  // the year's last period
    return due;
  }
  for (const auto& item : map["due"]) {
    std::string text = scalar(map.file(), item, "an item of 'due'");
    int period = 0;
    if (card.frequency == Frequency::quarterly && text.size() == 2 && (text[0] == 'Q' || text[0] == 'q') && text[1] >= '1' && text[1] <= '4') {
      period = text[1] - '0';
    } else if (card.frequency == Frequency::monthly) {
      for (int m = 0; m < 12; ++m)
        if (month_names[m].substr(0, 3) == std::string_view(text).substr(0, 3)) period = (m + 1 - card.year_start_month + 12) % 12 + 1;
    }
    if (period == 0) {
      map.fail(item, fmt::format("'{}' is not a period of a {} scorecard", text, card.frequency == Frequency::monthly ? "monthly" : "quarterly"),
               card.frequency == Frequency::monthly ? "use month names: Apr, May, ..." : "use Q1, Q2, Q3, Q4 (Q1 starts the financial year)");
    }
    due.push_back(period);
  }
  std::sort(due.begin(), due.end());
  due.erase(std::unique(due.begin(), due.end()), due.end());
  return due;
}

}  // namespace

// The statuses officers set against the arithmetic: each names its
// indicator, period and status, and must give its reason.
void read_overrides(const std::string& file, const YAML::Node& list, RuleBook& book) {
  if (list.IsNull()) return;  // an empty overrides file: none this period
  if (!list.IsSequence())
    throw Error(where(file, list), "'overrides' must be a list",
                "e.g. - {indicator: HO-01, period: 2017/18 Q2, status: Amber, reason: \"...\"}");
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string what = fmt::format("override {}", i + 1);
    YamlMap map(file, list[i], what, {"indicator", "period", "status", "reason"}, {"indicator", "period", "status", "reason"});
    Override o;
    o.where = where(file, list[i]);
    o.indicator = map.text("indicator");
    if (book.indicator(o.indicator) == nullptr)
      map.fail(map["indicator"], fmt::format("{} names '{}', which is not an indicator of the rule file", what, o.indicator), "use an indicator's id");
    auto period = parse_period(map.text("period"), book.scorecard.year_start_month);
    if (!period) map.fail(map["period"], fmt::format("{}: '{}' is not a period", what, map.text("period")), "write it as 2017/18 Q2");
    o.period = period->str();
    auto status = status_written(map.text("status"));
    if (!status) map.fail(map["status"], fmt::format("{}: '{}' is not a status", what, map.text("status")), "write Red, Amber or Green (R, A, G; RA, AG with levels: 5)");
    o.status = *status;
    o.reason = std::string(trim(map.text("reason")));
    if (o.reason.empty()) map.fail(map["reason"], fmt::format("{} gives no reason", what), "say why the status differs from what the figures give");
    if (book.override_for(o.indicator, o.period))
      throw Error(o.where, fmt::format("{} for {} is overridden twice", o.indicator, o.period), "keep one");
    book.overrides.push_back(std::move(o));
  }
}

// A trajectory, {Q1: 150, Q2: 300, Q3: 450, Q4: 600}: a target per period,
// as councils that profile unevenly print them. Each is kept under its
// period ("2017/18 Q2") and is that period's target as written, never
// profiled; the latest period's stands for the year (its outturn).
Target trajectory(const std::string& file, const YAML::Node& steps, const std::string& year, const std::string& what, Indicator& ind,
                  const Scorecard& scorecard) {
  Target last;
  int last_index = 0;
  for (const auto& step : steps) {
    std::string name(trim(scalar(file, step.first, "a period of the year")));
    auto p = parse_period(year + " " + name, scorecard.year_start_month);
    if (!p || p->financial_year() != year || p->kind == Period::Kind::year)
      throw Error(where(file, step.first), fmt::format("'{}' is not a period of {}", name, year),
                  "name each step Q1 to Q4, or by month (Apr, or M1 to M12)");
    if (ind.targets.count(p->str())) throw Error(where(file, step.first), fmt::format("the target for {} is given twice", p->str()), "keep one");
    Target t = target(file, step.second, fmt::format("the {} target of {}", p->str(), what), ind.unit);
    if (t.kind == Target::Kind::benchmark || t.kind == Target::Kind::previous_year)
      throw Error(where(file, step.second), fmt::format("the {} target of {}: a trajectory's steps are figures", p->str(), what),
                  "write each period's target as a figure, a bound or a range");
    t.for_period = true;
    ind.targets[p->str()] = t;
    if (p->index >= last_index) {
      last = t;
      last_index = p->index;
    }
  }
  if (last_index == 0) throw Error(where(file, steps), fmt::format("the {} trajectory of {} has no steps", year, what), "e.g. {Q1: 150, Q2: 300}");
  return last;
}

Indicator read_indicator(const std::string& file, const YAML::Node& node, std::size_t index, const RuleBook& book, const Indicator* sum_of) {
  std::string noun = sum_of ? "shared target" : "indicator";
  std::string what = fmt::format("{} {}", noun, index + 1);
  if (node.IsMap() && node["id"] && node["id"].IsScalar()) what = fmt::format("{} '{}'", noun, node["id"].Scalar());
  // A shared target takes its service, unit and timing from the indicators it adds up.
  YamlMap map = sum_of == nullptr
                    ? YamlMap(file, node, what,
                              {"id", "title", "service", "theme", "definition", "key", "unit", "decimals", "polarity", "frequency", "due", "aggregation",
                               "targets", "profile", "tolerance", "range", "max_change", "seasonal", "direction", "benchmarks",
                               "carry_forward", "latest_available"},
                              {"id", "title", "service"})
                    : YamlMap(file, node, what,
                              {"id", "title", "indicators", "theme", "definition", "key", "decimals", "polarity", "targets", "profile", "tolerance",
                               "seasonal", "direction", "benchmarks"},
                              {"id", "title", "indicators"});
  Indicator ind;
  ind.where = where(file, node);
  ind.id = map.text("id");
  ind.title = map.text("title");
  ind.service = sum_of ? sum_of->service : map.text("service");
  if (book.service(ind.service) == nullptr) {
    std::vector<std::string_view> ids;
    for (const auto& s : book.services) ids.push_back(s.id);
    std::string suggestion = closest(ind.service, ids);
    map.fail(map["service"],
             fmt::format("{} belongs to service '{}', which the rule file does not list{}", what, ind.service,
                         suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)),
             "add the service under 'services:', or correct the id");
  }
  ind.theme = map.text("theme");
  ind.definition = map.text("definition");
  ind.key = map.flag("key", false);
  ind.unit = sum_of ? sum_of->unit
                    : choice(map, "unit", Unit::number, names<Unit>());
  ind.decimals = map.whole("decimals", sum_of ? sum_of->decimals : ind.unit == Unit::percent ? 1 : 0, 0, 6);
  ind.polarity = choice(map, "polarity", Polarity::up, names<Polarity>());
  if (sum_of) {
    ind.frequency = sum_of->frequency;
    ind.due = sum_of->due;
    ind.aggregation = sum_of->aggregation;
    ind.profile = sum_of->profile;
  } else {
    ind.frequency = choice(map, "frequency", book.scorecard.frequency,
                           {{"monthly", Frequency::monthly}, {"quarterly", Frequency::quarterly}, {"annual", Frequency::annual}});
    ind.due = read_due(map, book.scorecard, ind.frequency);
    ind.aggregation = choice(map, "aggregation", Aggregation::snapshot, names<Aggregation>());
  }
  if (map.has("targets")) {
    YAML::Node targets = map["targets"];
    if (!targets.IsMap()) map.fail(targets, fmt::format("'targets' in {} must map financial years to targets", what), "e.g. targets: {2017/18: <= 45}");
    for (const auto& pair : targets) {
      std::string year = scalar(file, pair.first, "a financial year");
      bool ok = year.size() == 7 && year[4] == '/' && std::all_of(year.begin(), year.begin() + 4, ::isdigit) &&
                std::isdigit(static_cast<unsigned char>(year[5])) && std::isdigit(static_cast<unsigned char>(year[6])) &&
                (std::stoi(year.substr(0, 4)) + 1) % 100 == std::stoi(year.substr(5));
      if (!ok) throw Error(where(file, pair.first), fmt::format("'{}' is not a financial year", year), "write it as 2017/18");
      if (ind.targets.count(year)) throw Error(where(file, pair.first), fmt::format("the target for {} is given twice", year), "keep one");
      if (pair.second.IsMap() && !pair.second["benchmark"]) {
        ind.targets[year] = trajectory(file, pair.second, year, what, ind, book.scorecard);
        continue;
      }
      ind.targets[year] = target(file, pair.second, fmt::format("the {} target of {}", year, what), ind.unit);
    }
    if (ind.polarity == Polarity::range)
      for (const auto& [year, t] : ind.targets)
        if (t.kind != Target::Kind::between && t.kind != Target::Kind::none)
          map.fail(targets, fmt::format("{} has polarity range, so its {} target must be a range such as 15%..30%", what, year));
  }
  if (map.has("profile")) {
    ind.profile.clear();
    YAML::Node list = map["profile"];
    int periods = periods_in_year(book.scorecard.frequency);
    if (!list.IsSequence() || static_cast<int>(list.size()) != periods) {
      map.fail(list, fmt::format("the profile of {} must list {} cumulative shares, one per period", what, periods),
               periods == 4 ? "e.g. profile: [10%, 35%, 70%, 100%]" : "one share per month, ending in 100%");
    }
    double last = 0;
    for (const auto& item : list) {
      double s = share(file, item, fmt::format("a share in the profile of {}", what));
      if (s < last) throw Error(where(file, item), fmt::format("the profile of {} goes down at {:g}%", what, s * 100), "a year-to-date profile never falls");
      ind.profile.push_back(last = s);
    }
    if (std::abs(last - 1) > 1e-12) map.fail(list, fmt::format("the profile of {} must end at 100%", what));
    if (ind.aggregation != Aggregation::cumulative && ind.aggregation != Aggregation::reported_cumulative)
      map.fail(list, fmt::format("{} has a profile but is not cumulative", what), "add 'aggregation: cumulative', or remove the profile");
  }
  if (map.has("tolerance")) ind.tolerance = tolerance(file, map["tolerance"], fmt::format("the tolerance of {}", what), ind.unit);
  if (map.has("range")) {
    YAML::Node range = map["range"];
    if (!range.IsSequence() || range.size() != 2) map.fail(range, fmt::format("the range of {} must be [lowest, highest]", what), "e.g. range: [0%, 100%]");
    ind.minimum = figure(file, range[0], fmt::format("the range of {}", what), ind.unit);
    ind.maximum = figure(file, range[1], fmt::format("the range of {}", what), ind.unit);
    if (*ind.maximum < *ind.minimum) map.fail(range, fmt::format("the range of {} runs backwards", what), "write the lowest first");
  }
  if (map.has("max_change")) ind.max_change = share(file, map["max_change"], fmt::format("'max_change' of {}", what));
  ind.seasonal = map.flag("seasonal", false);
  ind.carry_forward = map.flag("carry_forward", false);
  ind.latest_available = map.flag("latest_available", false);
  if (map.has("direction")) {
    Compare compare = book.scorecard.compare;
    Band maintained = book.scorecard.maintained;
    read_direction(file, map["direction"], fmt::format("the 'direction' of {}", what), ind.unit, compare, maintained);
    YAML::Node given = map["direction"];
    if (given.IsScalar() || given["compare"]) ind.compare = compare;
    if (given.IsMap() && given["maintained"]) ind.maintained = maintained;
    if (ind.compare && !is_year_to_date(ind.aggregation) && (*ind.compare == Compare::last_year_outturn_share || *ind.compare == Compare::period_figure))
      map.fail(given, fmt::format("{} is not a year-to-date measure, so it cannot compare with {}", what,
                                  *ind.compare == Compare::period_figure ? "its period's own figure" : "a share of last year's outturn"),
               "give it aggregation: cumulative, or compare with previous_period or last_reported");
    if (ind.compare && ind.seasonal && *ind.compare != Compare::same_period_last_year && *ind.compare != Compare::automatic)
      map.fail(given, fmt::format("{} is seasonal, which compares with the same period last year", what), "remove 'seasonal' or the comparator");
  }
  if (map.has("benchmarks")) {
    YAML::Node list = map["benchmarks"];
    if (!list.IsMap()) map.fail(list, fmt::format("'benchmarks' in {} must map names to figures", what), "e.g. benchmarks: {England: 60.9}");
    for (const auto& pair : list) {
      std::string name = scalar(file, pair.first, "a benchmark's name");
      ind.benchmarks[name] = figure(file, pair.second, fmt::format("the {} benchmark of {}", name, what), ind.unit);
    }
  }
  for (const auto& [year, t] : ind.targets)
    if (t.kind == Target::Kind::benchmark && !ind.benchmarks.count(t.benchmark))
      map.fail(map["targets"], fmt::format("the {} target of {} is the {} benchmark, which 'benchmarks' does not give", year, what, t.benchmark),
               fmt::format("add benchmarks: {{{}: <figure>}}", t.benchmark));
  return ind;
}

namespace {

// One target for the sum of several indicators ("households in temporary
// accommodation plus those in bed and breakfast, 45 or less together").
Indicator read_shared_target(const std::string& file, const YAML::Node& node, std::size_t index, const RuleBook& book) {
  std::string what = fmt::format("shared target {}", index + 1);
  if (node.IsMap() && node["id"] && node["id"].IsScalar()) what = fmt::format("shared target '{}'", node["id"].Scalar());
  if (!node.IsMap() || !node["indicators"]) throw Error(where(file, node), fmt::format("{} names no indicators", what), "add indicators: [HO-01, HO-09]");
  YAML::Node parts = node["indicators"];
  if (!parts.IsSequence() || parts.size() < 2)
    throw Error(where(file, parts), fmt::format("{} must name two or more indicators", what), "e.g. indicators: [HO-01, HO-09]");
  std::vector<std::string> ids;
  const Indicator* first = nullptr;
  for (const auto& item : parts) {
    std::string id = scalar(file, item, "an indicator of " + what);
    const Indicator* part = book.indicator(id);
    if (part == nullptr) {
      std::vector<std::string_view> known;
      for (const auto& i : book.indicators) known.push_back(i.id);
      std::string suggestion = closest(id, known);
      throw Error(where(file, item),
                  fmt::format("{} names '{}', which is not an indicator{}", what, id, suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)),
                  "list the indicators whose figures are added up");
    }
    if (first != nullptr && (part->unit != first->unit || part->aggregation != first->aggregation || part->due != first->due))
      throw Error(where(file, item), fmt::format("{} adds up {} and {}, which differ in unit, aggregation or due periods", what, first->id, id),
                  "a shared target can only add like to like");
    if (first == nullptr) first = part;
    ids.push_back(id);
  }
  Indicator shared = read_indicator(file, node, index, book, first);
  shared.parts = std::move(ids);
  return shared;
}

}  // namespace




namespace {

// Ids are looked up per row of every return and per figure of every export:
// by hash, not by scanning. The index is of positions, built on first use,
// and checked on every hit, so a book copied or edited after loading
// (tests build them by hand) is still answered right; a miss, which is
// rare (an unknown Ref), scans.
template <typename T>
const T* by_id(const std::vector<T>& items, RuleBook::Index& index, std::string_view id) {
  {
    std::lock_guard<std::mutex> hold(index.guard);
    if (index.built_over != items.data() || index.built_count != items.size()) {
      index.by_id.clear();
      for (std::size_t i = 0; i < items.size(); ++i) index.by_id.emplace(items[i].id, i);
      index.built_over = items.data();
      index.built_count = items.size();
    }
    if (auto it = index.by_id.find(std::string(id)); it != index.by_id.end() && it->second < items.size() && items[it->second].id == id)
      return &items[it->second];
  }
  for (const auto& item : items)
    if (item.id == id) return &item;
  return nullptr;
}

}  // namespace

const Service* service_in_name(const RuleBook& book, std::string_view file_stem) {
  std::string name = name_words(file_stem);
  // A name of no letters at all (" ") would be found in every file name.
  auto said = [&](const std::string& text) {
    std::string words = name_words(text);
    return words != " " && name.find(words) != std::string::npos ? words.size() : 0;
  };
  const Service* best = nullptr;
  std::size_t most = 0;
  bool tied = false;
  for (const auto& s : book.services) {
    std::size_t n = said(s.name) + said(s.id);
    if (n == 0 || n < most) continue;
    tied = n == most;
    if (n > most) best = &s, most = n;
  }
  return tied ? nullptr : best;
}

const Service* RuleBook::service(std::string_view id) const { return by_id(services, service_index_, id); }

const Indicator* RuleBook::indicator(std::string_view id) const { return by_id(indicators, indicator_index_, id); }

std::optional<State> RuleBook::state_of(std::string_view token) const {
  auto it = states.find(normal_token(token));
  if (it == states.end()) return std::nullopt;
  return it->second;
}

void check_printable(std::string_view text, const std::string& file_name) {
  const std::string hint = "save the file as UTF-8 (in Notepad: Save As, Encoding UTF-8)";
  if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF")
    throw Error(Location::of_text(file_name, 1, 1), "the file is UTF-16, not UTF-8", hint);
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::uint32_t line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    Decoded d = decode_utf8(p + i, text.size() - i);
    if (d.length == 0) throw Error(Location::of_text(file_name, line, column), fmt::format("not UTF-8 (byte 0x{:02X})", p[i]), hint);
    unsigned long c = d.code_point;
    // YAML 1.2's printable characters (c-printable), with the byte-order mark at the start.
    bool printable = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF) ||
                     (c >= 0xE000 && c <= 0xFFFD && (c != 0xFEFF || i == 0)) || c >= 0x10000;
    if (!printable)
      throw Error(Location::of_text(file_name, line, column), fmt::format("a control character (0x{:02X}) in the text", c),
                  "delete it: a rule file holds printable text only");
    if (c == '\n') {
      ++line;
      column = 1;
    } else if (c != 0xFEFF) {
      ++column;
    }
    i += static_cast<std::size_t>(d.length);
  }
}

// A rule file's text (or a file it names) as one YAML document: printable,
// valid, and alone (yaml-cpp reads the first document and would drop the
// rest unseen). Errors name the file, line and column.
YAML::Node one_document(std::string_view yaml, const std::string& file_name, const std::string& what = "the rule file") {
  check_printable(yaml, file_name);
  YAML::Node root;
  try {
    std::vector<YAML::Node> documents = YAML::LoadAll(std::string(yaml));
    if (!documents.empty()) root = documents.front();
    for (std::size_t i = 1; i < documents.size(); ++i)
      if (!documents[i].IsNull())
        throw Error(where(file_name, documents[i]), fmt::format("a second YAML document in {}", what),
                    "a rule file is one document: remove the '---' line and what follows it, or merge it into the first");
  } catch (const YAML::ParserException& e) {
    throw Error(Location::of_text(file_name, static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1)),
                fmt::format("not valid YAML: {}", e.msg), "check the indentation and quotes around this line");
  }
  return root;
}

// A file the rule file names (the indicator register, the overrides), by a
// path relative to the rule file: its path and bytes. The bytes are part of
// the rule book's fingerprint, so a change to them is a changed rule file.
std::pair<std::filesystem::path, std::string> file_beside(const std::string& file_name, const YAML::Node& named_at, const std::string& name,
                                                          const std::string& what) {
  std::filesystem::path path = std::filesystem::path(file_name).parent_path() / name;
  if (!std::filesystem::exists(path))
    throw Error(where(file_name, named_at), fmt::format("the {} '{}' is not there", what, path.string()), "give its path relative to the rule file");
  std::ifstream in(path, std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  if (!in && !in.eof()) throw Error(Location::of_file(path.string()), fmt::format("cannot read the {}", what), "check it can be read");
  return {path, std::move(bytes)};
}

RuleBook load_rules_text(std::string_view yaml, const std::string& file_name) {
  YAML::Node root = one_document(yaml, file_name);
  RuleBook book;
  book.file = file_name;
  std::string source(yaml);  // what the fingerprint is of
  YamlMap top(file_name, root, "the rule file",
              {"scorecard", "states", "services", "indicators", "indicators_from", "shared_targets", "overrides", "action_status", "actions"},
              {"scorecard", "services"});
  if (!top.has("indicators") && !top.has("indicators_from") && !top.has("actions"))
    top.fail(root, "the rule file lists no indicators", "add 'indicators:', or 'indicators_from:' naming the indicator register");
  book.scorecard = read_scorecard(file_name, top["scorecard"]);
  if (top.has("states")) read_states(file_name, top["states"], book);

  YAML::Node services = top["services"];
  if (!services.IsSequence()) top.fail(services, "'services' must be a list", "start each service with '- id: ...'");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < services.size(); ++i) {
    Service s = read_service(file_name, services[i], i);
    if (!ids.insert(s.id).second) throw Error(s.where, fmt::format("service '{}' is listed twice", s.id), "keep one");
    book.services.push_back(std::move(s));
  }

  ids.clear();
  auto add = [&](Indicator ind) {
    if (!ids.insert(ind.id).second) throw Error(ind.where, fmt::format("indicator '{}' is listed twice", ind.id), "keep one");
    book.indicators.push_back(std::move(ind));
  };
  if (top.has("indicators")) {
    YAML::Node indicators = top["indicators"];
    if (!indicators.IsSequence()) top.fail(indicators, "'indicators' must be a list", "start each indicator with '- id: ...'");
    for (std::size_t i = 0; i < indicators.size(); ++i) add(read_indicator(file_name, indicators[i], i, book));
  }
  if (top.has("indicators_from")) {
    // The register kept in Excel or CSV, beside the rule file.
    YAML::Node from = top["indicators_from"];
    std::string register_file, sheet;
    if (from.IsMap()) {
      YamlMap map(file_name, from, "'indicators_from'", {"file", "sheet"}, {"file"});
      register_file = map.text("file");
      sheet = map.text("sheet");
    } else {
      register_file = scalar(file_name, from, "'indicators_from'");
    }
    auto [path, bytes] = file_beside(file_name, from, register_file, "indicator register");
    source += bytes;
    book.register_file = path.string();
    for (auto& ind : read_register(std::move(bytes), path.string(), sheet, book)) add(std::move(ind));
  }
  if (top.has("shared_targets")) {
    YAML::Node shared = top["shared_targets"];
    if (!shared.IsSequence()) top.fail(shared, "'shared_targets' must be a list", "start each with '- id: ...'");
    for (std::size_t i = 0; i < shared.size(); ++i) {
      Indicator s = read_shared_target(file_name, shared[i], i, book);
      if (!ids.insert(s.id).second) throw Error(s.where, fmt::format("'{}' is already an indicator or shared target", s.id), "give it its own id");
      book.shared_targets.push_back(std::move(s));
    }
  }
  if (top.has("overrides")) {
    YAML::Node overrides = top["overrides"];
    if (overrides.IsScalar()) {
      // An overrides file beside the rule file, kept by whoever signs the
      // statuses off: a changed override makes the scorecards it touches out of date.
      auto [path, text] = file_beside(file_name, overrides, overrides.Scalar(), "overrides file");
      source += text;
      read_overrides(path.string(), one_document(text, path.string(), "the overrides file"), book);
    } else {
      read_overrides(file_name, overrides, book);
    }
  }
  // The rule file's words first: where one of them is also kpiflow's word for
  // another progress, the council's meaning stands.
  if (top.has("action_status")) read_action_status(file_name, top["action_status"], book);
  for (const auto& entry : names<Progress>()) {
    book.progress_words.emplace(std::string(entry.name), entry.value);
    book.progress_words.emplace(normal_token(entry.words), entry.value);
  }
  // The words every council's returns use for the same thing (docs/rules.md, "Actions").
  for (auto [word, progress] : {std::pair{"Complete", Progress::delivered}, {"Completed", Progress::delivered}, {"Achieved", Progress::delivered},
                                {"On track", Progress::on_target}, {"Not started", Progress::scheduled}, {"Not yet started", Progress::scheduled},
                                {"Cancelled", Progress::not_viable}, {"Withdrawn", Progress::not_viable}})
    book.progress_words.emplace(normal_token(word), progress);
  if (top.has("actions")) {
    YAML::Node actions = top["actions"];
    if (!actions.IsSequence()) top.fail(actions, "'actions' must be a list", "start each action with '- id: ...'");
    std::set<std::string> action_ids;
    for (std::size_t i = 0; i < actions.size(); ++i) {
      Action a = read_action(file_name, actions[i], i, book);
      if (!action_ids.insert(a.id).second) throw Error(a.where, fmt::format("action '{}' is listed twice", a.id), "keep one");
      book.actions.push_back(std::move(a));
    }
  }
  book.fingerprint = sha256_of(source);
  return book;
}

const Action* RuleBook::action(std::string_view id) const { return by_id(actions, action_index_, id); }

std::optional<Progress> RuleBook::progress_of(std::string_view word) const {
  auto it = progress_words.find(normal_token(word));
  if (it == progress_words.end()) return std::nullopt;
  return it->second;
}

const Override* RuleBook::override_for(std::string_view indicator, const std::string& period) const {
  for (const auto& o : overrides)
    if (o.indicator == indicator && o.period == period) return &o;
  return nullptr;
}

std::string rule_file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Location::of_file(path.string()), "cannot open the rule file", "check the path given with --rules");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

RuleBook load_rules(const std::filesystem::path& path) { return load_rules_text(rule_file_text(path), path.string()); }

}  // namespace kpiflow::rules
