#include "model/scorecard.hpp"

namespace kpiflow {

std::string_view to_string(Direction direction) {
  switch (direction) {
    case Direction::improving: return "Improving";
    case Direction::maintained: return "Maintained";
    case Direction::declining: return "Declining";
    case Direction::unknown: return "M";
  }
  return "M";
}

std::optional<Direction> direction_from(std::string_view text) {
  for (auto d : {Direction::improving, Direction::maintained, Direction::declining, Direction::unknown})
    if (to_string(d) == text) return d;
  return std::nullopt;
}

}  // namespace kpiflow
