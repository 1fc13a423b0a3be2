#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "model/issue.hpp"

using namespace kpiflow;

TEST_SUITE("model") {
  TEST_CASE("an issue takes its severity from its code and prints on one line") {
    Issue issue = Issue::of("blank-value", Location::of_cell("housing.xlsx", "Q2 Return", {9, 3}), "no figure for HO-05", "write the figure");
    CHECK(issue.severity == Severity::error);
    CHECK(issue.str() == "housing.xlsx!'Q2 Return'!D10: error [blank-value] no figure for HO-05; hint: write the figure");
    CHECK(Issue::of("estimated-value", Location::of_file("a.csv"), "m", "h").severity == Severity::info);
    CHECK_THROWS_AS(Issue::of("no-such-code", Location::of_file("a.csv"), "m", "h"), std::logic_error);
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
      REQUIRE_NOTHROW(issue_code(code));
      CHECK(to_string(issue_code(code).severity) == (*it)[2].str());
      CHECK(issue_code(code).stage == (*it)[3].str());
    }
    for (const auto& code : issue_codes()) CHECK_MESSAGE(documented.count(std::string(code.code)), "not in docs/validate.md: ", code.code);
  }
}
