// One indicator from its YAML: shared by the rule file and the register.
#pragma once

#include <yaml-cpp/yaml.h>

#include "rules/rules.hpp"

namespace kpiflow::rules {

// sum_of: reading a shared target, the first of the indicators it adds up.
Indicator read_indicator(const std::string& file, const YAML::Node& node, std::size_t index, const RuleBook& book,
                         const Indicator* sum_of = nullptr);

}  // namespace kpiflow::rules
