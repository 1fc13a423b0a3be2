// reader: read a return (.xlsx/.xlsm workbook or .csv/.tsv text) exactly,
// streaming its cells with their sheet and cell reference.
//
// Phases, in the order a file goes through them:
//   sniff.cpp           what the bytes are: zip, OLE (encrypted or legacy .xls),
//                       OpenDocument, SpreadsheetML 2003, HTML, text
//   package.cpp         the zip container: parts by name, size and ratio limits
//   xml.cpp             expat, with DOCTYPE and entity declarations refused
//   cell_scanner.cpp    a purpose-built tokenizer for worksheet parts, refusing
//                       what expat refuses, several times faster
//   workbook.cpp        content types, relationships, sheets, date system
//   shared_strings.cpp  the shared-string table
//   styles.cpp          number formats, fills, theme and indexed colours
//   sheet_reader.cpp    the cells of one worksheet, streamed
//   csv_reader.cpp      CSV/TSV: dialect, encoding, RFC 4180 quoting
//   dates.cpp           serial numbers and ISO text to calendar dates
//   figures.cpp         figures written as text: 12.9%, 1,377,760, £5.5m
//
// A file that cannot be read exactly is refused with kpiflow::Error naming
// the file (and part, sheet or cell) and what to do.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "model/location.hpp"

namespace kpiflow::reader {

// Defences against hostile packages; see docs/limits.md.
struct Limits {
  std::uint64_t max_file_bytes = 2ull << 30;      // the file itself
  std::uint64_t max_part_bytes = 1ull << 30;      // one part, uncompressed
  double max_compression_ratio = 500;             // uncompressed : compressed
  std::uint64_t ratio_floor_bytes = 8ull << 20;   // small parts may compress better
  std::size_t max_string_chars = 32767;           // Excel's limit for one cell
  // Worksheets through cell_scanner.cpp (false: through expat, as every
  // other part is; the fuzz target compares the two).
  bool sheet_scanner = true;
};

enum class CellType : std::uint8_t { number, string, boolean, error, date, formula_no_value };
std::string_view to_string(CellType type);

// How a cell's number format presents its value.
enum class FormatKind : std::uint8_t { general, number, percent, currency, date, time, datetime, duration, text };

struct CellFormat {
  std::string code;  // the format code, e.g. "0.0%"; empty for General
  FormatKind kind = FormatKind::general;
  std::string fill;  // background as "RRGGBB"; empty when the cell is not filled
};

// A calendar date and time of day, as Excel shows it.
struct DateTime {
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0, second = 0, millisecond = 0;
  bool has_date = true;  // false for a time of day alone (a time format under one day)
  bool has_time = false;
};
// 2017-10-13, 2017-10-13T09:15:00, 2017-10-13T09:15:00.250, 09:15:00
std::string to_iso(const DateTime& value);

struct Cell {
  CellRef ref;
  CellType type = CellType::number;
  double number = 0;            // number; boolean as 1/0; a date's serial number
  DateTime date;                // for CellType::date
  std::string_view text;        // string; error text (#N/A)
  std::string_view formula;     // without '='; empty for none and for followers of a shared formula
  bool has_formula = false;
  const CellFormat* format = nullptr;  // never null
};
// A cell as text: a string as it is, a number in its shortest exact form
// (87% for 0.87 formatted as a percentage), a date in ISO 8601, TRUE/FALSE,
// an error's text; empty for a formula with no value.
std::string cell_text(const Cell& cell);

// Valid only during the call: copy what must outlive it.
using CellSink = std::function<void(const Cell&)>;

enum class Visibility : std::uint8_t { visible, hidden, very_hidden };

struct SheetInfo {
  std::string name;
  Visibility visibility = Visibility::visible;
};

struct Range {
  CellRef first, last;
};

// Something in a file that Excel would not have written, read as the message
// says rather than refused: a cell given twice, text longer than a cell
// holds, a package without [Content_Types].xml, a CSV read as Windows-1252.
struct Notice {
  Location where;
  std::string message;
  std::string hint;
  std::string str() const;  // "<where>: <message>; hint: <hint>"
};
// At most this many notices a sheet; the last then says how many more there were.
inline constexpr std::size_t max_notices = 100;

struct SheetSummary {
  std::uint64_t cells = 0;        // cells passed to the sink
  std::vector<Range> merged;      // merged ranges, in file order
  std::vector<Notice> notices;    // in file order
};

// What the text of a cell says as a figure, before the rule file gives it
// a unit ("12.9%" is 12.9 with a percent sign; whether that means 0.129 is
// for the indicator's unit to say).
struct Figure {
  enum class Kind : std::uint8_t {
    number,  // value holds the figure
    text,    // not a figure: a state token ("TBC", "-"), words, or problem says why
    blank    // empty or only spaces
  };
  Kind kind = Kind::blank;
  double value = 0;                  // as written, times any k/m/bn: "£5.5m" is 5500000
  bool percent = false;              // written with %
  double share = 0;                  // the figure as a fraction: 0.129 for "12.9%" (exactly as Excel reads it); value otherwise
  bool currency = false;             // written with £, $ or €
  std::optional<double> cumulative;  // "60 (122 cum)": 122
  bool ordinal = false;              // a rank written "1st", "23rd"
  std::string note;                  // words written beside the figure: "Q4 fig" in "11.6% (Q4 fig)", "days" in "8.5 days"
  std::string_view problem;          // why text that looks like a figure is not read as one
};
Figure read_figure(std::string_view text);

class Workbook {
 public:
  // Sniffs the content (never trusts the extension alone), then reads the
  // package's structure: sheet list, shared strings, styles. Throws Error.
  static Workbook open(const std::filesystem::path& path, const Limits& limits = {});
  // The same from memory; name is used for messages and to tell CSV from TSV.
  static Workbook from_bytes(std::string bytes, std::string name, const Limits& limits = {});

  Workbook(Workbook&&) noexcept;
  Workbook& operator=(Workbook&&) noexcept;
  ~Workbook();

  const std::string& name() const;
  const std::vector<SheetInfo>& sheets() const;
  bool date1904() const;
  // About the whole file, found when it was opened.
  const std::vector<Notice>& notices() const;

  // Streams the non-empty cells of one sheet, row by row in the order the
  // file stores them (every producer we know stores them in order). Throws
  // Error when the sheet cannot be read exactly.
  SheetSummary read_sheet(std::size_t index, const CellSink& sink) const;

  struct Impl;

 private:
  explicit Workbook(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kpiflow::reader
