// transform: the scorecard for a period (docs/transform.md). From the
// returns in force in the history store and the rule file it works out, for
// every indicator, the figure scored (the value, the year to date or the
// average), the period's target, the variance, the status with the reason
// it was reached, the direction of travel, and the roll-up tables the
// published reports open with. It reads; the caller records the result.
//
// Phases:
//   history.cpp    how a scored figure's basis is shown (the figure itself: rules::evaluate)
//   score.cpp      per indicator and shared target: figure, goal, status, reason
//   direction.cpp  Improving / Maintained / Declining against the right comparator
//   rollup.cpp     counts by theme, service, directorate, key KPIs; return compliance
#pragma once

#include "model/period.hpp"
#include "model/scorecard.hpp"
#include "rules/rules.hpp"
#include "store/store.hpp"

namespace kpiflow::transform {

// The same book, store and period always give the same scorecard, whatever
// order the returns were ingested in.
Scorecard score(const rules::RuleBook& book, const store::Store& store, const Period& period);
// The same, reading figures through a history shared by several periods
// scored in turn, so each period is read from the store once.
Scorecard score(const rules::RuleBook& book, const store::Store& store, const Period& period, store::FiguresInForce& history);

}  // namespace kpiflow::transform
