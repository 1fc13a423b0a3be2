// CSV and TSV returns: RFC 4180 quoting (embedded delimiters, quotes and
// newlines), CRLF, LF or CR line ends, and the encodings spreadsheet
// programs save text in: UTF-8 with or without a byte-order mark, UTF-16
// with one (Excel's "Unicode Text"), and Windows-1252 (Excel's "CSV" on a
// UK Windows PC, where a pound sign is the single byte 0xA3).
#include <fmt/format.h>
#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "reader/book.hpp"
#include "model/utf8.hpp"
#include "model/text.hpp"
#include "reader/shared_strings.hpp"

namespace kpiflow::reader {

namespace {

enum class Encoding { utf8, utf8_bom, utf16le, utf16be, windows1252 };

constexpr std::size_t chunk_size = 1 << 16;

// Whole-file check, a chunk at a time: is every byte sequence valid UTF-8?
// Sets *nul when the file holds a NUL byte (binary data, not CSV).
bool is_utf8(const Source& source, bool* nul) {
  ByteStream stream(source);
  std::vector<char> buffer(chunk_size + 4);
  std::size_t carried = 0;  // the start of a sequence cut by the last read
  bool valid = true;         // read on after an invalid byte: a NUL still says "binary"
  for (;;) {
    std::size_t n = stream.read(buffer.data() + carried, chunk_size);
    std::size_t end = carried + n;
    const auto* p = reinterpret_cast<const unsigned char*>(buffer.data());
    std::size_t i = 0;
    while (i < end) {
      if (p[i] == 0) *nul = true;
      int len = utf8_sequence(p + i, end - i);
      if (len == utf8_incomplete && n > 0) break;
      if (len <= 0) {
        valid = false;
        len = 1;
      }
      i += static_cast<std::size_t>(len);
    }
    if (n == 0) return valid;
    carried = end - i;
    std::memmove(buffer.data(), buffer.data() + i, carried);
  }
}

// Text in the file's encoding in, UTF-8 out, a chunk at a time.
class Decoder {
 public:
  Decoder(Encoding encoding, const Location& where) : where_(where) {
    const char* from = encoding == Encoding::utf16le ? "UTF-16LE" : encoding == Encoding::utf16be ? "UTF-16BE"
                     : encoding == Encoding::windows1252 ? "WINDOWS-1252" : nullptr;
    if (from != nullptr) {
      cd_ = iconv_open("UTF-8", from);
      if (cd_ == reinterpret_cast<iconv_t>(-1)) throw Error(where, fmt::format("cannot convert from {} on this machine", from));
    }
  }
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;
  ~Decoder() {
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
  }

  // Appends the UTF-8 of in (plus bytes held back from the last call) to out.
  void decode(std::string_view in, bool last, std::string& out, std::uint32_t line) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) {
      out.append(in);
      return;
    }
    held_.append(in);
    char* src = held_.data();
    std::size_t src_left = held_.size();
    while (src_left > 0) {
      char buffer[chunk_size];
      char* dst = buffer;
      std::size_t dst_left = sizeof buffer;
      std::size_t rc = iconv(cd_, &src, &src_left, &dst, &dst_left);
      out.append(buffer, static_cast<std::size_t>(dst - buffer));
      if (rc == static_cast<std::size_t>(-1)) {
        if (errno == E2BIG) continue;
        if (errno == EINVAL && !last) break;  // a character split across chunks
        throw Error(Location::of_text(where_.file, line, 0),
                    fmt::format("byte 0x{:02X} is not a character in this file's encoding",
                                static_cast<unsigned char>(*src)),
                    "save the file from Excel as 'CSV UTF-8 (Comma delimited)' and send it again");
      }
    }
    held_.erase(0, held_.size() - src_left);
  }

 private:
  iconv_t cd_ = reinterpret_cast<iconv_t>(-1);
  Location where_;
  std::string held_;
};

class CsvBook : public Workbook::Impl {
 public:
  Encoding encoding = Encoding::utf8;
  char delimiter = ',';
  bool explicit_delimiter = false;

  SheetSummary read_sheet(std::size_t index, const CellSink& sink) const override;
};

std::string stem(const std::string& name) {
  std::string s = std::filesystem::path(name).stem().string();
  return s.empty() ? std::string("Sheet1") : s;
}

}  // namespace

