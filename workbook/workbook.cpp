#include "workbook/workbook.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "model/error.hpp"
#include "model/location.hpp"
#include "model/text.hpp"
#include "model/utf8.hpp"

namespace kpiflow::workbook {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view ellipsis = "\xE2\x80\xA6";     // …

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// "_xHHHH_" at text[at]: what Excel would decode as an escape.
bool escape_at(std::string_view text, std::size_t at) {
  if (at + 7 > text.size() || text[at] != '_' || (text[at + 1] != 'x' && text[at + 1] != 'X') || text[at + 6] != '_') return false;
  for (std::size_t i = at + 2; i < at + 6; ++i)
    if (!is_hex(text[i])) return false;
  return true;
}

// Walks text a character at a time, as the code point and its UTF-8 bytes
// (U+FFFD for a byte that is not UTF-8, and for U+FFFE and U+FFFF, which
// XML cannot carry).
template <typename Visit>
void each_char(std::string_view text, Visit visit) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size();) {
    Decoded d = decode_utf8(p + i, text.size() - i);
    if (d.length == 0 || d.code_point == 0xFFFE || d.code_point == 0xFFFF) {
      visit(i, 0xFFFDul, replacement);
      i += d.length == 0 ? 1 : static_cast<std::size_t>(d.length);
      continue;
    }
    visit(i, d.code_point, text.substr(i, static_cast<std::size_t>(d.length)));
    i += static_cast<std::size_t>(d.length);
  }
}

// The first max_units UTF-16 units of text, never half a character.
std::string first_units(std::string_view text, std::size_t max_units) {
  std::string out;
  std::size_t n = 0;
  each_char(text, [&](std::size_t, unsigned long cp, std::string_view bytes) {
    std::size_t units = cp >= 0x10000 ? 2 : 1;
    if (n + units > max_units) {
      n = max_units;
      return;
    }
    n += units;
    out += bytes;
  });
  return out;
}

}  // namespace

