// Counts as the commands print them: "1 error, 2 warnings, 0 notes".
#pragma once

#include <array>
#include <string>

#include <vector>

#include "model/issue.hpp"
#include "model/text.hpp"  // counted

namespace kpiflow::cli {

// Counts by severity (error, warning, info) in that order.
std::string severity_counts(const std::array<int, 3>& counts);
// A return's issues so counted, or "no problems".
std::string problems_in(const std::vector<Issue>& issues);

// What a return gave: "3 figures", "3 figures and 2 actions".
std::string contents_of(std::size_t figures, std::size_t actions);

// Text padded with spaces to a width in characters, not bytes, so names in
// Welsh or Polish line up with the rest in the terminal.
// cut: a longer text is cut to the width, never inside a character.
std::string padded(const std::string& text, std::size_t width, bool cut = false);

}  // namespace kpiflow::cli