std::unique_ptr<Workbook::Impl> open_text(Source source, const Limits& limits) {
  auto book = std::make_unique<CsvBook>();
  book->source = std::move(source);
  book->limits = limits;
  const Location where = book->source.where();

  char head[4] = {};
  std::size_t got = 0;
  {
    ByteStream stream(book->source);
    got = stream.read(head, sizeof head);
  }
  std::string_view start(head, got);
  if (start.substr(0, 3) == "\xEF\xBB\xBF") book->encoding = Encoding::utf8_bom;
  else if (start.substr(0, 2) == "\xFF\xFE") book->encoding = Encoding::utf16le;
  else if (start.substr(0, 2) == "\xFE\xFF") book->encoding = Encoding::utf16be;
  else {
    bool nul = false;
    book->encoding = is_utf8(book->source, &nul) ? Encoding::utf8 : Encoding::windows1252;
    if (nul) {
      throw Error(where, "the file holds binary data (NUL bytes), so it is not CSV text",
                  "check it is the right file; a workbook should end in .xlsx");
    }
    // A guess, made from the bytes: said, so that a wrong one can be seen.
    if (book->encoding == Encoding::windows1252)
      book->notices.push_back(Notice{where, "the file is not UTF-8: read as Windows-1252 (Excel's \"CSV\" on a Windows PC)",
                                     "if accented letters or symbols look wrong, save the file as \"CSV UTF-8\" and send it again"});
  }

  std::string ext = ascii_lower(std::filesystem::path(book->source.name).extension().string());
  if (ext == ".tsv" || ext == ".tab" || book->encoding == Encoding::utf16le || book->encoding == Encoding::utf16be) {
    book->delimiter = '\t';
    book->explicit_delimiter = true;
  }
  book->sheets.push_back(SheetInfo{stem(book->source.name), Visibility::visible});
  return book;
}

namespace {

class CsvParser {
 public:
  CsvParser(const CsvBook& book, const CellSink& sink, SheetSummary& summary)
      : book_(book), sink_(sink), summary_(summary), delimiter_(book.delimiter), sniffed_(book.explicit_delimiter) {
    format_.kind = FormatKind::general;
  }

  void feed(std::string_view text, bool last) {
    pending_.append(text);
    std::string_view in(pending_);
    if (!sniffed_) {
      // The first line decides the delimiter: Excel's "sep=;" if present,
      // else whichever of , ; tab it holds most of outside quotes.
      std::size_t eol = first_line_end(in);
      if (eol == std::string_view::npos && !last) return;
      sniff(in.substr(0, eol == std::string_view::npos ? in.size() : eol));
    }
    if (skip_line_) {
      std::size_t eol = in.find_first_of("\r\n");
      if (eol == std::string_view::npos && !last) return;
      std::size_t next = eol == std::string_view::npos ? in.size() : eol + 1;
      if (eol != std::string_view::npos && in[eol] == '\r' && next < in.size() && in[next] == '\n') ++next;
      in.remove_prefix(next);
      ++line_;
      skip_line_ = false;
    }
    for (char c : in) step(c);
    pending_.clear();
    if (last) finish();
  }

 private:
  enum class State { field_start, unquoted, quoted, quote_in_quoted };

  static std::size_t first_line_end(std::string_view in) {
    bool quoted = false;
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (in[i] == '"') quoted = !quoted;
      else if (!quoted && (in[i] == '\n' || in[i] == '\r')) return i;
    }
    return std::string_view::npos;
  }

  void sniff(std::string_view first_line) {
    sniffed_ = true;
    if (first_line.size() == 5 && first_line.substr(0, 4) == "sep=") {
      delimiter_ = first_line[4];
      skip_line_ = true;
      return;
    }
    std::size_t counts[3] = {0, 0, 0};
    bool quoted = false;
    for (char c : first_line) {
      if (c == '"') quoted = !quoted;
      else if (!quoted) counts[0] += c == ',', counts[1] += c == ';', counts[2] += c == '\t';
    }
    delimiter_ = ',';
    if (counts[1] > counts[0] && counts[1] >= counts[2]) delimiter_ = ';';
    if (counts[2] > counts[0] && counts[2] > counts[1]) delimiter_ = '\t';
  }

