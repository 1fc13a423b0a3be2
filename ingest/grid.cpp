#include "ingest/grid.hpp"

#include <fmt/format.h>

namespace kpiflow::ingest {

namespace {

std::string shown(const Cell& cell) {
  switch (cell.type) {
    case CellType::string:
    case CellType::error: return std::string(cell.text);
    case CellType::boolean: return cell.number != 0 ? "TRUE" : "FALSE";
    case CellType::date: return to_iso(cell.date);
    case CellType::formula_no_value: return {};
    case CellType::number: break;
  }
  if (cell.format->kind == FormatKind::percent) return fmt::format("{:.15g}%", cell.number * 100);
  return fmt::format("{}", cell.number);
}

}  // namespace

Grid Grid::read(const Workbook& workbook, std::size_t sheet, std::uint64_t max_cells) {
  Grid grid;
  std::uint64_t count = 0;
  const std::string& name = workbook.sheets().at(sheet).name;
  workbook.read_sheet(sheet, [&](const Cell& cell) {
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
    v.shown = shown(cell);
    grid.rows_[cell.ref.row][cell.ref.col] = std::move(v);
  });
  return grid;
}

const Grid::Value* Grid::at(CellRef ref) const {
  auto row = rows_.find(ref.row);
  if (row == rows_.end()) return nullptr;
  auto cell = row->second.find(ref.col);
  return cell == row->second.end() ? nullptr : &cell->second;
}

}  // namespace kpiflow::ingest
