#include "rules/yaml_map.hpp"

#include "model/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace kpiflow::rules {

Location where(const std::string& file, const YAML::Node& node) {
  YAML::Mark mark = node.Mark();
  if (mark.line < 0) return Location::of_file(file);
  return Location::of_text(file, static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1));
}

namespace {

std::string joined(const std::vector<std::string_view>& words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

}  // namespace

std::string scalar(const std::string& file, const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) {
    throw Error(where(file, node), fmt::format("{} must be a single value, not a {}", what, node.IsSequence() ? "list" : "mapping"));
  }
  return node.Scalar();
}

YamlMap::YamlMap(const std::string& file, const YAML::Node& node, std::string what,
                 std::initializer_list<std::string_view> allowed, std::initializer_list<std::string_view> required)
    : file_(file), node_(node), what_(std::move(what)) {
  std::vector<std::string_view> keys(allowed);
  if (!node.IsMap()) {
    throw Error(where(file, node), fmt::format("{} must be a mapping of keys to values", what_),
                fmt::format("the keys are: {}", joined(keys)));
  }
  std::set<std::string> seen;
  for (const auto& pair : node) {
    std::string key = scalar(file, pair.first, "a key");
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      std::string suggestion = closest(key, keys);
      throw Error(where(file, pair.first),
                  fmt::format("unknown key '{}' in {}{}", key, what_,
                              suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)),
                  fmt::format("the keys are: {}", joined(keys)));
    }
    if (!seen.insert(key).second) {
      throw Error(where(file, pair.first), fmt::format("key '{}' appears twice in {}", key, what_),
                  "keep one of them");
    }
    // "unit:" with nothing after it reads as null: taking the default then would hide a value left out.
    if (pair.second.IsNull())
      throw Error(where(file, pair.first), fmt::format("'{}' in {} has no value", key, what_), "give one, or delete the line to take the default");
  }
  for (auto key : required) {
    if (!has(key)) {
      throw Error(where(file, node), fmt::format("{} has no '{}'", what_, key), fmt::format("add '{}:'", key));
    }
  }
}

bool YamlMap::has(std::string_view key) const {
  for (const auto& pair : node_)
    if (pair.first.Scalar() == key) return !pair.second.IsNull();
  return false;
}

YAML::Node YamlMap::operator[](std::string_view key) const {
  for (const auto& pair : node_)
    if (pair.first.Scalar() == key) return pair.second;
  return YAML::Node();
}

void YamlMap::fail(const YAML::Node& at, const std::string& message, const std::string& hint) const {
  throw Error(where(file_, at), message, hint);
}

std::string YamlMap::text(std::string_view key, std::string fallback) const {
  if (!has(key)) return fallback;
  return scalar(file_, (*this)[key], fmt::format("'{}' in {}", key, what_));
}

bool YamlMap::flag(std::string_view key, bool fallback) const {
  if (!has(key)) return fallback;
  YAML::Node node = (*this)[key];
  std::string value = ascii_lower(scalar(file_, node, fmt::format("'{}' in {}", key, what_)));
  if (value == "true" || value == "yes") return true;
  if (value == "false" || value == "no") return false;
  fail(node, fmt::format("'{}' in {} must be true or false, not '{}'", key, what_, node.Scalar()));
}

int YamlMap::whole(std::string_view key, int fallback, int low, int high) const {
  if (!has(key)) return fallback;
  YAML::Node node = (*this)[key];
  std::string value = scalar(file_, node, fmt::format("'{}' in {}", key, what_));
  try {
    std::size_t used = 0;
    int n = std::stoi(value, &used);
    if (used == value.size() && n >= low && n <= high) return n;
  } catch (const std::exception&) {
  }
  fail(node, fmt::format("'{}' in {} must be a whole number from {} to {}, not '{}'", key, what_, low, high, value));
}

std::vector<std::string> YamlMap::texts(std::string_view key) const {
  std::vector<std::string> out;
  if (!has(key)) return out;
  YAML::Node node = (*this)[key];
  if (node.IsSequence()) {
    for (const auto& item : node) out.push_back(scalar(file_, item, fmt::format("an item of '{}' in {}", key, what_)));
  } else {
    out.push_back(scalar(file_, node, fmt::format("'{}' in {}", key, what_)));
  }
  return out;
}

}  // namespace kpiflow::rules
