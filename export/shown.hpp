// How the export shows a direction and a missing-data state in a cell.
#pragma once

#include <string>

#include "model/scorecard.hpp"

namespace kpiflow::publish {

// The arrow for a direction, the polarity already applied: ↑ better.
std::string arrow(Direction direction);
// "In measurement", "Not due", ...; empty for no state.
std::string state_words(std::optional<State> state);

}  // namespace kpiflow::publish
