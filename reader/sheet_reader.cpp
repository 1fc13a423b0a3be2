// The cells of one worksheet, streamed from its part: memory depends on the
// longest cell, not on the number of rows.
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "reader/dates.hpp"
#include "reader/package_book.hpp"
#include "reader/xml.hpp"
#include "model/text.hpp"

namespace kpiflow::reader {

namespace {

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || !std::isfinite(value)) return std::nullopt;
  return value;
}

template <typename T>
std::optional<T> parse_unsigned(std::string_view text) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

enum class Capture : std::uint8_t { none, value, formula, inline_text };

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(const Location& file, const std::string& sheet, const SharedStrings& strings, const Styles& styles,
               bool date1904, std::size_t max_chars, const CellSink& sink, SheetSummary& summary)
      : file_(file), sheet_(sheet), strings_(strings), styles_(styles), date1904_(date1904), max_chars_(max_chars),
        sink_(sink), summary_(summary) {}

  void start(std::string_view name, const char** attrs) override {
    switch (name.size()) {
      case 1:
        if (name[0] == 'c' && in_data_) start_cell(attrs);
        else if (name[0] == 'v' && in_cell_) { capture_ = Capture::value; has_value_ = true; }
        else if (name[0] == 'f' && in_cell_) { capture_ = Capture::formula; has_formula_ = true; }
        else if (name[0] == 't' && in_inline_ && phonetic_ == 0) { capture_ = Capture::inline_text; has_value_ = true; }
        break;
      case 2:
        if (name == "is" && in_cell_) in_inline_ = true;
        break;
      case 3:
        if (name == "row" && in_data_) start_row(attrs);
        else if (name == "rPh") ++phonetic_;
        break;
      case 9:
        if (name == "sheetData") in_data_ = true;
        else if (name == "mergeCell") add_merge(attrs);
        break;
      default:
        break;
    }
  }

  void end(std::string_view name) override {
    switch (name.size()) {
      case 1:
        if (name[0] == 'c' && in_cell_) finish_cell();
        else capture_ = Capture::none;
        break;
      case 2:
        if (name == "is") in_inline_ = false;
        break;
      case 3:
        if (name == "rPh") --phonetic_;
        break;
      case 9:
        if (name == "sheetData") in_data_ = false;
        break;
      default:
        break;
    }
  }

  void text(const char* data, int length) override {
    switch (capture_) {
      case Capture::none: return;
      case Capture::value:
      case Capture::inline_text: value_.append(data, static_cast<std::size_t>(length)); return;
      case Capture::formula: formula_.append(data, static_cast<std::size_t>(length)); return;
    }
  }

 private:
  [[noreturn]] void refuse_at(CellRef ref, std::string message, std::string hint) const {
    throw Error(Location::of_cell(file_.file, sheet_, ref), std::move(message), std::move(hint));
  }
  [[noreturn]] void refuse_sheet(std::string message, std::string hint) const {
    Location where = Location::of_file(file_.file);
    where.sheet = sheet_;
    throw Error(where, std::move(message), std::move(hint));
  }

  void start_row(const char** attrs) {
    std::uint64_t row = next_row_;
    if (const char* r = attribute(attrs, "r")) {
      auto n = parse_unsigned<std::uint64_t>(r);
      if (!n || *n == 0) refuse_sheet(fmt::format("row number '{}' is not a number from 1 to {}", r, max_rows),
                                      "open the file in Excel and save a new copy");
      row = *n - 1;
    }
    if (row >= max_rows) {
      refuse_sheet(fmt::format("row {} is beyond Excel's last row, {}", row + 1, max_rows),
                   "this file was not written by Excel: ask for a copy saved from Excel");
    }
    row_ = static_cast<std::uint32_t>(row);
    next_row_ = row + 1;
    next_col_ = 0;
  }

  void start_cell(const char** attrs) {
    in_cell_ = true;
    has_value_ = has_formula_ = false;
    value_.clear();
    formula_.clear();
    type_ = '\0';
    style_ = 0;
    const char* ref_text = nullptr;
    for (; attrs[0] != nullptr; attrs += 2) {
      std::string_view key = local_name(attrs[0]);
      if (key.size() != 1) continue;
      if (key[0] == 'r') ref_text = attrs[1];
      else if (key[0] == 's') {
        auto s = parse_unsigned<std::uint32_t>(attrs[1]);
        if (!s) refuse_at(CellRef{row_, next_col_}, fmt::format("style index '{}' is not a number", attrs[1]),
                          "open the file in Excel and save a new copy");
        style_ = *s;
      } else if (key[0] == 't') {
        std::string_view t(attrs[1]);
        type_ = t == "n" ? 'n' : t == "s" ? 's' : t == "str" ? 'f' : t == "inlineStr" ? 'i' : t == "b" ? 'b' : t == "e" ? 'e' : t == "d" ? 'd' : '?';
        if (type_ == '?') unknown_type_ = t.substr(0, 40);
      }
    }
    if (ref_text != nullptr) {
      auto ref = parse_a1(ref_text);
      if (!ref) {
        refuse_sheet(fmt::format("cell reference '{}' is not a cell inside A1:XFD1048576", ref_text),
                     "this file was not written by Excel: ask for a copy saved from Excel");
      }
      ref_ = *ref;
    } else {
      if (next_col_ >= max_cols) {
        refuse_sheet(fmt::format("row {} has more than {} cells, beyond column XFD", row_ + 1, max_cols),
                     "this file was not written by Excel: ask for a copy saved from Excel");
      }
      ref_ = CellRef{row_, next_col_};
    }
    next_col_ = ref_.col + 1;
    next_row_ = static_cast<std::uint64_t>(ref_.row) + 1;
    row_ = ref_.row;
  }

  // Text over Excel's limit is read whole and noticed: refusing the return
  // for one long commentary would lose every figure in it.
  void check_length(std::string_view text, bool too_long) {
    if (too_long || (text.size() > max_chars_ && count_chars(text) > max_chars_)) {
      note(ref_, fmt::format("the cell holds {} characters, over Excel's limit of {} for a cell: read whole", with_thousands(count_chars(text)),
                             with_thousands(max_chars_)),
           "this file was not written by Excel: shorten the text in the cell");
    }
  }

  void note(CellRef at, std::string message, std::string hint) {
    if (++notices_ > max_notices) return;
    if (notices_ == max_notices) {
      message = "and more notices like these in this sheet: the rest are not listed";
      hint = "ask for a copy of the file saved from Excel";
    }
    summary_.notices.push_back(Notice{Location::of_cell(file_.file, sheet_, at), std::move(message), std::move(hint)});
  }

  // A cell the file gives twice is read once, the first time: which of two
  // figures is meant is for the service to say, not for us to guess.
  bool first_time(const Cell& cell) {
    CellRef at = cell.ref;
    if (at.row != current_row_ || !row_started_) {
      if (row_started_) {
        if (rows_seen_.empty()) rows_seen_.resize(max_rows);
        rows_seen_[current_row_] = true;
      }
      for (std::uint32_t col : columns_used_) columns_seen_[col] = false;
      columns_used_.clear();
      if (!rows_seen_.empty() && rows_seen_[at.row])
        note(at, fmt::format("row {} is given a second time in the sheet, after row {}: its cells are read from both places", at.row + 1,
                             current_row_ + 1),
             "this file was not written by Excel: check the figures with the service, or ask for a copy saved from Excel");
      current_row_ = at.row;
      row_started_ = true;
    }
    if (columns_seen_.empty()) columns_seen_.resize(max_cols);
    if (columns_seen_[at.col]) {
      note(at, fmt::format("cell {} is given a second time in the sheet ('{}'); the first is read and this one ignored", to_a1(at),
                           excerpt(cell_text(cell), 40)),
           "this file was not written by Excel: check which figure is right with the service, or ask for a copy saved from Excel");
      return false;
    }
    columns_seen_[at.col] = true;
    columns_used_.push_back(at.col);
    return true;
  }

  void finish_cell() {
    in_cell_ = false;
    in_inline_ = false;
    capture_ = Capture::none;
    const CellFormat* format = &styles_.general;
    if (style_ != 0 || !styles_.formats.empty()) {
      format = styles_.at(style_);
      if (format == nullptr) {
        if (style_ == 0) format = &styles_.general;
        else refuse_at(ref_, fmt::format("style index {} is out of range (the workbook defines {} cell styles)", style_, styles_.formats.size()),
                       "open the file in Excel and save a new copy");
      }
    }
    Cell cell;
    cell.ref = ref_;
    cell.format = format;
    cell.has_formula = has_formula_;
    if (has_formula_) cell.formula = formula_;

    if (!has_value_) {
      if (!has_formula_) return;  // a styled blank
      cell.type = CellType::formula_no_value;
      emit(cell);
      return;
    }
    switch (type_) {
      case '\0':
      case 'n': {
        if (trim(value_).empty()) {
          if (!has_formula_) return;
          cell.type = CellType::formula_no_value;
          break;
        }
        auto number = parse_number(value_);
        if (!number) refuse_at(ref_, fmt::format("cannot read '{}' as a number", value_.substr(0, 40)),
                               "open the file in Excel and save a new copy");
        cell.number = *number;
        cell.type = CellType::number;
        FormatKind kind = format->kind;
        if (kind == FormatKind::date || kind == FormatKind::time || kind == FormatKind::datetime) {
          if (auto date = from_serial(*number, date1904_, kind)) {
            cell.type = CellType::date;
            cell.date = *date;
          }
        }
        break;
      }
      case 's': {
        auto index = parse_unsigned<std::size_t>(trim(value_));
        if (!index) refuse_at(ref_, fmt::format("shared string index '{}' is not a number", value_.substr(0, 40)),
                              "open the file in Excel and save a new copy");
        if (*index >= strings_.size()) {
          refuse_at(ref_, fmt::format("shared string index {} is out of range (the table holds {} strings)", *index, strings_.size()),
                    "the file is damaged: ask the service to send it again");
        }
        cell.type = CellType::string;
        cell.text = strings_[*index];
        if (strings_.too_long(*index)) check_length(cell.text, true);
        break;
      }
      case 'f':
      case 'i':
        decode_escapes(value_);
        check_length(value_, false);
        cell.type = CellType::string;
        cell.text = value_;
        break;
      case 'b': {
        std::string_view v = trim(value_);
        if (v == "1" || v == "true") cell.number = 1;
        else if (v == "0" || v == "false") cell.number = 0;
        else refuse_at(ref_, fmt::format("cannot read '{}' as TRUE or FALSE", value_.substr(0, 40)),
                       "open the file in Excel and save a new copy");
        cell.type = CellType::boolean;
        break;
      }
      case 'e':
        cell.type = CellType::error;
        cell.text = trim(value_);
        break;
      case 'd': {
        auto date = parse_iso(trim(value_));
        if (!date) refuse_at(ref_, fmt::format("cannot read '{}' as an ISO 8601 date", value_.substr(0, 40)),
                             "open the file in Excel and save a new copy");
        cell.type = CellType::date;
        cell.date = *date;
        break;
      }
      default:
        refuse_at(ref_, fmt::format("unknown cell type t=\"{}\"", unknown_type_),
                  "this file was not written by Excel: ask for a copy saved from Excel");
    }
    emit(cell);
  }

  void emit(const Cell& cell) {
    if (!first_time(cell)) return;
    ++summary_.cells;
    sink_(cell);
  }

  void add_merge(const char** attrs) {
    const char* ref = attribute(attrs, "ref");
    if (ref == nullptr) return;
    std::string_view text(ref);
    std::size_t colon = text.find(':');
    auto first = parse_a1(text.substr(0, colon));
    auto last = colon == std::string_view::npos ? first : parse_a1(text.substr(colon + 1));
    if (!first || !last) {
      refuse_sheet(fmt::format("merged range '{}' is not a range inside A1:XFD1048576", text.substr(0, 40)),
                   "open the file in Excel and save a new copy");
    }
    summary_.merged.push_back(Range{*first, *last});
  }

  const Location& file_;
  const std::string& sheet_;
  const SharedStrings& strings_;
  const Styles& styles_;
  bool date1904_;
  std::size_t max_chars_;
  const CellSink& sink_;
  SheetSummary& summary_;

  bool in_data_ = false, in_cell_ = false, in_inline_ = false;
  bool has_value_ = false, has_formula_ = false;
  int phonetic_ = 0;
  Capture capture_ = Capture::none;
  std::uint32_t row_ = 0, next_col_ = 0, style_ = 0;
  std::uint64_t next_row_ = 0;
  CellRef ref_;
  char type_ = '\0';
  std::string unknown_type_;
  std::string value_, formula_;
  // For cells given twice: the columns of the row being read, and the rows
  // read before it (bits, allocated on first use: 128 KiB at most, whatever the sheet's size).
  std::uint32_t current_row_ = 0;
  bool row_started_ = false;
  std::vector<bool> rows_seen_, columns_seen_;
  std::vector<std::uint32_t> columns_used_;
  std::size_t notices_ = 0;
};

}  // namespace

SheetSummary read_sheet_part(const Package& package, std::size_t part, const std::string& sheet_name,
                             const SharedStrings& strings, const Styles& styles, bool date1904,
                             const CellSink& sink) {
  SheetSummary summary;
  SheetHandler handler(package.where(), sheet_name, strings, styles, date1904, package.limits().max_string_chars, sink,
                       summary);
  if (package.limits().sheet_scanner) scan_part(package, part, handler);
  else parse_part(package, part, handler);
  return summary;
}

SheetSummary PackageBook::read_sheet(std::size_t index, const CellSink& sink) const {
  return read_sheet_part(*package, sheet_parts[index], sheets[index].name, strings, styles, date1904, sink);
}

}  // namespace kpiflow::reader
