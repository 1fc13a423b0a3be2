#include "cli/wording.hpp"

#include <fmt/format.h>

namespace kpiflow::cli {

std::string counted(int n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

std::string severity_counts(const std::array<int, 3>& counts) {
  return fmt::format("{}, {}, {}", counted(counts[0], "error", "errors"), counted(counts[1], "warning", "warnings"),
                     counted(counts[2], "note", "notes"));
}

}  // namespace kpiflow::cli
