#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "model/issue.hpp"

using namespace kpiflow;

TEST_SUITE("model") {
  TEST_CASE("an issue takes its severity from its code and prints on one line") {
    Issue issue = Issue::of(Code::blank_value, Location::of_cell("housing.xlsx", "Q2 Return", {9, 3}), "no figure for HO-05", "write the figure");
    CHECK(issue.severity == Severity::error);
    CHECK(issue.str() == "housing.xlsx!'Q2 Return'!D10: error [blank-value] no figure for HO-05; hint: write the figure");
    CHECK(Issue::of(Code::estimated_value, Location::of_file("a.csv"), "m", "h").severity == Severity::info);
    // A misspelt code does not compile; a stored name this kpiflow does not know is none.
    CHECK(code_named("blank-value") == Code::blank_value);
    CHECK_FALSE(code_named("no-such-code"));
  }

  TEST_CASE("each code's entry is found by its enum and by its name") {
    for (const auto& entry : issue_codes()) {
      CHECK(issue_code(entry.value).code == entry.code);
      CHECK(code_named(entry.code) == entry.value);
    }
  }

  TEST_CASE("docs/validate.md lists every issue code with its severity and stage, and no others") {
    std::ifstream in(std::string(KPIFLOW_DOCS_DIR) + "/validate.md");
    std::stringstream text;
    text << in.rdbuf();
    std::string doc = text.str();
    std::regex row(R"(\| `([a-z-]+)` \| (error|warning|info) \| (ingest|validate) \|)");
    std::set<std::string> documented;
    for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator(); ++it) {
      std::string code = (*it)[1];
      documented.insert(code);
      INFO("documented code: ", code);
      REQUIRE(code_named(code));
      CHECK(to_string(issue_code(*code_named(code)).severity) == (*it)[2].str());
      CHECK(issue_code(*code_named(code)).stage == (*it)[3].str());
    }
    for (const auto& code : issue_codes()) CHECK_MESSAGE(documented.count(std::string(code.code)), "not in docs/validate.md: ", code.code);
  }

  // Regression for issue 10: 190,000 rows pasted into six returns gave
  // 1,140,049 issues, more than a sheet holds, and the chase list was cut off.
  TEST_CASE("repeats of one code in one column are folded into one issue that says how many and where") {
    std::vector<Issue> issues;
    for (std::uint32_t row = 8; row < 190008; ++row) {
      Issue i = Issue::of(Code::unknown_indicator, Location::of_cell("r.csv", "r", {row, 0}), fmt::format("Ref 'Z-{}' is not an indicator", row), "h");
      i.raw = fmt::format("Z-{}", row);
      issues.push_back(i);
      if (row == 9) issues.push_back(Issue::of(Code::blank_value, Location::of_cell("r.csv", "r", {row, 3}), "no figure", "h"));
    }
    issues.push_back(Issue::of(Code::missing_return, Location::of_text("rules.yaml", 3, 5), "no return", "h"));
    fold_repeats(issues);
    REQUIRE(issues.size() == 6);
    CHECK(issues[0].message == "Ref 'Z-8' is not an indicator");
    CHECK(issues[1].message == "Ref 'Z-9' is not an indicator");
    CHECK(issues[2].code == Code::blank_value);
    CHECK(issues[3].message == "Ref 'Z-10' is not an indicator");
    CHECK(issues[4].str() ==
          "r.csv!A12: error [unknown-indicator] and 189,997 more rows like this in A12:A190008 (the first of them: Ref 'Z-11' is not an "
          "indicator); hint: h");
    CHECK(issues[4].raw.empty());
    CHECK(issues[5].code == Code::missing_return);

    // One more than those kept is shown as it is.
    std::vector<Issue> four;
    for (std::uint32_t row = 0; row < 4; ++row) four.push_back(Issue::of(Code::blank_value, Location::of_cell("r.csv", "r", {row, 3}), "no figure", "h"));
    fold_repeats(four);
    CHECK(four.size() == 4);
    CHECK(four[3].str() == "r.csv!D4: error [blank-value] no figure; hint: h");
  }
}
