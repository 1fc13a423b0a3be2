// Cell formats from xl/styles.xml: number formats (built-in and custom) and
// fills, with theme and indexed colours resolved to RGB.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reader/package.hpp"

namespace kpiflow::reader {

// What a number format code shows: a date, a time, a percentage...
FormatKind classify_format(std::string_view code);

// The code of a built-in format id (ECMA-376 18.8.30); empty when the id has
// no fixed code.
std::string_view builtin_format(unsigned id);

struct Styles {
  std::vector<CellFormat> formats;  // one per <xf> of <cellXfs>, in order
  CellFormat general;               // for cells with no s attribute

  const CellFormat* at(std::size_t index) const { return index < formats.size() ? &formats[index] : nullptr; }
};

Styles parse_styles(const Package& package, std::optional<std::size_t> styles_part,
                    std::optional<std::size_t> theme_part);
// For tests: the same from text.
Styles parse_styles_text(std::string_view styles_xml, std::string_view theme_xml, const Location& where);

// "FF" ARGB or RGB hex, theme index with tint, or legacy palette index -> "RRGGBB".
std::string apply_tint(std::string_view rgb, double tint);

}  // namespace kpiflow::reader
