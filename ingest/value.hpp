// A value cell read as a figure in its indicator's unit, or as a
// missing-data state, with what is wrong as issues at the cell.
#pragma once

#include <optional>
#include <vector>

#include "ingest/grid.hpp"
#include "model/issue.hpp"
#include "model/observation.hpp"
#include "model/period.hpp"
#include "rules/rules.hpp"

namespace kpiflow::ingest {

struct ValueContext {
  const rules::RuleBook& book;
  const rules::Indicator& indicator;
  const rules::Service& service;
  const Period& period;
  Location where;  // the value cell
  std::vector<Issue>& issues;
};

// Sets value or state, raw, estimated and cumulative of o.
void read_value(const ValueContext& c, const Grid::Value* cell, Observation& o);
// target-differs when the return's own target is not the rule file's.
void check_target(const ValueContext& c, const Grid::Value& cell, const Location& where);
// A figure read without reporting anything (the return's previous period column).
std::optional<double> quiet_value(const ValueContext& c, const Grid::Value& cell);

}  // namespace kpiflow::ingest