  void step(char c) {
    if (after_cr_) {
      after_cr_ = false;
      if (c == '\n') return;
    }
    switch (state_) {
      case State::field_start:
        if (c == '"') {
          state_ = State::quoted;
          quote_line_ = line_;
          return;
        }
        state_ = State::unquoted;
        [[fallthrough]];
      case State::unquoted:
        if (c == delimiter_) end_field();
        else if (c == '\n' || c == '\r') end_record(c);
        else append(c);
        return;
      case State::quoted:
        if (c == '"') state_ = State::quote_in_quoted;
        else {
          if (c == '\n') ++line_;
          append(c);
        }
        return;
      case State::quote_in_quoted:
        if (c == '"') {
          field_ += '"';
          state_ = State::quoted;
        } else if (c == delimiter_) {
          end_field();
        } else if (c == '\n' || c == '\r') {
          end_record(c);
        } else {
          // Text after a closing quote ("a"b): kept, as Excel keeps it.
          field_ += c;
          state_ = State::unquoted;
        }
        return;
    }
  }

  // A field is refused as soon as it is certainly too long (4 bytes a
  // character at most), so an unbalanced quote cannot fill the memory.
  void append(char c) {
    field_ += c;
    if (field_.size() > 4 * book_.limits.max_string_chars) emit();
  }

  void end_field() {
    if (!field_.empty()) emit();
    field_.clear();
    state_ = State::field_start;
    if (++col_ > max_cols) {
      throw Error(Location::of_text(book_.source.name, line_, 0),
                  fmt::format("line {} has more than {} fields, beyond Excel's last column XFD", line_, max_cols),
                  "check the delimiter: is this a CSV file?");
    }
  }

  void end_record(char c) {
    end_field();
    col_ = 0;
    ++row_;
    ++line_;
    after_cr_ = c == '\r';
  }

  void emit() {
    if (row_ >= max_rows) {
      throw Error(Location::of_text(book_.source.name, line_, 0),
                  fmt::format("the file has more than {} rows, beyond Excel's last row", max_rows),
                  "split the return into smaller files");
    }
    CellRef ref{row_, col_};
    if (field_.size() > book_.limits.max_string_chars && count_chars(field_) > book_.limits.max_string_chars) {
      throw Error(Location::of_cell(book_.source.name, book_.sheets[0].name, ref),
                  fmt::format("the field holds {} characters, over Excel's limit of {} for a cell", count_chars(field_),
                              book_.limits.max_string_chars),
                  "check the quotes in the file: an unbalanced quote swallows the lines after it");
    }
    Cell cell;
    cell.ref = ref;
    cell.type = CellType::string;
    cell.text = field_;
    cell.format = &format_;
    ++summary_.cells;
    sink_(cell);
  }

  void finish() {
    if (state_ == State::quoted) {
      throw Error(Location::of_text(book_.source.name, quote_line_, 0),
                  fmt::format("the quoted field that starts on line {} never ends", quote_line_),
                  "a quote (\") is missing: fix the field in a text editor, or save the file from Excel again");
    }
    if (state_ != State::field_start || !field_.empty()) end_field();
  }

  const CsvBook& book_;
  const CellSink& sink_;
  SheetSummary& summary_;
  CellFormat format_;
  char delimiter_;
  bool sniffed_;
  bool skip_line_ = false;
  bool after_cr_ = false;
  State state_ = State::field_start;
  std::string field_, pending_;
  std::uint32_t row_ = 0, col_ = 0, line_ = 1, quote_line_ = 1;
};

}  // namespace

SheetSummary CsvBook::read_sheet(std::size_t, const CellSink& sink) const {
  SheetSummary summary;
  CsvParser parser(*this, sink, summary);
  Decoder decoder(encoding, source.where());
  ByteStream stream(source);
  std::vector<char> buffer(chunk_size);
  std::string utf8;
  bool first = true;
  for (;;) {
    std::size_t n = stream.read(buffer.data(), buffer.size());
    std::string_view in(buffer.data(), n);
    if (first) {
      if (encoding == Encoding::utf8_bom) in.remove_prefix(std::min<std::size_t>(3, in.size()));
      if (encoding == Encoding::utf16le || encoding == Encoding::utf16be) in.remove_prefix(std::min<std::size_t>(2, in.size()));
      first = false;
    }
    utf8.clear();
    decoder.decode(in, n == 0, utf8, 0);
    parser.feed(utf8, n == 0);
    if (n == 0) break;
  }
  return summary;
}

}  // namespace kpiflow::reader
