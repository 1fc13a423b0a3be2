// The golden cases (tests/validate/golden/, written by make.py): for each
// issue code a small return that triggers it; ingest and validate must
// report exactly the issues in its expected.txt, at their cells.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "support/test_store.hpp"
#include "ingest/ingest.hpp"
#include "support/expected_issues.hpp"
#include "validate/validate.hpp"

namespace fs = std::filesystem;
using namespace kpiflow;

namespace {

const fs::path golden = fs::path(KPIFLOW_TESTS_DIR) / "validate" / "golden";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// What ingest and validate report for one case folder.
std::vector<std::string> run_case(const fs::path& dir) {
  fs::path rules_path = fs::exists(dir / "rules.yaml") ? dir / "rules.yaml" : golden / "rules.yaml";
  rules::RuleBook book = rules::load_rules_text(read_text(rules_path), "rules.yaml");
  Period period = *parse_period("2017/18 Q2");
  ingest::ReturnOptions options;
  if (fs::exists(dir / "period.txt")) {
    auto given = lines_of(read_text(dir / "period.txt"));
    if (!given.empty()) options.period = parse_period(given[0]);
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name != "expected.txt" && name != "period.txt" && name != "rules.yaml" && name != "today.txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());

  store::Store store = testing::fresh_store();
  std::vector<std::string> got;
  for (const auto& file : files) {
    ingest::Ingested done = ingest::ingest_into(store, file, book, options);
    for (const auto& issue : done.read.issues) {
      CHECK_MESSAGE(!issue.where.str().empty(), "an issue without a location: ", issue.str());
      got.push_back(test::issue_line(issue, dir));
    }
  }
  // The day validation runs, when the case says (else today: every case's deadline has passed).
  std::optional<std::chrono::year_month_day> today;
  if (fs::exists(dir / "today.txt")) today = iso_date(lines_of(read_text(dir / "today.txt")).at(0));
  for (const auto& issue : validate::validate(book, store, period, today).issues) {
    CHECK_MESSAGE(!issue.where.str().empty(), "an issue without a location: ", issue.str());
    CHECK_MESSAGE(!issue.hint.empty(), "an issue without a hint: ", issue.str());
    if (issue_code(issue.code).stage == "validate") got.push_back(test::issue_line(issue, dir));
  }
  std::sort(got.begin(), got.end());
  return got;
}

}  // namespace

TEST_SUITE("golden") {
  TEST_CASE("every issue code has a golden case that raises it") {
    for (const auto& code : issue_codes()) {
      fs::path expected = golden / std::string(code.code) / "expected.txt";
      INFO("code: ", code.code);
      REQUIRE(fs::exists(expected));
      bool raised = false;
      for (const auto& line : lines_of(read_text(expected)))
        if (line.find(" " + std::string(code.code) + " ") != std::string::npos) raised = true;
      CHECK(raised);
    }
  }

  TEST_CASE("each golden case reports exactly its expected issues, at their cells") {
    int cases = 0;
    for (const auto& entry : fs::directory_iterator(golden)) {
      if (!entry.is_directory()) continue;
      ++cases;
      INFO("case: ", entry.path().filename().string());
      CHECK(test::joined(run_case(entry.path())) == test::joined(lines_of(read_text(entry.path() / "expected.txt"))));
    }
    CHECK(cases >= static_cast<int>(issue_codes().size()));
  }

  TEST_CASE("ingesting a golden case twice changes nothing") {
    fs::path dir = golden / "commentary-required";
    rules::RuleBook book = rules::load_rules_text(read_text(golden / "rules.yaml"), "rules.yaml");
    store::Store store = testing::fresh_store();
    fs::path file = dir / "golden-2017-18-Q2.csv";
    auto first = ingest::ingest_into(store, file, book, {});
    auto again = ingest::ingest_into(store, file, book, {});
    CHECK(first.outcome == store::Outcome::added);
    CHECK(again.outcome == store::Outcome::already_stored);
    CHECK(store.submissions("GO", "2017/18 Q2").size() == 1);
    CHECK(store.current_observations("2017/18 Q2").size() == 4);
    CHECK(validate::validate(book, store, *parse_period("2017/18 Q2")).issues.size() == 1);
  }
}
