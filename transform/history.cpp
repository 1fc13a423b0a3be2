// The store's figures by period, and what an indicator is scored on.
#include <fmt/format.h>

#include "transform/history.hpp"

namespace kpiflow::transform {

const Observation* History::find(const std::string& indicator, const Period& period) {
  auto [it, added] = periods_.try_emplace(period.str());
  if (added)
    for (auto& o : store_.current_observations(period.str())) it->second.emplace(o.indicator, std::move(o));
  auto found = it->second.find(indicator);
  return found == it->second.end() ? nullptr : &found->second;
}

std::string basis_prefix(const std::string& basis) {
  if (basis == "value" || basis.empty()) return {};
  return basis + " ";
}

Scored scored_in(const rules::Indicator& ind, const Period& period, History& history) {
  const Observation* o = history.find(ind.id, period);
  if (o == nullptr || !o->value) return {std::nullopt, {}, fmt::format("{} has no figure for {}", ind.id, period.str())};
  switch (ind.aggregation) {
    case rules::Aggregation::snapshot: return {o->value, "value", {}};
    case rules::Aggregation::reported_cumulative: return {o->value, "reported YTD", {}};
    case rules::Aggregation::cumulative: {
      if (o->cumulative) return {o->cumulative, "YTD", {}};  // "60 (122 cum)": the return's own year to date
      if (period.kind == Period::Kind::year) return {o->value, "YTD", {}};
      double sum = 0;
      for (int i = 1; i <= period.index; ++i) {
        Period p{period.year, period.kind, i};
        const Observation* each = history.find(ind.id, p);
        if (each == nullptr || !each->value)
          return {std::nullopt, "YTD", fmt::format("the year to date cannot be summed: {} has no figure for {}", ind.id, p.str())};
        sum += *each->value;
      }
      return {sum, "YTD", {}};
    }
    case rules::Aggregation::average: {
      if (period.kind == Period::Kind::year) return {o->value, "average", {}};
      double sum = 0;
      int n = 0;
      for (int i = 1; i <= period.index; ++i) {
        const Observation* each = history.find(ind.id, Period{period.year, period.kind, i});
        if (each != nullptr && each->value) {
          sum += *each->value;
          ++n;
        }
      }
      return {sum / n, "average", {}};
    }
  }
  return {o->value, "value", {}};
}

}  // namespace kpiflow::transform
