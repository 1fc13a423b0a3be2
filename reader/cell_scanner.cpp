// A purpose-built XML tokenizer for worksheet parts, the one place where
// reading speed matters: two million cells of <c r="B2" s="1"><v>0.129</v></c>.
// It gives the same events as expat (xml.cpp) to the same handler, and
// refuses what expat refuses: malformed tags, mismatched or unclosed
// elements, undefined entities, invalid character references, invalid
// UTF-8 and control characters, DOCTYPE declarations. Line ends and
// attribute values are normalised as XML requires. Parts that are not
// UTF-8 go through expat. The fuzz target compares the two on every input.
//
// Tags longer than max_tag_bytes are refused (no worksheet has one); text,
// comments and CDATA of any length stream through in pieces.
#include <fmt/format.h>

#include <cctype>
#include <cstring>
#include <vector>

#include "model/utf8.hpp"
#include "reader/xml.hpp"
#include "model/text.hpp"

namespace kpiflow::reader {

namespace {

struct NotUtf8 {};

constexpr std::size_t chunk_bytes = 1 << 18;
constexpr std::size_t max_tag_bytes = 1 << 20;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_name_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}
bool is_name_char(unsigned char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

// A source of bytes: a package part, or text in memory for tests.
struct Input {
  Package::Reader* reader = nullptr;
  std::string_view text;
  std::size_t at = 0;
  std::size_t read(char* out, std::size_t capacity) {
    if (reader != nullptr) return reader->read(out, capacity);
    std::size_t n = std::min(capacity, text.size() - at);
    std::memcpy(out, text.data() + at, n);
    at += n;
    return n;
  }
};

class Scanner {
 public:
  Scanner(Input input, XmlHandler& handler, Location where)
      : input_(input), handler_(handler), where_(std::move(where)) {
    buffer_.resize(2 * chunk_bytes);
  }

  void run() {
    fill_first();
    for (;;) {
      if (begin_ == ready() && (!fill() || begin_ == ready())) break;
      if (buffer_[begin_] == '<') {
        tag();
      } else {
        text();
      }
    }
    if (depth_ > 0) fail_at(begin_, "no element found");
    if (!root_seen_) fail_at(begin_, "no element found");
  }

 private:
  // ---- buffer -----------------------------------------------------------
  // The first read decides: UTF-8 (with or without a byte-order mark) is
  // scanned here; anything else goes to expat before any event is given.
  void fill_first() {
    std::size_t n = input_.read(buffer_.data(), chunk_bytes);
    end_ = n;
    if (n == 0) eof_ = true;
    std::string_view head(buffer_.data(), std::min<std::size_t>(n, 256));
    if (head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF" || (n >= 2 && head[0] == '\0') ||
        (n >= 2 && head[1] == '\0'))
      throw NotUtf8{};
    if (head.substr(0, 3) == "\xEF\xBB\xBF") {
      begin_ = document_start_ = 3;
      head.remove_prefix(3);
    }
    if (head.substr(0, 5) == "<?xml") {
      std::string_view decl = head.substr(0, head.find("?>"));
      std::size_t enc = decl.find("encoding");
      if (enc != std::string_view::npos) {
        std::size_t q = decl.find_first_of("\"'", enc);
        std::size_t close = q == std::string_view::npos ? q : decl.find(decl[q], q + 1);
        if (close != std::string_view::npos) {
          std::string name = ascii_lower(decl.substr(q + 1, close - q - 1));
          if (name != "utf-8" && name != "utf8") throw NotUtf8{};
        }
      }
    }
    validate();
  }

  // Reads more; keeps [begin_, end_). False at the end of the input.
  bool fill() {
    if (eof_) return false;
    if (begin_ > 0) {
      track_lines(begin_);
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      validated_from_ -= begin_;
      base_ += begin_;
      begin_ = 0;
    }
    if (buffer_.size() - end_ < chunk_bytes) buffer_.resize(end_ + chunk_bytes);
    std::size_t n = input_.read(buffer_.data() + end_, chunk_bytes);
    end_ += n;
    if (n == 0) eof_ = true;
    validate();
    return n > 0;
  }

  // Every byte is checked once: UTF-8 sequences, and no control
  // characters XML forbids. A sequence cut by the end of a read waits.
  void validate() {
    const auto* p = reinterpret_cast<const unsigned char*>(buffer_.data());
    std::size_t i = validated_from_;
    while (i < end_) {
      unsigned char c = p[i];
      if (c >= 0x20 && c < 0x80) {
        ++i;
        continue;
      }
      if (c < 0x20) {
        if (c == '\t' || c == '\n' || c == '\r') {
          ++i;
          continue;
        }
        fail_at(i, "not well-formed (invalid token)");
      }
      int len = utf8_sequence(p + i, end_ - i);
      if (len == utf8_incomplete && !eof_) break;
      if (len <= 0) fail_utf8(i, c);
      // U+FFFE and U+FFFF are not characters.
      if (c == 0xEF && p[i + 1] == 0xBF && (p[i + 2] == 0xBE || p[i + 2] == 0xBF)) fail_at(i, "not well-formed (invalid token)");
      i += static_cast<std::size_t>(len);
    }
    validated_from_ = i;
  }

  // Bytes that are in the buffer and validated.
  std::size_t ready() const { return validated_from_; }

  // Ensures [begin_, begin_ + n) is ready, reading more as needed.
  bool need(std::size_t n) {
    while (ready() - begin_ < n) {
      if (!fill()) return false;
    }
    return true;
  }

  // Counts the lines in [0, upto), about to leave the buffer, so positions
  // in what stays can still be given as line and column.
  void track_lines(std::size_t upto) {
    const char* p = buffer_.data();
    const char* stop = buffer_.data() + upto;
    while (p < stop) {
      const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(stop - p));
      if (nl == nullptr) break;
      ++line_;
      line_start_ = base_ + static_cast<std::size_t>(static_cast<const char*>(nl) - buffer_.data()) + 1;
      p = static_cast<const char*>(nl) + 1;
    }
  }

  [[noreturn]] void fail_at(std::size_t at, const std::string& what, const std::string& hint = {}) {
    // Count lines between what was tracked and the failing byte.
    std::uint64_t line = line_, start = line_start_;
    for (std::size_t i = 0; i < at && i < end_; ++i) {
      if (buffer_[i] == '\n') {
        ++line;
        start = base_ + i + 1;
      }
    }
    std::uint64_t column = base_ + at - start + 1;
    throw Error(where_.in_part(where_.part, static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(column)),
                what.rfind("invalid UTF-8", 0) == 0 || what.find("DOCTYPE") != std::string::npos ? what : "malformed XML: " + what,
                hint.empty() ? "the file is damaged or was not written by a spreadsheet program: ask for a copy saved "
                               "from Excel"
                             : hint);
  }
  [[noreturn]] void fail_utf8(std::size_t at, unsigned char c) {
    fail_at(at, fmt::format("invalid UTF-8 (byte 0x{:02X})", c),
            "open the file in Excel and save a new copy; text pasted from other programs can carry bad bytes");
  }

  // ---- text -------------------------------------------------------------
  void text() {
    for (;;) {
      char* start = buffer_.data() + begin_;
      char* stop = buffer_.data() + ready();
      char* lt = static_cast<char*>(std::memchr(start, '<', static_cast<std::size_t>(stop - start)));
      if (lt != nullptr || eof_) {
        char* piece_end = lt != nullptr ? lt : stop;
        deliver_text(start, piece_end);
        begin_ = static_cast<std::size_t>(piece_end - buffer_.data());
        return;
      }
      if (ready() - begin_ < chunk_bytes) {
        fill();
        continue;
      }
      // A long run of text: hand over what is safe, never cutting a
      // reference or a CRLF pair.
      char* piece_end = stop;
      char* amp = static_cast<char*>(memrchr(start, '&', static_cast<std::size_t>(stop - start)));
      if (amp != nullptr && std::memchr(amp, ';', static_cast<std::size_t>(stop - amp)) == nullptr) piece_end = amp;
      if (piece_end > start && piece_end[-1] == '\r') --piece_end;
      if (piece_end == start) piece_end = stop;  // no ';' within a chunk: malformed, and decode says so
      deliver_text(start, piece_end);
      begin_ = static_cast<std::size_t>(piece_end - buffer_.data());
    }
  }

  void deliver_text(char* start, char* stop) {
    if (depth_ == 0) {
      for (char* p = start; p < stop; ++p)
        if (!is_space(*p)) fail_at(static_cast<std::size_t>(p - buffer_.data()), root_seen_ ? "junk after document element" : "syntax error");
      return;
    }
    std::size_t n = static_cast<std::size_t>(stop - start);
    if (std::memchr(start, '&', n) != nullptr || std::memchr(start, '\r', n) != nullptr) {
      n = decode(start, stop, false);
    }
    if (n > 0) handler_.text(start, static_cast<int>(n));
  }

  // Decodes references and normalises line ends in place; returns the new length.
  std::size_t decode(char* start, char* stop, bool attribute) {
    char* out = start;
    for (char* p = start; p < stop;) {
      char c = *p;
      if (c == '\r') {
        *out++ = attribute ? ' ' : '\n';
        p += (p + 1 < stop && p[1] == '\n') ? 2 : 1;
        continue;
      }
      if (attribute && (c == '\n' || c == '\t')) {
        *out++ = ' ';
        ++p;
        continue;
      }
      if (c != '&') {
        *out++ = c;
        ++p;
        continue;
      }
      char* semi = static_cast<char*>(std::memchr(p, ';', static_cast<std::size_t>(stop - p)));
      if (semi == nullptr) fail_at(static_cast<std::size_t>(p - buffer_.data()), "not well-formed (invalid token)");
      std::string_view ref(p + 1, static_cast<std::size_t>(semi - p - 1));
      std::size_t at = static_cast<std::size_t>(p - buffer_.data());
      if (ref == "lt") *out++ = '<';
      else if (ref == "gt") *out++ = '>';
      else if (ref == "amp") *out++ = '&';
      else if (ref == "quot") *out++ = '"';
      else if (ref == "apos") *out++ = '\'';
      else if (!ref.empty() && ref[0] == '#') out = char_ref(ref, out, at);
      else if (!ref.empty() && is_name_start(static_cast<unsigned char>(ref[0]))) fail_at(at, "undefined entity");
      else fail_at(at, "not well-formed (invalid token)");
      p = semi + 1;
    }
    return static_cast<std::size_t>(out - start);
  }

  char* char_ref(std::string_view ref, char* out, std::size_t at) {
    unsigned long cp = 0;
    bool hex = ref.size() > 1 && ref[1] == 'x';
    std::string_view digits = ref.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) fail_at(at, "not well-formed (invalid token)");
    for (char d : digits) {
      int v = (d >= '0' && d <= '9') ? d - '0' : (hex && d >= 'a' && d <= 'f') ? d - 'a' + 10 : (hex && d >= 'A' && d <= 'F') ? d - 'A' + 10 : -1;
      if (v < 0) fail_at(at, "not well-formed (invalid token)");
      cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(v);
    }
    bool valid = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
                 (cp >= 0x10000 && cp <= 0x10FFFF);
    if (!valid) fail_at(at, "reference to invalid character number");
    out = encode_utf8(cp, out);
    return out;
  }

