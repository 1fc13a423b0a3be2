// The closed sets of a scorecard's vocabulary. Each has one table of names
// (vocabulary.cpp): the name the rule file, the store and the JSON outputs
// use, and the words a report shows. Nothing else spells them, so a new
// status or unit is added in one place and a misspelling does not compile.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kpiflow {

// Red to Green; three-level scorecards use red, amber and green only.
enum class Status : std::uint8_t { red, red_amber, amber, amber_green, green };
// Why an indicator has no status: the four missing-data states a return can
// give (M, Not due, Missing, No target) and an indicator that is never scored.
enum class State : std::uint8_t { in_measurement, not_due, missing, no_target, not_scored };
enum class Unit : std::uint8_t { percent, number, currency, rate, days, rank, ratio, text };
enum class Polarity : std::uint8_t { up, down, range, none };
enum class Aggregation : std::uint8_t { snapshot, cumulative, reported_cumulative, average };
enum class Direction : std::uint8_t { improving, maintained, declining, unknown };
// Where an action (a project, a milestone) stands, in the terms unitary
// councils count: Delivered, On target, Scheduled for a future quarter,
// Re-phased by under or over three months, No longer viable. A rule file
// maps its own words to these (action_status).
enum class Progress : std::uint8_t { delivered, on_target, scheduled, rephased_minor, rephased_major, not_viable };

template <typename E>
struct Name {
  E value;
  std::string_view name;   // as stored and written in the rule file: "RA", "not_due", "percent"
  std::string_view words;  // as a report shows it: "Red-Amber", "Not due", "Percent"
};

// The one table of each set, in its enum's order.
template <typename E>
std::span<const Name<E>> names();
template <> std::span<const Name<Status>> names<Status>();
template <> std::span<const Name<State>> names<State>();
template <> std::span<const Name<Unit>> names<Unit>();
template <> std::span<const Name<Polarity>> names<Polarity>();
template <> std::span<const Name<Aggregation>> names<Aggregation>();
template <> std::span<const Name<Direction>> names<Direction>();
template <> std::span<const Name<Progress>> names<Progress>();

template <typename E>
std::string_view name_of(E value) {
  return names<E>()[static_cast<std::size_t>(value)].name;
}
template <typename E>
std::string_view words_of(E value) {
  return names<E>()[static_cast<std::size_t>(value)].words;
}
// The words inside a sentence: "not due", "in measurement".
template <typename E>
std::string in_sentence(E value) {
  std::string text(words_of(value));
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}
// The value a name stands for; empty for a name not in the table.
template <typename E>
std::optional<E> named(std::string_view name) {
  for (const auto& entry : names<E>())
    if (entry.name == name) return entry.value;
  return std::nullopt;
}

inline std::string_view to_string(Status s) { return name_of(s); }
inline std::string_view to_string(State s) { return name_of(s); }
inline std::string_view to_string(Unit u) { return name_of(u); }
inline std::string_view to_string(Polarity p) { return name_of(p); }
inline std::string_view to_string(Aggregation a) { return name_of(a); }
inline std::string_view to_string(Direction d) { return name_of(d); }
inline std::string_view to_string(Progress p) { return name_of(p); }

// A status as people write it: "R", "Amber", "red/amber", "Amber-Green",
// " G " (any case, "/", "-" or a space between two colours). Empty when it is not one.
std::optional<Status> status_written(std::string_view text);

// Amber-ish and Red-ish, for counting "off target" and the five-level colours.
inline bool is_red(Status s) { return s == Status::red || s == Status::red_amber; }
inline bool is_amber(Status s) { return s == Status::amber || s == Status::amber_green; }
inline bool is_year_to_date(Aggregation a) { return a == Aggregation::cumulative || a == Aggregation::reported_cumulative; }

}  // namespace kpiflow
