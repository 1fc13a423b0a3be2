#include "ingest/grid.hpp"

#include <fmt/format.h>

namespace kpiflow::ingest {

using namespace kpiflow::reader;  // ingest is built on the reader

Grid Grid::read(const Workbook& workbook, std::size_t sheet, std::uint64_t max_cells) {
  Grid grid;
  std::uint64_t count = 0;
  const std::string& name = workbook.sheets().at(sheet).name;
  SheetSummary summary = workbook.read_sheet(sheet, [&](const Cell& cell) {
    if (++count > max_cells) {
      throw Error(Location{workbook.name(), name, {}, {}, 0, 0},
                  fmt::format("the sheet holds more than {} cells, far more than any return", max_cells),
                  "send the return on its own, without data extracts");
    }
    Value v;
    v.type = cell.type;
    v.number = cell.number;
    v.date = cell.date;
    v.kind = cell.format->kind;
    v.fill = cell.format->fill;
    v.shown = cell_text(cell);
    grid.rows_[cell.ref.row][cell.ref.col] = std::move(v);
  });
  grid.notices_ = std::move(summary.notices);
  return grid;
}

const Grid::Value* Grid::at(CellRef ref) const {
  auto row = rows_.find(ref.row);
  if (row == rows_.end()) return nullptr;
  auto cell = row->second.find(ref.col);
  return cell == row->second.end() ? nullptr : &cell->second;
}

}  // namespace kpiflow::ingest