  // ---- markup ------------------------------------------------------------
  // Inside a tag every position is an offset from its '<' (begin_), since
  // reading more moves the buffer.
  char at(std::size_t rel) const { return buffer_[begin_ + rel]; }
  // Makes [begin_, begin_ + rel] ready; refuses tags that never end or run on.
  void reach(std::size_t rel) {
    if (begin_ + rel < ready()) return;
    if (rel > max_tag_bytes) fail_at(begin_, fmt::format("a tag longer than {} bytes", max_tag_bytes));
    if (!need(rel + 1)) fail_at(begin_, "unclosed token");
  }

  void tag() {
    reach(1);
    char second = at(1);
    if (second == '/') return end_tag();
    if (second == '?') return processing_instruction();
    if (second == '!') {
      reach(8);
      std::string_view head(buffer_.data() + begin_, 9);
      if (head.substr(0, 4) == "<!--") return skip_until("-->", 4, false);
      if (head == "<![CDATA[") {
        if (depth_ == 0) fail_at(begin_, "syntax error");
        return skip_until("]]>", 9, true);
      }
      if (head == "<!DOCTYPE") {
        std::size_t name = 9;
        while (reach(name), is_space(at(name))) ++name;
        std::size_t name_end = name;
        while (reach(name_end), is_name_char(static_cast<unsigned char>(at(name_end)))) ++name_end;
        fail_at(begin_,
                fmt::format("the part declares a DOCTYPE ('{}'); workbooks never do, and entity tricks hide behind one",
                            std::string_view(buffer_.data() + begin_ + name, name_end - name)),
                "this file was not written by a spreadsheet program: ask for a copy saved from Excel");
      }
      fail_at(begin_, "not well-formed (invalid token)");
    }
    start_tag();
  }

