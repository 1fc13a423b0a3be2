#include "model/issue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

#include "model/error.hpp"
#include "model/text.hpp"

namespace kpiflow {

namespace {

constexpr IssueCode codes[] = {
#define KPIFLOW_CODE_ENTRY(id, name, severity, stage, meaning) {Code::id, name, Severity::severity, stage, meaning},
    KPIFLOW_ISSUE_CODES(KPIFLOW_CODE_ENTRY)
#undef KPIFLOW_CODE_ENTRY
};

}  // namespace

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
  }
  return "error";
}

std::span<const IssueCode> issue_codes() { return codes; }

const IssueCode& issue_code(Code code) { return codes[static_cast<std::size_t>(code)]; }

std::string_view to_string(Code code) { return issue_code(code).code; }

std::optional<Code> code_named(std::string_view name) {
  for (const auto& entry : codes)
    if (entry.code == name) return entry.value;
  return std::nullopt;
}

Issue Issue::of(Code code, Location where, std::string message, std::string hint) {
  const IssueCode& entry = issue_code(code);
  Issue issue;
  issue.code = code;
  issue.severity = entry.severity;
  issue.where = std::move(where);
  issue.message = std::move(message);
  issue.hint = std::move(hint);
  return issue;
}

void fold_repeats(std::vector<Issue>& issues, std::size_t keep) {
  struct Group {
    std::size_t seen = 0;
    std::size_t summary = 0;  // index in the output of the issue standing for the rest
    CellRef first, last;
    std::string first_message;
  };
  std::map<std::tuple<Code, std::string, std::string, std::uint32_t>, Group> groups;
  std::vector<Issue> out;
  for (auto& issue : issues) {
    if (!issue.where.cell) {
      out.push_back(std::move(issue));
      continue;
    }
    Group& g = groups[{issue.code, issue.where.file, issue.where.sheet, issue.where.cell->col}];
    ++g.seen;
    if (g.seen <= keep) {
      out.push_back(std::move(issue));
      continue;
    }
    if (g.seen == keep + 1) {
      g.summary = out.size();
      g.first = *issue.where.cell;
      g.first_message = issue.message;
      issue.indicator.clear();
      out.push_back(std::move(issue));
    }
    g.last = std::max(g.last, *issue.where.cell, [](CellRef a, CellRef b) { return a.row < b.row; });
  }
  for (const auto& [key, g] : groups) {
    if (g.seen <= keep) continue;
    Issue& summary = out[g.summary];
    std::size_t more = g.seen - keep;
    summary.message = more == 1 ? g.first_message
                                : fmt::format("and {} more rows like this in {}:{} (the first of them: {})", with_thousands(more),
                                              to_a1(g.first), to_a1(g.last), g.first_message);
    if (more > 1) summary.raw.clear();
  }
  issues = std::move(out);
}

std::string Issue::str() const {
  std::string head = fmt::format("{} [{}] {}", to_string(severity), to_string(code), message);
  return one_line(where, head, hint);
}

}  // namespace kpiflow
