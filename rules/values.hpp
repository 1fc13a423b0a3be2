// The scalars of a rule file: shares, tolerances, targets, enumerations.
#pragma once

#include <optional>
#include <span>

#include "model/vocabulary.hpp"

#include <utility>

#include "rules/yaml_map.hpp"

namespace kpiflow::rules {

// "5%" -> 0.05. Refuses anything else, naming what it is for.
double share(const std::string& file, const YAML::Node& node, const std::string& what);

// "5%" (of target), "5pp" / "5 points" (absolute, in points as written), or a
// mapping {green: 5%, amber: 10%} / {amber_at: 80%, red_at: 70%} with
// optional inclusive and amber_if_improved_on_last_year.
Tolerance tolerance(const std::string& file, const YAML::Node& node, const std::string& what, Unit unit);

// A Maintained band: "2%" (a share of the figure compared with), "1pp"
// (points, percentage indicators only), 0.5 (an amount in the unit: an
// indicator's own band only, so unit is given), or {worse: ..., better: ...}.
Band band(const std::string& file, const YAML::Node& node, const std::string& what, std::optional<Unit> unit);

// 45, "<= 45", ">= 87%", "15%..30%", "previous_year", "previous_year - 4pp",
// {benchmark: England}, none / TBC. Percent indicators write percentages with %.
Target target(const std::string& file, const YAML::Node& node, const std::string& what, Unit unit);

// A figure in the indicator's unit: 45, "87%" (percent units only), "£5.5m".
double figure(const std::string& file, const YAML::Node& node, const std::string& what, Unit unit);

// One of the listed words; an error lists them and suggests the closest.
template <typename E>
E choice(const YamlMap& map, std::string_view key, E fallback, std::initializer_list<std::pair<std::string_view, E>> table);

int parse_choice(const YamlMap& map, std::string_view key, const std::vector<std::string_view>& words);

// One of a closed set of the model's vocabulary, by the name its table gives.
template <typename E>
E choice(const YamlMap& map, std::string_view key, E fallback, std::span<const Name<E>> table) {
  if (!map.has(key)) return fallback;
  std::vector<std::string_view> words;
  for (const auto& entry : table) words.push_back(entry.name);
  return table[parse_choice(map, key, words)].value;
}

template <typename E>
E choice(const YamlMap& map, std::string_view key, E fallback, std::initializer_list<std::pair<std::string_view, E>> table) {
  if (!map.has(key)) return fallback;
  std::vector<std::string_view> words;
  for (const auto& entry : table) words.push_back(entry.first);
  return (table.begin() + parse_choice(map, key, words))->second;
}

}  // namespace kpiflow::rules
