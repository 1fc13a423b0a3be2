// What the phases of transform share: the figures of the returns in force
// (the store's), the figure an indicator is scored on (rules::scored_in,
// the one evaluation every stage uses), and the entry points of
// direction.cpp and rollup.cpp.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "model/observation.hpp"
#include "model/period.hpp"
#include "rules/rules.hpp"
#include "store/store.hpp"

namespace kpiflow::transform {

// The store's figures in force, each period read once.
using History = store::FiguresInForce;
using rules::Scored;
using rules::scored_in;

// "YTD " before a figure in a reason; nothing for a plain value.
std::string basis_prefix(const std::string& basis);

// What a figure's direction of travel is judged against.
struct Comparator {
  Comparator(std::optional<double> figure, std::string in_period, std::string described)
      : value(figure), period(std::move(in_period)), what(std::move(described)) {}
  std::optional<double> value;
  std::string period;  // "2017/18 Q1"
  std::string what;    // "the return's own 2017/18 Q1 column", "2016/17 Q2's year to date"
  // Set when the figure compared is not the one scored: a cumulative
  // measure's own figure for the period (Compare::period_figure).
  std::optional<std::optional<double>> now;
  std::string now_what;
};
// The last reported figure (the return's previous column, else the store),
// or the same period last year for seasonal and year-to-date measures.
// (rules::Compare says which).
Comparator comparator_for(const rules::Indicator& indicator, const rules::Scorecard& card, const Period& period, const Observation& observation,
                          History& history);
// Improving / Maintained / Declining for a scored result, with its reason.
void set_direction(Result& result, const rules::Indicator& indicator, const rules::Scorecard& card, const std::optional<rules::Goal>& goal,
                   const Comparator& before);

// Every action of the rule book in the period (actions.cpp): its progress,
// RAG and direction against last period's RAG, then the actions' roll-ups.
void score_actions(Scorecard& card, const rules::RuleBook& book, const store::Store& store, const Period& period,
                   const std::map<std::string, store::Submission>& in_force);

// The roll-up tables and return compliance for scored results.
void add_rollups(Scorecard& card, const rules::RuleBook& book, const std::map<std::string, store::Submission>& in_force,
                 const Period& period, History& history);

}  // namespace kpiflow::transform
