#include "export/sheet.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "model/error.hpp"

namespace kpiflow::publish {

Book::Book(const std::filesystem::path& temporary, const std::string& shown_name, bool constant_memory) : name_(shown_name) {
  lxw_workbook_options options{};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  // Constant-memory mode's row files go beside the output, not in a /tmp that may be small.
  tmpdir_ = temporary.parent_path().string();
  options.tmpdir = tmpdir_.empty() ? nullptr : tmpdir_.data();
  book_ = workbook_new_opt(temporary.c_str(), &options);
  if (book_ == nullptr) throw Error(Location::of_file(name_), "cannot create the workbook", "check the folder exists and can be written");
  bold = workbook_add_format(book_);
  format_set_bold(bold);
  title = workbook_add_format(book_);
  format_set_bold(title);
  format_set_font_size(title, 16);
  format_set_font_color(title, 0x1F3864);
  subtitle = workbook_add_format(book_);
  format_set_bold(subtitle);
  format_set_font_size(subtitle, 12);
  format_set_font_color(subtitle, 0x1F3864);
  wrap = workbook_add_format(book_);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  heading = workbook_add_format(book_);
  format_set_bold(heading);
  format_set_text_wrap(heading);
  format_set_align(heading, LXW_ALIGN_VERTICAL_TOP);
  format_set_bg_color(heading, 0xD9E1F2);
  format_set_bottom(heading, LXW_BORDER_THIN);
  percent = workbook_add_format(book_);
  format_set_num_format(percent, "0%");
  flag = workbook_add_format(book_);
  format_set_bold(flag);
  format_set_font_color(flag, 0x9C0006);
  format_set_bg_color(flag, 0xFFC7CE);
  centred = workbook_add_format(book_);
  format_set_align(centred, LXW_ALIGN_CENTER);
  format_set_align(centred, LXW_ALIGN_VERTICAL_TOP);
  top = workbook_add_format(book_);
  format_set_align(top, LXW_ALIGN_VERTICAL_TOP);
  format_set_align(percent, LXW_ALIGN_VERTICAL_TOP);
}

Book::~Book() {
  if (book_ != nullptr) workbook_close(book_);
}

lxw_worksheet* Book::sheet(const std::string& name) {
  lxw_worksheet* s = workbook_add_worksheet(book_, name.c_str());
  if (s == nullptr) throw Error(Location::of_file(name_), fmt::format("cannot add the sheet '{}'", name));
  return s;
}

void Book::close() {
  lxw_error result = workbook_close(book_);
  book_ = nullptr;
  if (result != LXW_NO_ERROR)
    throw Error(Location::of_file(name_), fmt::format("cannot write the workbook: {}", lxw_strerror(result)),
                "check the disk is not full and the folder can be written");
}

void Book::describe(const std::string& title_text, const std::string& subject, const std::string& keywords, const std::string& comments) {
  properties_[0] = title_text;
  properties_[1] = subject;
  properties_[2] = keywords;
  properties_[3] = comments;
  properties_[4] = "kpiflow";
  lxw_doc_properties p{};
  p.title = properties_[0].data();
  p.subject = properties_[1].data();
  p.keywords = properties_[2].data();
  p.comments = properties_[3].data();
  p.author = properties_[4].data();
  workbook_set_properties(book_, &p);
}

void Book::text(lxw_worksheet* s, int row, int col, const std::string& value, lxw_format* f) {
  if (value.empty() && f == nullptr) return;
  if (f == nullptr) f = top;
  if (value.empty()) worksheet_write_blank(s, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), f);
  else worksheet_write_string(s, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), value.c_str(), f);
}

void Book::number(lxw_worksheet* s, int row, int col, double value, lxw_format* f) {
  if (f == nullptr) f = top;
  worksheet_write_number(s, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), value, f);
}

void Book::maybe(lxw_worksheet* s, int row, int col, const std::optional<double>& value, lxw_format* f) {
  if (value) number(s, row, col, *value, f);
}

