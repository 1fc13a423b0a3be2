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

std::string state_words(std::optional<State> state) { return state ? std::string(words_of(*state)) : std::string(); }

}  // namespace kpiflow::publish
