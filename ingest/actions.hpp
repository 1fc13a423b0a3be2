// The actions table of a return (docs/ingest.md, "Actions"): found by its
// header row, a Ref heading beside a Progress heading, on the return's sheet
// or another; read row by row into ActionUpdates, each problem an Issue at
// its cell. A return may hold measures, actions or both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ingest/grid.hpp"
#include "ingest/ingest.hpp"

namespace kpiflow::ingest {

struct ActionColumns {
  std::uint32_t row = 0;  // the header row
  std::uint32_t ref = 0;
  // The progress, or (a county-style table: Ref, Action, Milestone, RAG) the
  // service's RAG alone: one of the two is there.
  std::optional<std::uint32_t> progress, title, assessed, revised, commentary, milestone;
};

// Whether a row heads an actions table: a Ref heading beside a Progress
// one, or beside a RAG one with the action's or the milestone's heading.
bool heads_actions(const Grid::Row& cells, const rules::Service& service);

// The first row, other than not_row (the measures' header), that heads an
// actions table; empty when the sheet has none.
std::optional<ActionColumns> find_action_columns(const Grid& grid, const rules::Service& service, std::optional<std::uint32_t> not_row);

// The table's rows, from below its header to end_row (exclusive: the
// measures' header when it comes later) or the sheet's end.
void read_actions(const Grid& grid, const ActionColumns& columns, std::optional<std::uint32_t> end_row, const std::string& sheet,
                  const rules::RuleBook& book, const rules::Service& service, const Period& period, Return& out);

}  // namespace kpiflow::ingest
