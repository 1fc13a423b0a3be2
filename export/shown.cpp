#include "export/shown.hpp"

#include <fmt/format.h>

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

std::string progress_words(const ActionResult& action) {
  return action.progress ? std::string(words_of(*action.progress)) : state_words(action.state);
}

const std::string& milestone_in_force(const ActionResult& action) { return action.revised.empty() ? action.milestone : action.revised; }

std::string action_why(const ActionResult& action, const std::string& service_name) {
  std::string why = action.reason;
  if (action.direction != Direction::unknown) why += ". Direction: " + action.direction_reason;
  if (action.service_status && action.service_status != action.status) why += fmt::format(". {} rates it {}", service_name, words_of(*action.service_status));
  return why;
}

std::string actions_counted(const ActionTally& t) {
  return fmt::format("{} actions: {} delivered, {} on target, {} scheduled, {} re-phased ({} by over 3 months), {} no longer viable, "
                     "{} with no update{}; {} Green, {} Amber, {} Red.",
                     t.actions, t.delivered, t.on_target, t.scheduled, t.rephased_minor + t.rephased_major, t.rephased_major, t.not_viable,
                     t.no_update, t.not_started > 0 ? fmt::format(", {} not started", t.not_started) : std::string(), t.green, t.amber, t.red);
}

}  // namespace kpiflow::publish
