// The shared-string table (xl/sharedStrings.xml), kept as one block of
// text with offsets: a 100,000-string table costs its text and 8 bytes a string.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reader/package.hpp"

namespace kpiflow::reader {

class SharedStrings {
 public:
  std::size_t size() const { return ends_.size(); }
  std::string_view operator[](std::size_t i) const {
    std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(text_).substr(begin, ends_[i] - begin);
  }
  // too_long: over Excel's limit for a cell; kept whole, and the cells that use it are noticed.
  void add(std::string_view s, bool too_long = false) {
    if (too_long) too_long_.push_back(ends_.size());
    text_ += s;
    ends_.push_back(text_.size());
  }
  bool too_long(std::size_t i) const { return !too_long_.empty() && std::binary_search(too_long_.begin(), too_long_.end(), i); }

 private:
  std::string text_;
  std::vector<std::size_t> ends_;
  std::vector<std::size_t> too_long_;  // ascending
};

// Rich-text runs are joined; phonetic runs (<rPh>) are dropped; _xHHHH_
// escapes are decoded. Strings over limits.max_string_chars are kept and
// marked too_long: the sheet reader notices each cell that uses one.
SharedStrings parse_shared_strings(const Package& package, std::size_t part);
SharedStrings parse_shared_strings_text(std::string_view xml, const Location& where, const Limits& limits);

// Decodes OOXML's _xHHHH_ escapes in place (_x000D_ is a carriage return,
// _x005F_ an underscore, so _x005F_x000D_ is the text "_x000D_").
void decode_escapes(std::string& text);

// Unicode characters in UTF-8 text (what Excel's 32,767 limit counts).
std::size_t count_chars(std::string_view utf8);

}  // namespace kpiflow::reader
