// UTF-8 as XML and Excel need it: the one place that checks and encodes it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kpiflow {

inline constexpr int utf8_invalid = 0;
inline constexpr int utf8_incomplete = -1;  // valid so far, cut off by the end of the data

// The length (1-4) of the UTF-8 sequence at p, utf8_invalid for an invalid
// one (overlong forms, surrogates, beyond U+10FFFF), or utf8_incomplete.
inline int utf8_sequence(const unsigned char* p, std::size_t available) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  int len = (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
  if (len == 0) return utf8_invalid;
  for (int i = 1; i < len; ++i) {
    if (static_cast<std::size_t>(i) >= available) return utf8_incomplete;
    if ((p[i] & 0xC0) != 0x80) return utf8_invalid;
    if (i == 1 && ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) || (c == 0xF0 && p[1] < 0x90) ||
                   (c == 0xF4 && p[1] > 0x8F)))
      return utf8_invalid;
  }
  return len;
}

// Writes the UTF-8 of code point cp (at most U+10FFFF) at out; returns the end.
inline char* encode_utf8(unsigned long cp, char* out) {
  if (cp < 0x80) {
    *out++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (cp >> 12));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (cp >> 18));
    *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// The code point of the UTF-8 sequence at p and its length; length 0 when the
// sequence is invalid or cut off (then code_point is the byte itself).
struct Decoded {
  unsigned long code_point = 0;
  int length = 0;
};
inline Decoded decode_utf8(const unsigned char* p, std::size_t available) {
  int len = utf8_sequence(p, available);
  if (len <= 0) return Decoded{p[0], 0};
  static constexpr unsigned char lead_bits[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  unsigned long cp = p[0] & lead_bits[len];
  for (int i = 1; i < len; ++i) cp = (cp << 6) | (p[i] & 0x3F);
  return Decoded{cp, len};
}

// The first byte of text that is not UTF-8 (offset), or npos.
inline std::size_t first_invalid_utf8(const char* text, std::size_t size) {
  const auto* p = reinterpret_cast<const unsigned char*>(text);
  for (std::size_t i = 0; i < size;) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    int len = utf8_sequence(p + i, size - i);
    if (len <= 0) return i;
    i += static_cast<std::size_t>(len);
  }
  return static_cast<std::size_t>(-1);
}

}  // namespace kpiflow
