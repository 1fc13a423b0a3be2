// Serial numbers and ISO 8601 text to calendar dates.
#pragma once

#include <optional>
#include <string_view>

#include "reader/reader.hpp"

namespace kpiflow::reader {

// Excel's serial date: days since 1899-12-31 in the 1900 system (which keeps
// Lotus 1-2-3's 1900-02-29 as serial 60) or since 1904-01-01 in the 1904
// system; the fraction is the time of day, shown to the millisecond.
// Empty outside Excel's calendar (negative, or after 9999-12-31).
std::optional<DateTime> from_serial(double serial, bool date1904, FormatKind kind);

// "2017-10-13", "2017-10-13T09:15:00", "2017-10-13T09:15:00.250Z", "09:15:00"
// (the text of a t="d" cell). Empty when it is not such a date.
std::optional<DateTime> parse_iso(std::string_view text);

}  // namespace kpiflow::reader