std::string cell_text(std::string_view text) {
  // Most cells are short plain ASCII with nothing to escape: those are
  // written as they are, without decoding each character.
  if (text.size() < max_cell_chars) {
    bool plain = true;
    for (unsigned char c : text)
      if (c >= 0x7F || (c < 0x20 && c != '\t' && c != '\n') || c == '_') {
        plain = false;
        break;
      }
    if (plain) return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  // libxlsxwriter refuses a string of more than 32,767 characters as it
  // writes it (escapes included): cut at a character, keeping room for "…".
  std::size_t chars = 0, cut = std::string::npos;
  auto add = [&](std::string_view piece, std::size_t piece_chars) {
    if (cut == std::string::npos && chars + piece_chars > max_cell_chars - 1) cut = out.size();
    chars += piece_chars;
    if (cut == std::string::npos || chars <= max_cell_chars) out += piece;
  };
  each_char(text, [&](std::size_t at, unsigned long cp, std::string_view bytes) {
    if (cp < 0x20 && cp != '\t' && cp != '\n') {
      add(fmt::format("_x{:04X}_", cp), 7);
    } else if (cp == '_' && escape_at(text, at)) {
      add("_x005F_", 7);
    } else {
      add(bytes, 1);
    }
  });
  if (chars > max_cell_chars) {
    out.resize(cut);
    out += ellipsis;
  }
  return out;
}

std::string plain_text(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  bool cut = false;
  each_char(text, [&](std::size_t, unsigned long cp, std::string_view bytes) {
    if (cut) return;
    if (chars + 1 > max_chars) {
      cut = true;
      return;
    }
    ++chars;
    if (cp < 0x20 || cp == 0x7F) out += ' ';
    else out += bytes;
  });
  if (cut && max_chars > 0) {
    // Room for the ellipsis: drop the last character.
    std::size_t back = out.size();
    while (back > 0 && (static_cast<unsigned char>(out[back - 1]) & 0xC0) == 0x80) --back;
    out.resize(back > 0 ? back - 1 : 0);
    out += ellipsis;
  }
  return out;
}

std::string sheet_name(std::string_view wanted, std::map<std::string, int>& used) {
  std::string name;
  each_char(wanted, [&](std::size_t, unsigned long cp, std::string_view bytes) {
    bool refused = cp < 0x20 || cp == 0x7F || cp == 0xFFFD || std::string_view("[]:*?/\\").find(static_cast<char>(cp)) != std::string_view::npos;
    name += refused ? std::string_view(" ") : bytes;
  });
  // An apostrophe cannot start or end a name (Excel quotes names with them); nor can spaces usefully.
  auto strip = [](std::string& n) {
    std::size_t b = n.find_first_not_of(" '");
    n = b == std::string::npos ? std::string() : n.substr(b, n.find_last_not_of(" '") - b + 1);
  };
  strip(name);
  if (name.empty()) name = "Sheet";
  if (ascii_lower(name) == "history") name = "History (service)";  // Excel keeps the name for itself
  name = first_units(name, 31);
  strip(name);
  for (int n = 1;; ++n) {
    std::string candidate = name;
    if (n > 1) {
      std::string suffix = fmt::format(" {}", n);
      candidate = first_units(name, 31 - suffix.size());
      strip(candidate);
      candidate += suffix;
    }
    if (used[ascii_lower(candidate)]++ == 0) return candidate;
  }
}

Book::Book(const std::filesystem::path& temporary, const std::string& shown_name, bool constant_memory) : name_(shown_name) {
  lxw_workbook_options options{};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  // Constant-memory mode's row files go beside the output, not in a /tmp that may be small.
  tmpdir_ = temporary.parent_path().string();
  options.tmpdir = tmpdir_.empty() ? nullptr : tmpdir_.data();
  book_ = workbook_new_opt(temporary.c_str(), &options);
  if (book_ == nullptr) throw Error(Location::of_file(name_), "cannot create the workbook", "check the folder exists and can be written");
  bold = check(workbook_add_format(book_), "add a format");
  format_set_bold(bold);
  title = check(workbook_add_format(book_), "add a format");
  format_set_bold(title);
  format_set_font_size(title, 16);
  format_set_font_color(title, 0x1F3864);
  subtitle = check(workbook_add_format(book_), "add a format");
  format_set_bold(subtitle);
  format_set_font_size(subtitle, 12);
  format_set_font_color(subtitle, 0x1F3864);
  wrap = check(workbook_add_format(book_), "add a format");
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  heading = check(workbook_add_format(book_), "add a format");
  format_set_bold(heading);
  format_set_text_wrap(heading);
  format_set_align(heading, LXW_ALIGN_VERTICAL_TOP);
  format_set_bg_color(heading, 0xD9E1F2);
  format_set_bottom(heading, LXW_BORDER_THIN);
  prose = check(workbook_add_format(book_), "add a format");
  format_set_text_wrap(prose);
  format_set_align(prose, LXW_ALIGN_VERTICAL_TOP);
  format_set_indent(prose, 1);
  heading_prose = check(workbook_add_format(book_), "add a format");
  format_set_bold(heading_prose);
  format_set_text_wrap(heading_prose);
  format_set_align(heading_prose, LXW_ALIGN_VERTICAL_TOP);
  format_set_indent(heading_prose, 1);
  format_set_bg_color(heading_prose, 0xD9E1F2);
  format_set_bottom(heading_prose, LXW_BORDER_THIN);
  heading_right = check(workbook_add_format(book_), "add a format");
  format_set_bold(heading_right);
  format_set_text_wrap(heading_right);
  format_set_align(heading_right, LXW_ALIGN_VERTICAL_TOP);
  format_set_align(heading_right, LXW_ALIGN_RIGHT);
  format_set_bg_color(heading_right, 0xD9E1F2);
  format_set_bottom(heading_right, LXW_BORDER_THIN);
  percent = check(workbook_add_format(book_), "add a format");
  format_set_num_format(percent, "0%");
  flag = check(workbook_add_format(book_), "add a format");
  format_set_bold(flag);
  format_set_font_color(flag, 0x9C0006);
  format_set_bg_color(flag, 0xFFC7CE);
  format_set_align(flag, LXW_ALIGN_VERTICAL_TOP);
  centred = check(workbook_add_format(book_), "add a format");
  format_set_align(centred, LXW_ALIGN_CENTER);
  format_set_align(centred, LXW_ALIGN_VERTICAL_TOP);
  right = check(workbook_add_format(book_), "add a format");
  format_set_align(right, LXW_ALIGN_RIGHT);
  format_set_align(right, LXW_ALIGN_VERTICAL_TOP);
  top = check(workbook_add_format(book_), "add a format");
  format_set_align(top, LXW_ALIGN_VERTICAL_TOP);
  format_set_align(percent, LXW_ALIGN_VERTICAL_TOP);
}

Book::~Book() {
  if (book_ != nullptr) workbook_close(book_);
}

void Book::check(lxw_error result, std::string_view what) const {
  if (result == LXW_NO_ERROR) return;
  throw Error(Location::of_file(name_), fmt::format("cannot {}: {}", what, lxw_strerror(result)),
              "this is a fault in kpiflow, not in your data: report it with the command that was run");
}

lxw_worksheet* Book::sheet(std::string_view wanted) {
  std::string name = sheet_name(wanted, used_names_);
  check(workbook_validate_sheet_name(book_, name.c_str()), fmt::format("add the sheet '{}'", name));
  lxw_worksheet* s = check(workbook_add_worksheet(book_, name.c_str()), fmt::format("add the sheet '{}'", name));
  names_[s] = name;
  return s;
}

std::string Book::name_of(lxw_worksheet* s) const {
  auto it = names_.find(s);
  return it == names_.end() ? std::string() : it->second;
}

namespace {

// libxlsxwriter reports a failed close on stderr itself ("[ERROR]
// workbook_close(): ... System error = No space left on device") before
// returning a bare code ("Zip generic error"). Its lines are taken off the
// terminal while it closes, and the system's reason put into our one message.
class LibraryLines {
 public:
  LibraryLines() {
    std::fflush(stderr);
    file_ = std::tmpfile();
    kept_ = file_ != nullptr ? ::dup(STDERR_FILENO) : -1;
    if (kept_ >= 0 && ::dup2(::fileno(file_), STDERR_FILENO) < 0) {
      ::close(kept_);
      kept_ = -1;
    }
  }
  ~LibraryLines() {
    std::fflush(stderr);
    if (kept_ >= 0) {
      ::dup2(kept_, STDERR_FILENO);
      ::close(kept_);
    }
    if (file_ != nullptr) std::fclose(file_);
  }
  LibraryLines(const LibraryLines&) = delete;
  LibraryLines& operator=(const LibraryLines&) = delete;

  // The system's reason libxlsxwriter gave, or empty.
  std::string reason() {
    if (kept_ < 0) return {};
    std::fflush(stderr);
    std::string text;
    std::rewind(file_);
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file_)) > 0;) text.append(buffer, n);
    const std::string marker = "System error = ";
    auto at = text.rfind(marker);
    if (at == std::string::npos) return {};
    auto end = text.find('\n', at);
    return text.substr(at + marker.size(), end == std::string::npos ? std::string::npos : end - at - marker.size());
  }

 private:
  std::FILE* file_ = nullptr;
  int kept_ = -1;
};

}  // namespace

