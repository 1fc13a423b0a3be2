// The sample council (samples/): its returns validate to the mistakes
// planted in them (samples/generate.py) and to nothing else.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/test_store.hpp"
#include "ingest/ingest.hpp"
#include "support/expected_issues.hpp"
#include "transform/transform.hpp"
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

// One line per indicator: what the golden scorecard files hold.
std::vector<std::string> scorecard_lines(const Scorecard& card) {
  std::vector<std::string> out;
  for (const auto& r : card.results) {
    out.push_back(fmt::format("{} {} {} | {} | {}", r.indicator, r.status ? to_string(*r.status) : r.state ? to_string(*r.state) : std::string_view(), to_string(r.direction), r.reason,
                              r.direction_reason));
    // Judgement, where there is any: the computed status an officer's
    // assessment replaced, and the service's own.
    if (!r.assessment.empty()) out.back() += fmt::format(" | computed {}", r.computed ? to_string(*r.computed) : std::string_view("none"));
    if (r.service_status) out.back() += fmt::format(" | the service says {} '{}'", to_string(*r.service_status), r.service_reason);
  }
  for (const auto& row : card.rollups) {
    const Tally& t = row.tally;
    out.push_back(fmt::format("{}: {}: {} indicators, G {} A {} R {}, M {} not due {} missing {} no target {} not scored {}; "
                              "improving {} maintained {} declining {} M {}",
                              row.dimension, row.group, t.indicators, t.green, t.amber, t.red, t.in_measurement, t.not_due, t.missing,
                              t.no_target, t.not_scored, t.improving, t.maintained, t.declining, t.direction_unknown));
    if (t.assessed > 0) out.back() += fmt::format("; {} assessed", t.assessed);
  }
  for (const auto& c : card.compliance)
    out.push_back(fmt::format("return {}: {} {} (deadline {}), {} of {} figures", c.service,
                              c.received ? (c.on_time ? "on time" : fmt::format("{} working days late", c.working_days_late)) : "missing",
                              c.received_on, c.deadline, c.figures_given, c.figures_due));
  for (const auto& a : card.actions) {
    out.push_back(fmt::format("action {} {} {} {} | {} | {}", a.action, a.progress ? to_string(*a.progress) : std::string_view("-"),
                              a.status ? to_string(*a.status) : a.state ? to_string(*a.state) : std::string_view(), to_string(a.direction),
                              a.reason, a.direction_reason));
    if (a.service_status) out.back() += fmt::format(" | the service says {}", to_string(*a.service_status));
  }
  for (const auto& row : card.action_rollups) {
    const ActionTally& t = row.tally;
    out.push_back(fmt::format("actions {}: {}: {} actions, delivered {} on target {} scheduled {} re-phased <3m {} >3m {} not viable {} "
                              "no update {} not started {}; G {} A {} R {}; improving {} maintained {} declining {}",
                              row.dimension, row.group, t.actions, t.delivered, t.on_target, t.scheduled, t.rephased_minor, t.rephased_major,
                              t.not_viable, t.no_update, t.not_started, t.green, t.amber, t.red, t.improving, t.maintained, t.declining));
  }
  return out;
}

}  // namespace

TEST_SUITE("samples") {
  TEST_CASE("the sample council's scorecards for both quarters are the ones checked by hand") {
    rules::RuleBook book = rules::load_rules(root / "samples" / "council.yaml");
    store::Store store = testing::fresh_store();
    for (const auto& file : sample_returns()) ingest::ingest_into(store, file, book, {});
    for (const char* name : {"2017/18 Q1", "2017/18 Q2"}) {
      CAPTURE(name);
      Period period = *parse_period(name);
      Scorecard card = transform::score(book, store, period);
      std::string file = fmt::format("scorecard-{}-{}-Q{}.txt", period.year, (period.year + 1) % 100, period.index);
      CHECK(test::joined(scorecard_lines(card)) == test::joined(test::expected_lines(fs::path(KPIFLOW_TESTS_DIR) / "samples" / file)));
      // The same run again, through the store: the same scorecard.
      store.record_scorecard(card);
      CHECK(scorecard_lines(*store.scorecard(period.str())) == scorecard_lines(transform::score(book, store, period)));
    }
  }

  TEST_CASE("the sample council validates to the planted mistakes and no others") {
    rules::RuleBook book = rules::load_rules(root / "samples" / "council.yaml");
    CHECK(book.services.size() == 8);
    CHECK(book.indicators.size() == 60);
    store::Store store = testing::fresh_store();
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

  // Issue 11: validate and transform decide a status through one evaluation,
  // so the chase for commentary is exactly the scorecard's Reds (the sample
  // council asks commentary for Red only).
  TEST_CASE("validate chases commentary for exactly the indicators transform scores Red without commentary") {
    rules::RuleBook book = rules::load_rules(root / "samples" / "council.yaml");
    REQUIRE(book.scorecard.commentary_for_red);
    REQUIRE_FALSE(book.scorecard.commentary_for_amber);
    store::Store store = testing::fresh_store();
    for (const auto& file : sample_returns()) ingest::ingest_into(store, file, book, {});
    for (const char* name : {"2017/18 Q1", "2017/18 Q2"}) {
      CAPTURE(name);
      Period period = *parse_period(name);
      std::vector<std::string> chased, red_without_commentary;
      for (const auto& issue : validate::validate(book, store, period).issues)
        if (issue.code == Code::commentary_required) chased.push_back(issue.indicator);
      for (const auto& r : transform::score(book, store, period).results)
        if ((r.status == Status::red || r.status == Status::red_amber) && r.commentary.empty() && r.parts.empty()) red_without_commentary.push_back(r.indicator);
      std::sort(chased.begin(), chased.end());
      std::sort(red_without_commentary.begin(), red_without_commentary.end());
      CHECK(chased == red_without_commentary);
    }
  }

  // Issue 13: the second sample council, a county's quarterly plan, uses
  // lagged national figures, a trajectory, a year to date against last
  // year's outturn share, an annual survey carried forward, a target in
  // words, the services' own RAG and an officer's override. Every line of
  // its golden scorecards was checked by hand against samples/county/.
  TEST_CASE("the county sample's scorecards are the ones checked by hand, in whatever order its returns come") {
    rules::RuleBook book = rules::load_rules(root / "samples" / "county" / "county.yaml");
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root / "samples" / "county" / "returns"))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() == 9);
    for (bool backwards : {false, true}) {
      CAPTURE(backwards);
      if (backwards) std::reverse(files.begin(), files.end());
      store::Store store = testing::fresh_store();
      for (const auto& file : files) CHECK(ingest::ingest_into(store, file, book, {}).outcome == store::Outcome::added);
      for (const char* name : {"2017/18 Q4", "2018/19 Q1", "2018/19 Q2"}) {
        CAPTURE(name);
        Period period = *parse_period(name);
        std::string file = fmt::format("county-{}-{}-Q{}.txt", period.year, (period.year + 1) % 100, period.index);
        CHECK(test::joined(scorecard_lines(transform::score(book, store, period))) ==
              test::joined(test::expected_lines(fs::path(KPIFLOW_TESTS_DIR) / "samples" / file)));
      }
    }
  }
}
