#include "error.hpp"

namespace kpiflow {

std::string one_line(const Location& where, const std::string& message, const std::string& hint) {
  std::string out = where.str();
  if (!out.empty()) out += ": ";
  out += message;
  if (!hint.empty()) {
    out += "; hint: ";
    out += hint;
  }
  return out;
}

Error::Error(Location where, std::string message, std::string hint)
    : std::runtime_error(one_line(where, message, hint)),
      where_(std::move(where)),
      message_(std::move(message)),
      hint_(std::move(hint)) {}

}  // namespace kpiflow
