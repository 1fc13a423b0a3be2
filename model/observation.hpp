// One indicator's figure for one period as a return gave it: what ingest
// produces, the store keeps, and validation and scoring read.
#pragma once

#include <optional>
#include <string>

#include "model/vocabulary.hpp"

namespace kpiflow {

struct Observation {
  std::string indicator;             // the rule file's id (a return's Ref)
  std::string period;                // the period the figure is for, "2017/18 Q2"
  std::optional<double> value;       // in the indicator's unit (percentages as fractions); empty for a state or a problem
  std::optional<State> state;        // in_measurement, not_due, missing, no_target
  std::string raw;                   // the cell as read, for messages and audit
  std::optional<double> cumulative;  // "60 (122 cum)": the year to date the return gave
  std::optional<double> previous;    // the return's own figure for the period before, if it has that column
  bool estimated = false;            // shaded as an estimate
  std::string commentary;
  std::string target_raw;            // the return's own target, as written
  std::string sheet, cell;           // where the figure was read
  std::string commentary_cell;       // where the commentary is (or would be), empty without that column
  // The service's own status for the figure ("Green", "A"), its reason, and
  // where it is: shown beside kpiflow's, never in its place.
  std::string assessed, assessed_reason, assessed_cell;
};

}  // namespace kpiflow
