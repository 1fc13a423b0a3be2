#include "support/expected_issues.hpp"

#include <fmt/format.h>

#include <fstream>

namespace kpiflow::test {

std::string issue_line(const Issue& issue, const std::filesystem::path& relative_to) {
  std::string where = issue.where.str();
  std::string prefix = relative_to.string() + "/";
  if (where.rfind(prefix, 0) == 0) where.erase(0, prefix.size());
  return fmt::format("{} {} {}", to_string(issue.severity), to_string(issue.code), where);
}

std::vector<std::string> expected_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.push_back(line);
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

}  // namespace kpiflow::test
