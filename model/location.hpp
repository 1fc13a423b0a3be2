// Where a value or a problem is: a cell of a sheet of a file, a part of a
// workbook package, or a line and column of a text file (rules, CSV).
// Zero-based inside, printed one-based the way Excel and editors show it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace kpiflow {

// Excel's last cell is XFD1048576.
inline constexpr std::uint32_t max_rows = 1048576;
inline constexpr std::uint32_t max_cols = 16384;

struct CellRef {
  std::uint32_t row = 0;  // zero-based
  std::uint32_t col = 0;  // zero-based
  friend bool operator==(const CellRef&, const CellRef&) = default;
};

// "B12" -> {11, 1}. Empty when the text is not a reference inside
// A1:XFD1048576 (no letters, no digits, row 0, trailing junk, too far).
std::optional<CellRef> parse_a1(std::string_view text);
// Column letters alone: "A" -> 0, "XFD" -> 16383.
std::optional<std::uint32_t> parse_column(std::string_view letters);
std::string column_name(std::uint32_t col);
std::string to_a1(CellRef ref);
// Appends A1 text without allocating a new string: the hot path of `cat`.
void append_a1(std::string& out, CellRef ref);

// A sheet name as it must appear in a reference: Q2 -> Q2, Q2 Data -> 'Q2 Data',
// Bob's -> 'Bob''s'.
std::string quote_sheet_name(std::string_view name);

struct Location {
  std::string file;                 // as given by the user (path or name)
  std::string sheet;                // empty when not about one sheet
  std::optional<CellRef> cell;      // with sheet: file!sheet!B12
  std::string part;                 // a package part, e.g. xl/styles.xml
  std::uint32_t line = 0;           // one-based; 0 = unknown
  std::uint32_t column = 0;         // one-based; 0 = unknown

  static Location of_file(std::string file) { return Location{std::move(file), {}, {}, {}, 0, 0}; }
  static Location of_cell(std::string file, std::string sheet, CellRef cell) {
    return Location{std::move(file), std::move(sheet), cell, {}, 0, 0};
  }
  static Location of_text(std::string file, std::uint32_t line, std::uint32_t column) {
    return Location{std::move(file), {}, {}, {}, line, column};
  }
  Location in_part(std::string part_name, std::uint32_t at_line = 0, std::uint32_t at_column = 0) const {
    Location copy = *this;
    copy.part = std::move(part_name);
    copy.line = at_line;
    copy.column = at_column;
    return copy;
  }

  // file!sheet!B12, file!'Q2 Data', file:14:3, file (xl/styles.xml:3:10)
  std::string str() const;
  friend bool operator==(const Location&, const Location&) = default;
};

}  // namespace kpiflow
