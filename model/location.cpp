#include "model/location.hpp"

#include <algorithm>
#include <filesystem>

#include "model/text.hpp"

namespace kpiflow {

std::optional<std::uint32_t> parse_column(std::string_view letters) {
  if (letters.empty() || letters.size() > 3) return std::nullopt;
  std::uint32_t col = 0;
  for (char c : letters) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') return std::nullopt;
    col = col * 26 + static_cast<std::uint32_t>(c - 'A' + 1);
  }
  if (col > max_cols) return std::nullopt;
  return col - 1;
}

std::optional<CellRef> parse_a1(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && text[i] == '$') ++i;
  std::size_t letters_begin = i;
  while (i < text.size() && ((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= 'a' && text[i] <= 'z'))) ++i;
  auto col = parse_column(text.substr(letters_begin, i - letters_begin));
  if (!col) return std::nullopt;
  if (i < text.size() && text[i] == '$') ++i;
  if (i == text.size() || text[i] == '0') return std::nullopt;  // no row, or a leading zero
  std::uint64_t row = 0;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    row = row * 10 + static_cast<std::uint64_t>(text[i] - '0');
    if (row > max_rows) return std::nullopt;
  }
  return CellRef{static_cast<std::uint32_t>(row - 1), *col};
}

std::string column_name(std::uint32_t col) {
  char buf[4];
  int n = 0;
  std::uint32_t c = col + 1;
  while (c > 0 && n < 4) {
    std::uint32_t rem = (c - 1) % 26;
    buf[n++] = static_cast<char>('A' + rem);
    c = (c - 1) / 26;
  }
  std::string out(buf, buf + n);
  std::reverse(out.begin(), out.end());
  return out;
}

void append_a1(std::string& out, CellRef ref) {
  char buf[16];
  int n = 0;
  std::uint32_t c = ref.col + 1;
  char letters[4];
  int nl = 0;
  while (c > 0 && nl < 4) {
    letters[nl++] = static_cast<char>('A' + (c - 1) % 26);
    c = (c - 1) / 26;
  }
  while (nl > 0) buf[n++] = letters[--nl];
  char digits[10];
  int nd = 0;
  std::uint32_t r = ref.row + 1;
  do {
    digits[nd++] = static_cast<char>('0' + r % 10);
    r /= 10;
  } while (r > 0 && nd < 10);
  while (nd > 0) buf[n++] = digits[--nd];
  out.append(buf, static_cast<std::size_t>(n));
}

std::string to_a1(CellRef ref) {
  std::string out;
  append_a1(out, ref);
  return out;
}

std::string quote_sheet_name(std::string_view name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) {
    bool word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                static_cast<unsigned char>(c) >= 0x80;
    if (!word) plain = false;
  }
  // A name that reads as a cell reference (Q2, XFD1) must be quoted too.
  if (plain && parse_a1(name)) plain = false;
  if (plain) return std::string(name);
  std::string out = "'";
  for (char c : name) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

namespace {

// A CSV file has one sheet, named after the file: its cells are file.csv!B12,
// and the sheet itself is the file.
bool sheet_is_the_text_file(const std::string& file, const std::string& sheet) {
  std::filesystem::path path(file);
  std::string ext = ascii_lower(path.extension().string());
  return (ext == ".csv" || ext == ".tsv" || ext == ".txt") && path.stem().string() == sheet;
}

}  // namespace

std::string Location::str() const {
  std::string out = file;
  if (!sheet.empty() && sheet_is_the_text_file(file, sheet)) {
    if (cell) {
      out += '!';
      append_a1(out, *cell);
    }
  } else if (!sheet.empty()) {
    out += '!';
    out += quote_sheet_name(sheet);
    if (cell) {
      out += '!';
      append_a1(out, *cell);
    }
  }
  if (!part.empty()) {
    out += " (";
    out += part;
    if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
    out += ')';
  } else if (line > 0) {
    out += ":" + std::to_string(line) + ":" + std::to_string(column);
  }
  return out;
}

}  // namespace kpiflow