  // <?target data?>; the XML declaration only first, and well-formed.
  void processing_instruction() {
    std::size_t target_end = name_end(2);
    std::string_view target(buffer_.data() + begin_ + 2, target_end - 2);
    bool xml = target.size() == 3 && (target[0] | 0x20) == 'x' && (target[1] | 0x20) == 'm' && (target[2] | 0x20) == 'l';
    if (xml) {
      if (target != "xml" || base_ + begin_ != document_start_) fail_at(begin_, "XML or text declaration not at start of entity");
      return xml_declaration(target_end);
    }
    reach(target_end);
    if (at(target_end) == '?') {
      reach(target_end + 1);
      if (at(target_end + 1) == '>') {
        begin_ += target_end + 2;
        return;
      }
    }
    if (!is_space(at(target_end))) fail_at(begin_ + target_end, "not well-formed (invalid token)");
    skip_until("?>", target_end, false);
  }

  // version="1.0" [encoding="..."] [standalone="yes|no"], in that order.
  void xml_declaration(std::size_t rel) {
    auto bad = [&](std::size_t where) { fail_at(begin_ + where, "XML declaration not well-formed"); };
    bool seen_version = false, seen_encoding = false, seen_standalone = false;
    for (;;) {
      std::size_t after = skip_spaces(rel);
      if (at(after) == '?') {
        reach(after + 1);
        if (at(after + 1) != '>' || !seen_version) bad(after);
        begin_ += after + 2;
        return;
      }
      if (after == rel) bad(after);
      std::size_t key_end = name_end(after);
      std::string_view key(buffer_.data() + begin_ + after, key_end - after);
      std::size_t eq = skip_spaces(key_end);
      if (at(eq) != '=') bad(eq);
      std::size_t quote = skip_spaces(eq + 1);
      char q = at(quote);
      if (q != '"' && q != '\'') bad(quote);
      std::size_t value_end = quote + 1;
      while (reach(value_end), at(value_end) != q) {
        if (at(value_end) == '<' || at(value_end) == '>') bad(value_end);
        ++value_end;
      }
      std::string_view value(buffer_.data() + begin_ + quote + 1, value_end - quote - 1);
      if (key == "version" && !seen_version && !seen_encoding && !seen_standalone) {
        seen_version = true;
        // expat checks the characters of the number, not its value.
        for (char c : value)
          if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ':' || c == '-')) bad(quote);
      } else if (key == "encoding" && seen_version && !seen_encoding && !seen_standalone) {
        seen_encoding = true;
        if (value.empty() || !((value[0] | 0x20) >= 'a' && (value[0] | 0x20) <= 'z')) bad(quote);
        for (char c : value)
          if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) bad(quote);
      } else if (key == "standalone" && seen_version && !seen_standalone) {
        seen_standalone = true;
        if (value != "yes" && value != "no") bad(quote);
      } else {
        bad(after);
      }
      rel = value_end + 1;
    }
  }

  // Skips (or, for CDATA, hands over as text) everything up to the closing
  // marker, reading on as needed without holding it all.
  void skip_until(std::string_view marker, std::size_t opening, bool as_text) {
    begin_ += opening;
    for (;;) {
      std::string_view window(buffer_.data() + begin_, ready() - begin_);
      std::size_t hit = window.find(marker);
      if (hit != std::string_view::npos) {
        if (as_text && hit > 0) deliver_raw(begin_, hit);
        begin_ += hit + marker.size();
        return;
      }
      // Hand over or drop all but the last bytes, which may hold half the marker.
      std::size_t keep = std::min(window.size(), marker.size() - 1);
      if (as_text && window.size() > keep) deliver_raw(begin_, window.size() - keep);
      begin_ += window.size() - keep;
      std::size_t before = begin_;
      if (!fill()) fail_at(before, "unclosed token");
    }
  }

  void deliver_raw(std::size_t from, std::size_t length) {
    char* start = buffer_.data() + from;
    std::size_t n = length;
    if (std::memchr(start, '\r', n) != nullptr) {
      // Line ends inside CDATA are normalised too; no references there.
      char* out = start;
      for (std::size_t i = 0; i < length; ++i) {
        if (start[i] == '\r') {
          *out++ = '\n';
          if (i + 1 < length && start[i + 1] == '\n') ++i;
        } else {
          *out++ = start[i];
        }
      }
      n = static_cast<std::size_t>(out - start);
    }
    handler_.text(start, static_cast<int>(n));
  }

  // The end of the name starting at rel.
  std::size_t name_end(std::size_t rel) {
    reach(rel);
    if (!is_name_start(static_cast<unsigned char>(at(rel)))) fail_at(begin_ + rel, "not well-formed (invalid token)");
    std::size_t end = rel + 1;
    while (reach(end), is_name_char(static_cast<unsigned char>(at(end)))) ++end;
    return end;
  }

  std::size_t skip_spaces(std::size_t rel) {
    while (reach(rel), is_space(at(rel))) ++rel;
    return rel;
  }

  void end_tag() {
    std::size_t end = name_end(2);
    std::size_t close = skip_spaces(end);
    if (at(close) != '>') fail_at(begin_ + close, "not well-formed (invalid token)");
    std::string_view qname(buffer_.data() + begin_ + 2, end - 2);
    if (depth_ == 0 || open_[depth_ - 1] != qname) fail_at(begin_, "mismatched tag");
    --depth_;
    begin_ += close + 1;
    handler_.end(local_of(open_[depth_]));
    if (depth_ == 0) root_closed_ = true;
  }

  static std::string_view local_of(std::string_view qname) {
    std::size_t colon = qname.rfind(':');
    return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
  }

  void start_tag() {
    if (root_closed_) fail_at(begin_, "junk after document element");
    std::size_t name_stop = name_end(1);
    spans_.clear();
    std::size_t pos = name_stop;
    bool empty = false;
    for (;;) {
      std::size_t after = skip_spaces(pos);
      char c = at(after);
      if (c == '>') {
        pos = after + 1;
        break;
      }
      if (c == '/') {
        reach(after + 1);
        if (at(after + 1) != '>') fail_at(begin_ + after, "not well-formed (invalid token)");
        empty = true;
        pos = after + 2;
        break;
      }
      if (after == pos) fail_at(begin_ + after, "not well-formed (invalid token)");  // attributes need a space before them
      std::size_t attr_stop = name_end(after);
      std::size_t eq = skip_spaces(attr_stop);
      if (at(eq) != '=') fail_at(begin_ + eq, "not well-formed (invalid token)");
      std::size_t quote = skip_spaces(eq + 1);
      char q = at(quote);
      if (q != '"' && q != '\'') fail_at(begin_ + quote, "not well-formed (invalid token)");
      std::size_t value_end = quote + 1;
      for (;;) {
        reach(value_end);
        const char* from = buffer_.data() + begin_ + value_end;
        std::size_t avail = ready() - (begin_ + value_end);
        const char* hit = static_cast<const char*>(std::memchr(from, q, avail));
        const char* lt = static_cast<const char*>(std::memchr(from, '<', hit ? static_cast<std::size_t>(hit - from) : avail));
        if (lt != nullptr) fail_at(static_cast<std::size_t>(lt - buffer_.data()), "not well-formed (invalid token)");
        if (hit != nullptr) {
          value_end += static_cast<std::size_t>(hit - from);
          break;
        }
        value_end += avail;
      }
      spans_.push_back({after, attr_stop, quote + 1, value_end});
      pos = value_end + 1;
    }

    // The tag is whole in the buffer: nothing moves it from here on.
    char* base = buffer_.data() + begin_;
    std::string_view qname(base + 1, name_stop - 1);
    if (depth_ == open_.size()) open_.emplace_back();
    open_[depth_].assign(qname);
    ++depth_;
    root_seen_ = true;
    attrs_.clear();
    for (const auto& s : spans_) {
      std::size_t len = decode(base + s.value, base + s.value_end, true);
      base[s.value + len] = '\0';
      base[s.name_end] = '\0';
      attrs_.push_back(base + s.name);
      attrs_.push_back(base + s.value);
    }
    for (std::size_t i = 1; i < spans_.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (std::strcmp(attrs_[2 * i], attrs_[2 * j]) == 0) fail_at(begin_ + spans_[i].name, "duplicate attribute");
    attrs_.push_back(nullptr);
    attrs_.push_back(nullptr);
    begin_ += pos;
    std::string_view local = local_of(open_[depth_ - 1]);
    handler_.start(local, attrs_.data());
    if (empty) {
      --depth_;
      handler_.end(local_of(open_[depth_]));
      if (depth_ == 0) root_closed_ = true;
    }
  }

  struct Span {
    std::size_t name, name_end, value, value_end;  // offsets from the tag's '<'
  };

  Input input_;
  XmlHandler& handler_;
  Location where_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0, end_ = 0, validated_from_ = 0;
  std::uint64_t base_ = 0, line_ = 1, line_start_ = 0;
  std::uint64_t document_start_ = 0;  // after a byte-order mark: where an XML declaration may stand
  bool eof_ = false, root_seen_ = false, root_closed_ = false;
  std::vector<std::string> open_;
  std::size_t depth_ = 0;
  std::vector<Span> spans_;
  std::vector<const char*> attrs_;
};

}  // namespace

void scan_part(const Package& package, std::size_t index, XmlHandler& handler) {
  Package::Reader reader = package.open(index);
  Input input;
  input.reader = &reader;
  try {
    Scanner(input, handler, package.where().in_part(package.part_name(index))).run();
  } catch (const NotUtf8&) {
    parse_part(package, index, handler);
  }
}

void scan_text(std::string_view xml, const Location& where, XmlHandler& handler) {
  Input input;
  input.text = xml;
  try {
    Scanner(input, handler, where).run();
  } catch (const NotUtf8&) {
    parse_text(xml, where, handler);
  }
}

}  // namespace kpiflow::reader
