// Small text helpers every stage needs, in one place. ASCII case only:
// the words compared (keys, tokens, extensions, encodings) are ASCII.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kpiflow {

// Without the spaces, tabs and line ends around it.
inline std::string_view trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// Text quoted in a message, cut to at most max_chars characters with "…" at
// the end: a message quoting a 30,000-character cell must stay readable and
// fit in a cell itself.
std::string excerpt(std::string_view text, std::size_t max_chars = 100);

// A name's words as a file name writes them: letters and digits in lower
// case (other scripts kept as written), apostrophes dropped (Children's ->
// childrens), anything else a single space, with a space at each end so that
// whole words are found: "Housing_2017-18 Q2" -> " housing 2017 18 q2 ".
std::string name_words(std::string_view text);

// 1190008 -> "1,190,008": counts in messages, as people write them.
std::string with_thousands(std::uint64_t n);

// "1 working day", "3 working days": a count with its noun, in messages and on the terminal.
std::string counted(int n, const char* one, const char* many);

// The closest allowed word to a misspelt one, or "" when none is close
// enough to be a typo of it: for "did you mean" in messages.
std::string closest(std::string_view word, const std::vector<std::string_view>& allowed);

}  // namespace kpiflow
