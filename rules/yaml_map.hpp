// Checked access to the YAML of a rule file: every node knows where it is,
// every mapping knows which keys it allows.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "model/text.hpp"

#include "rules/rules.hpp"

namespace kpiflow::rules {

// Where a node is: file:line:column, one-based.
Location where(const std::string& file, const YAML::Node& node);


class YamlMap {
 public:
  // what names the mapping in messages: "scorecard", "indicator 'PI-07'".
  // Refuses a node that is not a mapping, unknown keys and repeated keys.
  YamlMap(const std::string& file, const YAML::Node& node, std::string what,
          std::initializer_list<std::string_view> allowed, std::initializer_list<std::string_view> required = {});

  bool has(std::string_view key) const;
  YAML::Node operator[](std::string_view key) const;  // a null node when absent

  std::string text(std::string_view key, std::string fallback = {}) const;
  bool flag(std::string_view key, bool fallback) const;
  int whole(std::string_view key, int fallback, int low, int high) const;
  std::vector<std::string> texts(std::string_view key) const;  // a string or a list of strings

  [[noreturn]] void fail(const YAML::Node& at, const std::string& message, const std::string& hint = {}) const;
  const std::string& file() const { return file_; }
  const std::string& what() const { return what_; }
  const YAML::Node& node() const { return node_; }

 private:
  std::string file_;
  YAML::Node node_;
  std::string what_;
};

std::string scalar(const std::string& file, const YAML::Node& node, const std::string& what);

}  // namespace kpiflow::rules
