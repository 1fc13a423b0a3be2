#include "cli/wording.hpp"

#include <fmt/format.h>

namespace kpiflow::cli {

std::string severity_counts(const std::array<int, 3>& counts) {
  return fmt::format("{}, {}, {}", counted(counts[0], "error", "errors"), counted(counts[1], "warning", "warnings"),
                     counted(counts[2], "note", "notes"));
}

std::string contents_of(std::size_t figures, std::size_t actions) {
  std::string out = counted(static_cast<int>(figures), "figure", "figures");
  if (actions > 0) out += " and " + counted(static_cast<int>(actions), "action", "actions");
  return out;
}

std::string problems_in(const std::vector<Issue>& issues) {
  if (issues.empty()) return "no problems";
  std::array<int, 3> counts{};
  for (const auto& issue : issues) ++counts[static_cast<int>(issue.severity)];
  return severity_counts(counts);
}

std::string padded(const std::string& text, std::size_t width, bool cut) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (cut && chars == width) return text.substr(0, i);
    ++chars;
  }
  return chars >= width ? text : text + std::string(width - chars, ' ');
}

}  // namespace kpiflow::cli
