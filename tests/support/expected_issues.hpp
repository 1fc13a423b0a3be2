// Issues as the golden files write them: "severity code location", the
// location relative to a folder, one per line.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "model/issue.hpp"

namespace kpiflow::test {

std::string issue_line(const Issue& issue, const std::filesystem::path& relative_to);
// The lines of a file without blank ones and # comments.
std::vector<std::string> expected_lines(const std::filesystem::path& path);
// Lines joined with newlines: compares and prints whole in a failed CHECK.
std::string joined(const std::vector<std::string>& lines);

}  // namespace kpiflow::test
