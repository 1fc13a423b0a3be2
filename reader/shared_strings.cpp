#include "reader/shared_strings.hpp"

#include <fmt/format.h>

#include "model/utf8.hpp"
#include "reader/xml.hpp"

namespace kpiflow::reader {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// _xHHHH_ at text[at], as a UTF-16 code unit; -1 when it is not one.
long escape_at(std::string_view text, std::size_t at) {
  if (at + 7 > text.size() || text[at] != '_' || text[at + 1] != 'x' || text[at + 6] != '_') return -1;
  long unit = 0;
  for (std::size_t i = at + 2; i < at + 6; ++i) {
    int h = hex_value(text[i]);
    if (h < 0) return -1;
    unit = unit * 16 + h;
  }
  return unit;
}

void append_utf8(std::string& out, unsigned long cp) {
  char buffer[4];
  out.append(buffer, encode_utf8(cp, buffer));
}

}  // namespace

void decode_escapes(std::string& text) {
  std::size_t first = text.find("_x");
  if (first == std::string::npos) return;
  std::string out(text, 0, first);
  std::string_view in(text);
  for (std::size_t i = first; i < in.size();) {
    long unit = escape_at(in, i);
    if (unit < 0) {
      out += in[i++];
      continue;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      long low = escape_at(in, i + 7);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((static_cast<unsigned long>(unit) - 0xD800) << 10) +
                             (static_cast<unsigned long>(low) - 0xDC00));
        i += 14;
        continue;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) {
      // Half a surrogate pair is no character: keep the text as written.
      out.append(in.substr(i, 7));
    } else {
      append_utf8(out, static_cast<unsigned long>(unit));
    }
    i += 7;
  }
  text.swap(out);
}

std::size_t count_chars(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

namespace {

class SstHandler : public XmlHandler {
 public:
  SstHandler(SharedStrings& out, const Limits& limits) : out_(out), limits_(limits) {}

  void start(std::string_view name, const char** attrs) override {
    (void)attrs;
    if (name == "si") {
      in_si_ = true;
      current_.clear();
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t" && in_si_ && phonetic_ == 0) {
      in_t_ = true;
    }
  }
  void end(std::string_view name) override {
    if (name == "si") {
      in_si_ = false;
      decode_escapes(current_);
      out_.add(current_, current_.size() > limits_.max_string_chars && count_chars(current_) > limits_.max_string_chars);
    } else if (name == "rPh") {
      --phonetic_;
    } else if (name == "t") {
      in_t_ = false;
    }
  }
  void text(const char* data, int length) override {
    if (in_t_) current_.append(data, static_cast<std::size_t>(length));
  }

 private:
  SharedStrings& out_;
  const Limits& limits_;
  std::string current_;
  bool in_si_ = false, in_t_ = false;
  int phonetic_ = 0;
};

}  // namespace

SharedStrings parse_shared_strings(const Package& package, std::size_t part) {
  SharedStrings out;
  Location where = package.where().in_part(package.part_name(part));
  SstHandler handler(out, package.limits());
  parse_part(package, part, handler);
  return out;
}

SharedStrings parse_shared_strings_text(std::string_view xml, const Location& where, const Limits& limits) {
  SharedStrings out;
  SstHandler handler(out, limits);
  parse_text(xml, where, handler);
  return out;
}

}  // namespace kpiflow::reader
