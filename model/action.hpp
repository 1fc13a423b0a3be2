// Actions beside the measures: the projects and milestones a council plan
// tracks with a RAG and a direction of travel, as the county report lists
// them ("1.3 ... refreshed. By December 2018. G →"). An ActionUpdate is one
// action's line in a return; an ActionResult its row in the scorecard.
#pragma once

#include <optional>
#include <string>

#include "model/vocabulary.hpp"

namespace kpiflow {

struct ActionUpdate {
  std::string action;                // the rule file's id (the return's Ref)
  std::string period;                // the return's period, "2018/19 Q2"
  std::optional<Progress> progress;  // empty: the word is not one the rule file knows
  std::string progress_raw;          // as written
  std::string assessed;              // the service's own RAG as written; empty when none
  std::string revised;               // the new milestone of a re-phased action, as written
  std::string commentary;
  std::string sheet, cell;           // where the progress was read
  std::string commentary_cell, assessed_cell, revised_cell;  // empty without that column
};

}  // namespace kpiflow
