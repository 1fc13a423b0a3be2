// The sample council (samples/): its returns validate to the mistakes
// planted in them (samples/generate.py) and to nothing else.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/ingest.hpp"
#include "support/expected_issues.hpp"
#include "validate/validate.hpp"

namespace fs = std::filesystem;
using namespace kpiflow;

namespace {

const fs::path root = fs::path(KPIFLOW_TESTS_DIR).parent_path();

std::vector<fs::path> sample_returns() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(root / "samples" / "returns"))
    if (entry.is_regular_file()) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> lines(const validate::Findings& findings) {
  std::vector<std::string> out;
  for (const auto& issue : findings.issues) out.push_back(test::issue_line(issue, root));
  return out;
}

}  // namespace

TEST_SUITE("samples") {
  TEST_CASE("the sample council validates to the planted mistakes and no others") {
    rules::RuleBook book = rules::load_rules(root / "samples" / "council.yaml");
    CHECK(book.services.size() == 8);
    CHECK(book.indicators.size() == 60);
    store::Store store = store::Store::in_memory();
    auto files = sample_returns();
    REQUIRE(files.size() == 16);
    for (const auto& file : files) CHECK(ingest::ingest_into(store, file, book, {}).outcome == store::Outcome::added);

    auto q1 = validate::validate(book, store, *parse_period("2017/18 Q1"));
    CHECK(q1.returns == 8);
    CHECK(test::joined(lines(q1)) == "");
    auto q2 = validate::validate(book, store, *parse_period("2017/18 Q2"));
    CHECK(q2.returns == 8);
    CHECK(test::joined(lines(q2)) == test::joined(test::expected_lines(fs::path(KPIFLOW_TESTS_DIR) / "samples" / "expected-2017-18-Q2.txt")));

    // Ingesting everything again changes nothing, and finds the same.
    for (const auto& file : files) CHECK(ingest::ingest_into(store, file, book, {}).outcome == store::Outcome::already_stored);
    CHECK(lines(validate::validate(book, store, *parse_period("2017/18 Q2"))) == lines(q2));
  }
}