void Book::close() {
  std::string reason;
  lxw_error result;
  {
    LibraryLines lines;
    result = workbook_close(book_);
    book_ = nullptr;
    if (result != LXW_NO_ERROR) reason = lines.reason();
  }
  if (result != LXW_NO_ERROR)
    throw Error(Location::of_file(name_),
                reason.empty() ? fmt::format("cannot write the workbook: {}", lxw_strerror(result)) : fmt::format("cannot write the workbook: {}", reason),
                "check the disk is not full and the folder can be written; the workbook there before is as it was");
}

void Book::describe(const std::string& title_text, const std::string& subject, const std::string& keywords, const std::string& comments) {
  properties_[0] = plain_text(title_text);
  properties_[1] = plain_text(subject);
  properties_[2] = plain_text(keywords);
  properties_[3] = plain_text(comments);
  properties_[4] = "kpiflow";
  lxw_doc_properties p{};
  p.title = properties_[0].data();
  p.subject = properties_[1].data();
  p.keywords = properties_[2].data();
  p.comments = properties_[3].data();
  p.author = properties_[4].data();
  check(workbook_set_properties(book_, &p), "set the document properties");
}

void Book::text(lxw_worksheet* s, int row, int col, std::string_view value, lxw_format* f) {
  if (value.empty() && f == nullptr) return;
  if (f == nullptr) f = top;
  auto r = static_cast<lxw_row_t>(row);
  auto c = static_cast<lxw_col_t>(col);
  if (value.empty()) check(worksheet_write_blank(s, r, c, f), fmt::format("write cell {}", to_a1(CellRef{r, c})));
  else check(worksheet_write_string(s, r, c, cell_text(value).c_str(), f), fmt::format("write cell {}", to_a1(CellRef{r, c})));
}

void Book::number(lxw_worksheet* s, int row, int col, double value, lxw_format* f) {
  if (f == nullptr) f = top;
  auto r = static_cast<lxw_row_t>(row);
  auto c = static_cast<lxw_col_t>(col);
  // Excel has no NaN or infinity: such a figure is shown as what it is, never as a number.
  if (!std::isfinite(value)) return text(s, row, col, std::isnan(value) ? "not a number" : value > 0 ? "infinite" : "-infinite", f);
  check(worksheet_write_number(s, r, c, value, f), fmt::format("write cell {}", to_a1(CellRef{r, c})));
}

