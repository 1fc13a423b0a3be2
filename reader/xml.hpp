// expat, set up for package parts: names compared without their namespace
// prefix (transitional, strict and any prefix alike), DOCTYPE and entity
// declarations refused, errors located at part:line:column.
#pragma once

#include <exception>
#include <string_view>

#include "reader/package.hpp"

namespace kpiflow::reader {

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // name has no prefix; attrs is expat's null-terminated name/value list.
  virtual void start(std::string_view name, const char** attrs) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(const char* data, int length) {
    (void)data;
    (void)length;
  }
};

inline std::string_view local_name(const char* qualified) {
  std::string_view name(qualified);
  std::size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The value of the attribute with this local name, or nullptr.
// Namespace declarations (xmlns, xmlns:r) never match.
const char* attribute(const char** attrs, std::string_view local);

// Throws Error located in the part (line and column) for malformed XML,
// invalid UTF-8, DOCTYPE or entity declarations; rethrows the handler's.
void parse_part(const Package& package, std::size_t index, XmlHandler& handler);
void parse_text(std::string_view xml, const Location& where, XmlHandler& handler);

// The same through cell_scanner.cpp, the fast path for worksheets: same
// events, same refusals (parts not in UTF-8 are handed to expat).
void scan_part(const Package& package, std::size_t index, XmlHandler& handler);
void scan_text(std::string_view xml, const Location& where, XmlHandler& handler);

}  // namespace kpiflow::reader
