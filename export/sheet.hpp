// A libxlsxwriter workbook as the export writes it: one place for the
// formats (by unit, by status, headings), error handling and print set-up.
#pragma once

#include <xlsxwriter.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "model/scorecard.hpp"

namespace kpiflow::publish {

class Book {
 public:
  Book(const std::filesystem::path& temporary, const std::string& shown_name, bool constant_memory);
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;
  ~Book();

  lxw_workbook* get() { return book_; }
  lxw_worksheet* sheet(const std::string& name);
  void close();  // throws Error naming the file
  // The workbook's document properties: title, subject, keywords, comments; author kpiflow.
  void describe(const std::string& title, const std::string& subject, const std::string& keywords, const std::string& comments);

  void text(lxw_worksheet* s, int row, int col, const std::string& value, lxw_format* f = nullptr);
  void number(lxw_worksheet* s, int row, int col, double value, lxw_format* f = nullptr);
  void maybe(lxw_worksheet* s, int row, int col, const std::optional<double>& value, lxw_format* f = nullptr);
  // A header row in bold with a bottom border, column widths, frozen below it.
  void header(lxw_worksheet* s, int row, const std::vector<std::pair<std::string, double>>& columns);
  // Landscape, one page wide, the header rows repeated, title and period in the page header.
  void for_print(lxw_worksheet* s, int header_row, const std::string& title, const std::string& period);

  // Tall enough for wrapped texts: Excel and LibreOffice do not grow rows
  // for text written by a library. Each text with its column's width.
  void fit_row(lxw_worksheet* s, int row, const std::vector<std::pair<const std::string*, double>>& wrapped);
  // The number format for a figure of a unit ("percent", "currency", ...) with so many decimals.
  lxw_format* figure(const std::string& unit, int decimals, bool estimated = false);
  lxw_format* status(const std::string& status);  // fill and font for R, RA, A, AG, G, M
  lxw_format *bold = nullptr, *title = nullptr, *subtitle = nullptr, *wrap = nullptr, *heading = nullptr, *percent = nullptr,
             *flag = nullptr, *centred = nullptr, *top = nullptr;

 private:
  std::string name_, tmpdir_;
  std::string properties_[5];  // kept alive until the workbook is closed
  lxw_workbook* book_ = nullptr;
  std::map<std::string, lxw_format*> figures_, statuses_;
};

// The status fill colours: a palette that stays distinct for colour-blind
// readers (Okabe and Ito), always with the letter in the cell.
std::uint32_t status_colour(const std::string& status);
// The arrow for a direction, the polarity already applied: ↑ better.
std::string arrow(Direction direction);
// "Improving", ...; "M" for unknown.
std::string state_words(const std::string& state);

}  // namespace kpiflow::publish