void Book::maybe(lxw_worksheet* s, int row, int col, const std::optional<double>& value, lxw_format* f) {
  if (value) number(s, row, col, *value, f);
}

void Book::column(lxw_worksheet* s, int first, int last, double width, lxw_format* f) {
  check(worksheet_set_column(s, static_cast<lxw_col_t>(first), static_cast<lxw_col_t>(last), width, f), "set a column's width");
}

void Book::filter(lxw_worksheet* s, int first_row, int first_col, int last_row, int last_col) {
  check(worksheet_autofilter(s, static_cast<lxw_row_t>(first_row), static_cast<lxw_col_t>(first_col),
                             static_cast<lxw_row_t>(std::max(last_row, first_row + 1)), static_cast<lxw_col_t>(last_col)),
        "set the autofilter");
}

// Lines a text takes when wrapped at whole words in a column: a line holds
// about 1.1 characters per unit of column width (a unit is the width of a
// digit in the default font; letters are narrower on average, capitals and
// spaces wider), a word too long for a line is broken across lines, and each
// paragraph of the text wraps on its own.
std::size_t wrapped_lines(std::string_view text, double width) {
  const std::size_t per_line = static_cast<std::size_t>(std::max(width * 1.1, 1.0));
  std::size_t lines = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view paragraph = text.substr(start, end - start);
    std::size_t used = 0, count = 1;
    std::size_t i = 0;
    while (i < paragraph.size()) {
      while (i < paragraph.size() && paragraph[i] == ' ') ++i;
      std::size_t word_start = i, chars = 0;
      while (i < paragraph.size() && paragraph[i] != ' ') chars += (paragraph[i++] & 0xC0) != 0x80;  // characters, not bytes
      if (i == word_start) break;
      std::size_t need = used == 0 ? chars : used + 1 + chars;
      if (need <= per_line) {
        used = need;
        continue;
      }
      if (used > 0) ++count;  // the word starts a new line
      count += (chars - 1) / per_line;  // and may run over several
      used = (chars - 1) % per_line + 1;
    }
    lines += count;
    start = end + 1;
  }
  return std::max<std::size_t>(lines, 1);
}

void Book::fit_row(lxw_worksheet* s, int row, const std::vector<std::pair<const std::string*, double>>& wrapped) {
  std::size_t lines = 1;
  for (const auto& [text, width] : wrapped) lines = std::max(lines, wrapped_lines(*text, width));
  // 409 points is the tallest row Excel allows.
  if (lines > 1) check(worksheet_set_row(s, static_cast<lxw_row_t>(row), std::min(409.0, 15.0 * static_cast<double>(lines)), nullptr), "set a row's height");
}

void Book::headings(lxw_worksheet* s, int row, const std::vector<std::pair<std::string, double>>& columns, int first_number) {
  std::vector<std::pair<const std::string*, double>> fitted;
  for (std::size_t col = 0; col < columns.size(); ++col) {
    text(s, row, static_cast<int>(col), columns[col].first, static_cast<int>(col) >= first_number ? heading_right : heading);
    fitted.emplace_back(&columns[col].first, columns[col].second);
  }
  fit_row(s, row, fitted);
}

void Book::header(lxw_worksheet* s, int row, const std::vector<std::pair<std::string, double>>& columns, const std::vector<int>& figures_at) {
  std::vector<std::pair<const std::string*, double>> fitted;
  for (std::size_t col = 0; col < columns.size(); ++col) {
    bool figures = std::find(figures_at.begin(), figures_at.end(), static_cast<int>(col)) != figures_at.end();
    text(s, row, static_cast<int>(col), columns[col].first, figures ? heading_right : heading);
    column(s, static_cast<int>(col), static_cast<int>(col), columns[col].second);
    fitted.emplace_back(&columns[col].first, columns[col].second);
  }
  fit_row(s, row, fitted);
  worksheet_freeze_panes(s, static_cast<lxw_row_t>(row + 1), 0);
}

