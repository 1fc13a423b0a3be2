// workbook: the one xlsx writer (libxlsxwriter) behind every workbook
// kpiflow writes: validate's issues workbook, export's consolidated and
// scorecard workbooks.
//
// Whatever text reaches a workbook (a rule file's names, a return's
// commentary, a message quoting a cell) goes through one place here, so the
// package is always well-formed: valid UTF-8, no character XML cannot carry,
// a literal _xHHHH_ kept as written, nothing longer than a cell holds; sheet
// names valid and unique however a service is called. Every libxlsxwriter
// call is checked: a refusal is an Error naming the file, never a NULL used
// later. A table longer than a sheet goes on in a continuation sheet.
#pragma once

#include <xlsxwriter.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/vocabulary.hpp"

namespace kpiflow::workbook {

// Excel's limits for what one cell and one sheet hold.
inline constexpr std::size_t max_cell_chars = 32767;
inline constexpr int max_sheet_rows = 1048576;

// Text as a cell must hold it: bytes that are not UTF-8 become U+FFFD;
// control characters become OOXML escapes (_x0001_), as Excel writes them;
// a literal "_x0041_" is protected as "_x005F_x0041_" so Excel shows what
// was written; text over 32,767 characters is cut, ending with "…".
std::string cell_text(std::string_view text);
// Text for names, document properties, page headers: valid UTF-8, control
// characters as spaces, at most max_chars characters.
std::string plain_text(std::string_view text, std::size_t max_chars = 255);
// A sheet name Excel accepts, from any text: at most 31 characters (UTF-16
// units, as Excel counts), none of []:*?/\, not starting or ending with an
// apostrophe, not blank, not "History", and not one already used (compared
// without case; used counts them).
std::string sheet_name(std::string_view wanted, std::map<std::string, int>& used);

// The status fill colours: a palette that stays distinct for colour-blind
// readers (Okabe and Ito), always with the letter in the cell.
std::uint32_t status_colour(std::optional<Status> status);  // empty: M, grey
// The letters a scorecard shows: R, RA, A, AG, G, and M for no status.
std::string_view status_letters(std::optional<Status> status);

// Lines a text takes wrapped at whole words in a column of that width (in
// Excel's units, the width of a digit), for rows tall enough to show it.
std::size_t wrapped_lines(std::string_view text, double width);

// Excel's number format for a figure of a unit with so many decimals:
// "0.0%", "£#,##0;-£#,##0", "#,##0", "0.0".
std::string number_format(Unit unit, int decimals);

class Book {
 public:
  // shown_name names the workbook in errors (the final path, not the temporary one).
  Book(const std::filesystem::path& temporary, const std::string& shown_name, bool constant_memory);
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;
  ~Book();

  lxw_workbook* get() { return book_; }
  // A new sheet, its name made valid and unique from the one wanted.
  lxw_worksheet* sheet(std::string_view wanted);
  // The name the sheet was given (for references to it).
  std::string name_of(lxw_worksheet* s) const;
  void close();  // throws Error naming the file
  // Throws Error naming the file when a libxlsxwriter call refused (what: "add the chart").
  void check(lxw_error result, std::string_view what) const;
  template <typename T>
  T* check(T* made, std::string_view what) const {
    if (made == nullptr) check(LXW_ERROR_MEMORY_MALLOC_FAILED, what);
    return made;
  }
  // The workbook's document properties: title, subject, keywords, comments; author kpiflow.
  void describe(const std::string& title, const std::string& subject, const std::string& keywords, const std::string& comments);

  void text(lxw_worksheet* s, int row, int col, std::string_view value, lxw_format* f = nullptr);
  void number(lxw_worksheet* s, int row, int col, double value, lxw_format* f = nullptr);
  void maybe(lxw_worksheet* s, int row, int col, const std::optional<double>& value, lxw_format* f = nullptr);
  void column(lxw_worksheet* s, int first, int last, double width, lxw_format* f = nullptr);
  void filter(lxw_worksheet* s, int first_row, int first_col, int last_row, int last_col);
  // A row of headings over a table: text headings left, those over numbers
  // right (from column first_number on), the row tall enough for each
  // heading wrapped in its column's width.
  void headings(lxw_worksheet* s, int row, const std::vector<std::pair<std::string, double>>& columns, int first_number);
  // A header row in bold with a bottom border, column widths, frozen below it.
  // The columns listed in `figures_at` hold figures: their headings stand over them, on the right.
  void header(lxw_worksheet* s, int row, const std::vector<std::pair<std::string, double>>& columns, const std::vector<int>& figures_at = {});
  // Landscape, one page wide, the header rows repeated, title and period in the page header.
  void for_print(lxw_worksheet* s, int header_row, const std::string& title, const std::string& period);

  // Tall enough for wrapped texts (wrapped_lines): Excel and LibreOffice do not grow rows
  // for text written by a library. Each text with its column's width.
  void fit_row(lxw_worksheet* s, int row, const std::vector<std::pair<const std::string*, double>>& wrapped);
  // The number format for a figure of a unit with so many decimals.
  lxw_format* figure(Unit unit, int decimals, bool estimated = false);
  lxw_format* status(std::optional<Status> status);  // fill and font for R, RA, A, AG, G; empty: M
  lxw_format* fill(std::uint32_t colour);          // a background colour, top-aligned
  // heading_right: over a column of numbers, so each heading stands over its own figures.
  // heading_prose: over prose set in from the figures before it (prose).
  lxw_format *bold = nullptr, *title = nullptr, *subtitle = nullptr, *wrap = nullptr, *heading = nullptr, *heading_right = nullptr,
             *heading_prose = nullptr, *percent = nullptr,
             *flag = nullptr, *centred = nullptr, *top = nullptr,
             *right = nullptr,  // text in a column of figures: "<= 45", "Increase"
             *prose = nullptr;  // wrapped text beside a column of figures, set in from it: commentary

 private:
  std::string name_, tmpdir_;
  std::string properties_[5];  // kept alive until the workbook is closed
  lxw_workbook* book_ = nullptr;
  std::map<std::string, lxw_format*> figures_, statuses_;
  std::map<std::uint32_t, lxw_format*> fills_;
  std::map<std::string, int> used_names_;
  std::map<lxw_worksheet*, std::string> names_;
};

// A table of one row per item under a header: when it reaches a sheet's
// last row it goes on in "<name> (2)", with the same header, so nothing is
// dropped however long it is.
class Table {
 public:
  Table(Book& book, std::string name, std::vector<std::pair<std::string, double>> columns, int max_rows = max_sheet_rows);
  // The sheet and row for the next item.
  std::pair<lxw_worksheet*, int> next();
  // Autofilters each sheet of the table (called once, after the last row);
  // with a title, also sets each up for print as Book::for_print does.
  void finish(const std::string& print_title = {}, const std::string& period = {});
  std::size_t sheets() const { return sheets_.size(); }
  lxw_worksheet* first() const { return sheets_.front().first; }

 private:
  void open();
  Book& book_;
  std::string name_;
  std::vector<std::pair<std::string, double>> columns_;
  int max_rows_;
  std::vector<std::pair<lxw_worksheet*, int>> sheets_;  // each sheet with its rows used
};

}  // namespace kpiflow::workbook
