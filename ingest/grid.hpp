// One sheet of a return held in memory, cell by cell: a return is a few
// hundred cells, and finding its header and metadata needs to look around.
// (The reader streams; this is the only place cells are held.)
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "reader/reader.hpp"

namespace kpiflow::ingest {

class Grid {
 public:
  struct Value {
    reader::CellType type = reader::CellType::number;
    double number = 0;
    reader::DateTime date;
    reader::FormatKind kind = reader::FormatKind::general;
    std::string fill;
    std::string shown;  // the text; a number in short form (87% for 0.87 formatted as a percentage); a date in ISO 8601
    std::string_view text() const { return shown; }
  };
  using Row = std::map<std::uint32_t, Value>;

  // Throws Error when the sheet cannot be read or holds more than max_cells.
  static Grid read(const reader::Workbook& workbook, std::size_t sheet, std::uint64_t max_cells);

  const Value* at(CellRef ref) const;
  const std::map<std::uint32_t, Row>& rows() const { return rows_; }
  // What the reader noticed in the sheet: cells given twice, texts too long.
  const std::vector<reader::Notice>& notices() const { return notices_; }

 private:
  std::map<std::uint32_t, Row> rows_;
  std::vector<reader::Notice> notices_;
};

}  // namespace kpiflow::ingest