void Book::fit_row(lxw_worksheet* s, int row, const std::vector<std::pair<const std::string*, double>>& wrapped) {
  std::size_t lines = 1;
  for (const auto& [text, width] : wrapped) {
    // Characters, not bytes: count the bytes that start a UTF-8 sequence.
    std::size_t per_line = static_cast<std::size_t>(std::max(width * 1.3, 1.0));
    std::size_t chars = 0, count = 0;
    for (std::size_t i = 0; i <= text->size(); ++i) {
      if (i == text->size() || (*text)[i] == '\n') {  // each line of a text wraps on its own
        count += std::max<std::size_t>(1, (chars + per_line - 1) / per_line);
        chars = 0;
      } else {
        chars += ((*text)[i] & 0xC0) != 0x80;
      }
    }
    lines = std::max(lines, count);
  }
  if (lines > 1) worksheet_set_row(s, static_cast<lxw_row_t>(row), 15.0 * static_cast<double>(lines), nullptr);
}

void Book::header(lxw_worksheet* s, int row, const std::vector<std::pair<std::string, double>>& columns) {
  for (std::size_t col = 0; col < columns.size(); ++col) {
    text(s, row, static_cast<int>(col), columns[col].first, heading);
    worksheet_set_column(s, static_cast<lxw_col_t>(col), static_cast<lxw_col_t>(col), columns[col].second, nullptr);
  }
  worksheet_freeze_panes(s, static_cast<lxw_row_t>(row + 1), 0);
}

void Book::for_print(lxw_worksheet* s, int header_row, const std::string& title_text, const std::string& period) {
  worksheet_set_landscape(s);
  worksheet_set_paper(s, 9);  // A4
  worksheet_fit_to_pages(s, 1, 0);
  worksheet_set_margins(s, 0.4, 0.4, 0.6, 0.6);
  if (header_row >= 0) worksheet_repeat_rows(s, 0, static_cast<lxw_row_t>(header_row));
  // & starts a code in Excel's header language: a literal one is &&.
  auto escaped = [](std::string t) {
    std::string out;
    for (char c : t) out += c == '&' ? std::string("&&") : std::string(1, c);
    return out;
  };
  std::string head = fmt::format("&L&\"Calibri,Bold\"{}&R{}", escaped(title_text), escaped(period));
  worksheet_set_header(s, head.c_str());
  worksheet_set_footer(s, "&L&A&RPage &P of &N");
}

lxw_format* Book::figure(const std::string& unit, int decimals, bool estimated) {
  std::string key = fmt::format("{}/{}/{}", unit, decimals, estimated);
  if (auto it = figures_.find(key); it != figures_.end()) return it->second;
  std::string places = decimals > 0 ? "." + std::string(static_cast<std::size_t>(decimals), '0') : std::string();
  std::string code;
  if (unit == "percent") code = "0" + places + "%";
  else if (unit == "currency") code = "£#,##0" + places + ";-£#,##0" + places;
  else if (unit == "number") code = "#,##0" + places;
  else code = "0" + places;
  lxw_format* f = workbook_add_format(book_);
  format_set_num_format(f, code.c_str());
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  if (estimated) {
    format_set_bg_color(f, 0xFFF2CC);  // shaded, as published reports mark an estimate
    format_set_italic(f);
  }
  figures_[key] = f;
  return f;
}

std::uint32_t status_colour(const std::string& status) {
  if (status == "R") return 0xD55E00;   // vermilion
  if (status == "RA") return 0xEE9A66;
  if (status == "A") return 0xE69F00;   // orange
  if (status == "AG") return 0x8FCFB9;
  if (status == "G") return 0x009E73;   // bluish green
  return 0xBFBFBF;                      // M: grey
}

lxw_format* Book::status(const std::string& status) {
  std::string key = status.empty() ? "M" : status;
  if (auto it = statuses_.find(key); it != statuses_.end()) return it->second;
  lxw_format* f = workbook_add_format(book_);
  format_set_bg_color(f, status_colour(key));
  format_set_bold(f);
  format_set_align(f, LXW_ALIGN_CENTER);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  format_set_font_color(f, key == "R" || key == "G" ? 0xFFFFFF : 0x000000);
  statuses_[key] = f;
  return f;
}

std::string arrow(Direction direction) {
  switch (direction) {
    case Direction::improving: return "↑";
    case Direction::maintained: return "↔";
    case Direction::declining: return "↓";
    case Direction::unknown: return "M";
  }
  return "M";
}

std::string state_words(const std::string& state) {
  if (state == "M") return "In measurement";
  if (state == "not_due") return "Not due";
  if (state == "missing") return "Missing";
  if (state == "no_target") return "No target";
  if (state == "not_scored") return "Not scored";
  return state;
}

}  // namespace kpiflow::publish
