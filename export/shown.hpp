// How the export shows a direction and a missing-data state in a cell.
#pragma once

#include <string>

#include "model/scorecard.hpp"

namespace kpiflow::publish {

// The arrow for a direction, the polarity already applied: ↑ better.
std::string arrow(Direction direction);
// "In measurement", "Not due", ...; empty for no state.
std::string state_words(std::optional<State> state);

// An action's progress in words, else why it has none ("Missing").
std::string progress_words(const ActionResult& action);
// The milestone in force: the re-phased one the return gives, else the rule file's.
const std::string& milestone_in_force(const ActionResult& action);
// How its RAG and direction were reached, and the service's own RAG where it differs.
std::string action_why(const ActionResult& action, const std::string& service_name);
// "8 actions: 2 delivered, 4 on target, ...; 5 Green, 0 Amber, 2 Red."
std::string actions_counted(const ActionTally& tally);

}  // namespace kpiflow::publish
