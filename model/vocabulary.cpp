#include "model/vocabulary.hpp"

#include <cctype>
#include <string>

namespace kpiflow {

// Each table is in its enum's order: name_of indexes it by the enum's value,
// and a test checks the order.

template <>
std::span<const Name<Status>> names<Status>() {
  static constexpr Name<Status> table[] = {
      {Status::red, "R", "Red"},           {Status::red_amber, "RA", "Red-Amber"},     {Status::amber, "A", "Amber"},
      {Status::amber_green, "AG", "Amber-Green"}, {Status::green, "G", "Green"},
  };
  return table;
}

template <>
std::span<const Name<State>> names<State>() {
  static constexpr Name<State> table[] = {
      {State::in_measurement, "M", "In measurement"}, {State::not_due, "not_due", "Not due"},
      {State::missing, "missing", "Missing"},         {State::no_target, "no_target", "No target"},
      {State::not_scored, "not_scored", "Not scored"},
  };
  return table;
}

template <>
std::span<const Name<Unit>> names<Unit>() {
  static constexpr Name<Unit> table[] = {
      {Unit::percent, "percent", "Percent"}, {Unit::number, "number", "Number"}, {Unit::currency, "currency", "Currency"},
      {Unit::rate, "rate", "Rate"},          {Unit::days, "days", "Days"},       {Unit::rank, "rank", "Rank"},
      {Unit::ratio, "ratio", "Ratio"},       {Unit::text, "text", "Text"},
  };
  return table;
}

template <>
std::span<const Name<Polarity>> names<Polarity>() {
  static constexpr Name<Polarity> table[] = {
      {Polarity::up, "up", "Higher is better"},
      {Polarity::down, "down", "Lower is better"},
      {Polarity::range, "range", "Within a range"},
      {Polarity::none, "none", "Not scored"},
  };
  return table;
}

template <>
std::span<const Name<Aggregation>> names<Aggregation>() {
  static constexpr Name<Aggregation> table[] = {
      {Aggregation::snapshot, "snapshot", "Snapshot"},
      {Aggregation::cumulative, "cumulative", "Year to date"},
      {Aggregation::reported_cumulative, "reported_cumulative", "Year to date, as reported"},
      {Aggregation::average, "average", "Average"},
  };
  return table;
}

template <>
std::span<const Name<Direction>> names<Direction>() {
  static constexpr Name<Direction> table[] = {
      {Direction::improving, "Improving", "Improving"},
      {Direction::maintained, "Maintained", "Maintained"},
      {Direction::declining, "Declining", "Declining"},
      {Direction::unknown, "M", "M"},
  };
  return table;
}

template <>
std::span<const Name<Progress>> names<Progress>() {
  static constexpr Name<Progress> table[] = {
      {Progress::delivered, "delivered", "Delivered"},
      {Progress::on_target, "on_target", "On target"},
      {Progress::scheduled, "scheduled", "Scheduled for a future quarter"},
      {Progress::rephased_minor, "rephased_minor", "Re-phased (under 3 months)"},
      {Progress::rephased_major, "rephased_major", "Re-phased (over 3 months)"},
      {Progress::not_viable, "not_viable", "No longer viable"},
  };
  return table;
}

std::optional<Status> status_written(std::string_view text) {
  std::string said;
  for (char c : text) {
    char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower == '/' || lower == '_' || lower == ' ') lower = '-';
    if (lower == '-' && (said.empty() || said.back() == '-')) continue;
    said += lower;
  }
  while (!said.empty() && said.back() == '-') said.pop_back();
  for (const auto& entry : names<Status>()) {
    std::string name(entry.name), words(entry.words);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto& c : words) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (said == name || said == words) return entry.value;
  }
  return std::nullopt;
}

}  // namespace kpiflow
