#include "export/shown.hpp"

namespace kpiflow::publish {

std::string arrow(Direction direction) {
  switch (direction) {
    case Direction::improving: return "↑";
    case Direction::maintained: return "↔";
    case Direction::declining: return "↓";
    case Direction::unknown: return "M";
  }
  return "M";
}

std::string state_words(const std::string& state) {
  if (state == "M") return "In measurement";
  if (state == "not_due") return "Not due";
  if (state == "missing") return "Missing";
  if (state == "no_target") return "No target";
  if (state == "not_scored") return "Not scored";
  return state;
}

}  // namespace kpiflow::publish