void Book::for_print(lxw_worksheet* s, int header_row, const std::string& title_text, const std::string& period) {
  worksheet_set_landscape(s);
  worksheet_set_paper(s, 9);  // A4
  worksheet_fit_to_pages(s, 1, 0);
  worksheet_set_margins(s, 0.4, 0.4, 0.6, 0.6);
  if (header_row >= 0) check(worksheet_repeat_rows(s, 0, static_cast<lxw_row_t>(header_row)), "repeat the header rows");
  // & starts a code in Excel's header language: a literal one is &&.
  auto escaped = [](const std::string& t) {
    std::string out;
    for (char c : t) out += c == '&' ? std::string("&&") : std::string(1, c);
    return out;
  };
  // Excel holds at most 255 characters of page header: a long title is cut.
  std::string shown_period = escaped(plain_text(period, 60));
  std::string frame = fmt::format("&L&\"Calibri,Bold\"&R{}", shown_period);
  std::size_t room = 255 - std::min<std::size_t>(255, frame.size());
  std::string shown_title = plain_text(title_text, room);
  while (escaped(shown_title).size() > room && !shown_title.empty()) shown_title = plain_text(shown_title, shown_title.size() / 2);
  std::string head = fmt::format("&L&\"Calibri,Bold\"{}&R{}", escaped(shown_title), shown_period);
  check(worksheet_set_header(s, head.c_str()), "set the page header");
  check(worksheet_set_footer(s, "&L&A&RPage &P of &N"), "set the page footer");
}

std::string number_format(Unit unit, int decimals) {
  std::string places = decimals > 0 ? "." + std::string(static_cast<std::size_t>(decimals), '0') : std::string();
  if (unit == Unit::percent) return "0" + places + "%";
  if (unit == Unit::currency) return "£#,##0" + places + ";-£#,##0" + places;
  if (unit == Unit::number) return "#,##0" + places;
  return "0" + places;
}

lxw_format* Book::figure(Unit unit, int decimals, bool estimated) {
  std::string key = fmt::format("{}/{}/{}", kpiflow::name_of(unit), decimals, estimated);
  if (auto it = figures_.find(key); it != figures_.end()) return it->second;
  std::string code = number_format(unit, decimals);
  lxw_format* f = check(workbook_add_format(book_), "add a format");
  format_set_num_format(f, code.c_str());
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  if (estimated) {
    format_set_bg_color(f, 0xFFF2CC);  // shaded, as published reports mark an estimate
    format_set_italic(f);
  }
  figures_[key] = f;
  return f;
}

std::uint32_t status_colour(std::optional<Status> status) {
  if (!status) return 0xBFBFBF;  // M: grey
  switch (*status) {
    case Status::red: return 0xD55E00;  // vermilion
    case Status::red_amber: return 0xEE9A66;
    case Status::amber: return 0xE69F00;  // orange
    case Status::amber_green: return 0x8FCFB9;
    case Status::green: return 0x009E73;  // bluish green
  }
  return 0xBFBFBF;
}

std::string_view status_letters(std::optional<Status> status) { return status ? kpiflow::name_of(*status) : "M"; }

lxw_format* Book::status(std::optional<Status> status) {
  std::string key(status_letters(status));
  if (auto it = statuses_.find(key); it != statuses_.end()) return it->second;
  lxw_format* f = check(workbook_add_format(book_), "add a format");
  format_set_bg_color(f, status_colour(status));
  format_set_bold(f);
  format_set_align(f, LXW_ALIGN_CENTER);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  format_set_font_color(f, status == Status::red || status == Status::green ? 0xFFFFFF : 0x000000);
  statuses_[key] = f;
  return f;
}

lxw_format* Book::fill(std::uint32_t colour) {
  if (auto it = fills_.find(colour); it != fills_.end()) return it->second;
  lxw_format* f = check(workbook_add_format(book_), "add a format");
  format_set_bg_color(f, colour);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  fills_[colour] = f;
  return f;
}

Table::Table(Book& book, std::string name, std::vector<std::pair<std::string, double>> columns, int max_rows)
    : book_(book), name_(std::move(name)), columns_(std::move(columns)), max_rows_(max_rows) {
  open();
}

void Table::open() {
  std::string wanted = sheets_.empty() ? name_ : fmt::format("{} ({})", name_, sheets_.size() + 1);
  lxw_worksheet* s = book_.sheet(wanted);
  book_.header(s, 0, columns_);
  sheets_.emplace_back(s, 1);
}

std::pair<lxw_worksheet*, int> Table::next() {
  if (sheets_.back().second >= max_rows_) open();
  auto& [sheet, rows] = sheets_.back();
  return {sheet, rows++};
}

void Table::finish(const std::string& print_title, const std::string& period) {
  for (const auto& [sheet, rows] : sheets_) {
    book_.filter(sheet, 0, 0, rows - 1, static_cast<int>(columns_.size()) - 1);
    if (!print_title.empty()) book_.for_print(sheet, 0, print_title, period);
  }
}

}  // namespace kpiflow::workbook
