// How a return is read depends on the rule file as well as on its bytes
// (issue 11): a stored return read under another rule file is read again,
// and a scorecard made before the latest returns or rules is not exported.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/test_store.hpp"
#include "export/export.hpp"
#include "ingest/ingest.hpp"
#include "transform/transform.hpp"
#include "validate/validate.hpp"

namespace fs = std::filesystem;
using namespace kpiflow;

namespace {

std::string rules_with(const std::string& states) {
  return R"(scorecard: {name: Test}
states: {)" + states + R"(}
services:
  - {id: HO, name: Housing, columns: {ref: Ref, value: "{period}"}}
indicators:
  - {id: H-1, title: Homes, service: HO, targets: {2017/18: 10}}
  - {id: H-2, title: Survey, service: HO, targets: {2017/18: 10}}
)";
}

struct Folder {
  fs::path dir = fs::temp_directory_path() / ("kpiflow-reread-test-" + std::to_string(::getpid()));
  Folder() { fs::create_directories(dir); }
  ~Folder() { fs::remove_all(dir); }
};

std::string error_of(const store::Store& store, const Period& period, const std::string& fingerprint) {
  try {
    publish::gather(store, period, "store.db", fingerprint);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

// The codes validation finds, but for no-submitted-date (the test's files give no date sent).
std::vector<std::string> codes(const validate::Findings& findings) {
  std::vector<std::string> out;
  for (const auto& issue : findings.issues)
    if (issue.code != Code::no_submitted_date) out.emplace_back(to_string(issue.code));
  return out;
}

}  // namespace

TEST_SUITE("ingest") {
  // Regression: adding N/A to the rule file's states after a return holding
  // N/A was stored changed nothing until the store was deleted.
  TEST_CASE("a stored return is read again when the rule file would read it differently") {
    Folder f;
    fs::path file = f.dir / "housing-2017-18-Q2.csv";
    std::ofstream(file) << "Ref,Q2 2017/18\nH-1,12\nH-2,N/A\n";
    store::Store store = testing::fresh_store();
    Period q2 = *parse_period("2017/18 Q2");

    auto before = rules::load_rules_text(rules_with("M: [M]"), "rules.yaml");
    CHECK(ingest::ingest_into(store, file, before, {}).outcome == store::Outcome::added);
    CHECK(codes(validate::validate(before, store, q2)) == std::vector<std::string>{"unknown-state"});
    CHECK(transform::score(before, store, q2).results.at(1).reason == "'N/A' at B3 could not be read as a figure");

    auto after = rules::load_rules_text(rules_with("M: [M], not_due: [N/A]"), "rules.yaml");
    REQUIRE(after.fingerprint != before.fingerprint);
    // Named again: read again, not "already stored".
    CHECK(ingest::ingest_into(store, file, after, {}).outcome == store::Outcome::reread);
    CHECK(codes(validate::validate(after, store, q2)).empty());
    CHECK(transform::score(after, store, q2).results.at(1).state == State::not_due);
    // The same rule file again changes nothing.
    CHECK(ingest::ingest_into(store, file, after, {}).outcome == store::Outcome::already_stored);

    // Not named at all: an ingest of other files finds it and reads it again.
    auto reread = ingest::reread_stale(store, before);
    REQUIRE(reread.size() == 1);
    REQUIRE(reread[0].done);
    CHECK(reread[0].done->outcome == store::Outcome::reread);
    CHECK(codes(validate::validate(before, store, q2)) == std::vector<std::string>{"unknown-state"});

    // A file that has gone cannot be read again, and says so.
    fs::remove(file);
    auto gone = ingest::reread_stale(store, after);
    REQUIRE(gone.size() == 1);
    CHECK_FALSE(gone[0].done);
    CHECK(gone[0].why_not == "the file is no longer where it was ingested from");
  }

  TEST_CASE("a scorecard made before the latest returns, or under another rule file, is not exported") {
    Folder f;
    std::ofstream(f.dir / "housing-2017-18-Q1.csv") << "Ref,Q1 2017/18\nH-1,11\nH-2,9\n";
    std::ofstream(f.dir / "housing-2017-18-Q2.csv") << "Ref,Q2 2017/18\nH-1,12\nH-2,8\n";
    std::ofstream(f.dir / "housing-2017-18-Q3.csv") << "Ref,Q3 2017/18\nH-1,13\nH-2,7\n";
    auto book = rules::load_rules_text(rules_with("M: [M]"), "rules.yaml");
    store::Store store = testing::fresh_store();
    Period q2 = *parse_period("2017/18 Q2");
    ingest::ingest_into(store, f.dir / "housing-2017-18-Q2.csv", book, {});
    store.record_scorecard(transform::score(book, store, q2), book.fingerprint);
    CHECK(error_of(store, q2, book.fingerprint) == "no error");

    // A later period's return does not touch Q2's scorecard; an earlier one does.
    ingest::ingest_into(store, f.dir / "housing-2017-18-Q3.csv", book, {});
    CHECK(error_of(store, q2, book.fingerprint) == "no error");
    ingest::ingest_into(store, f.dir / "housing-2017-18-Q1.csv", book, {});
    CHECK(error_of(store, q2, book.fingerprint) ==
          "store.db: the scorecard for 2017/18 Q2 is out of date: 1 return changed since it was made; hint: run `kpiflow transform "
          "--period \"2017/18 Q2\"` again, then export");
    store.record_scorecard(transform::score(book, store, q2), book.fingerprint);
    CHECK(error_of(store, q2, book.fingerprint) == "no error");
    CHECK(error_of(store, q2, "another") ==
          "store.db: the scorecard for 2017/18 Q2 is out of date: the rule file is not the one it was made with; hint: run `kpiflow "
          "transform --period \"2017/18 Q2\"` again, then export");
  }

  // Issue 12: a rerun where nothing changed read and parsed every file again.
  TEST_CASE("a file read before, with the same bytes, rule file and options, gives what it gave without being parsed again") {
    Folder f;
    fs::path file = f.dir / "housing-2017-18-Q2.csv";
    std::ofstream(file) << "Ref,Q2 2017/18\nH-1,12,\nH-2,twelve\n";
    store::Store store = testing::fresh_store();
    auto book = rules::load_rules_text(rules_with("M: [M]"), "rules.yaml");
    ingest::Ingested first = ingest::ingest_into(store, file, book, {});
    REQUIRE(first.outcome == store::Outcome::added);
    REQUIRE_FALSE(first.read.issues.empty());
    ingest::Ingested again = ingest::ingest_into(store, file, book, {});
    CHECK(again.outcome == store::Outcome::already_stored);
    CHECK(again.period == first.period);
    CHECK(again.read.service == first.read.service);
    CHECK(again.read.sheet.empty());  // not parsed: the store answered
    CHECK(again.figures == first.read.observations.size());  // counted, not read back
    CHECK(again.figures == first.figures);
    CHECK(again.read.observations.empty());
    REQUIRE(again.read.issues.size() == first.read.issues.size());
    for (std::size_t i = 0; i < first.read.issues.size(); ++i) CHECK(again.read.issues[i].str() == first.read.issues[i].str());

    // Other options are another reading; so is a file refused before.
    ingest::ReturnOptions asked;
    asked.service = "HO";
    CHECK_FALSE(ingest::ingest_into(store, file, book, asked).read.sheet.empty());
    fs::path stray = f.dir / "unknown-2017-18-Q2.csv";
    std::ofstream(stray) << "Ref,Q2 2017/18\nH-1,1\n";
    ingest::Ingested refused = ingest::ingest_into(store, stray, book, {});
    REQUIRE_FALSE(refused.outcome);
    ingest::Ingested refused_again = ingest::ingest_into(store, stray, book, {});
    CHECK_FALSE(refused_again.outcome);
    CHECK(refused_again.read.sheet.empty());
    REQUIRE(refused_again.read.issues.size() == refused.read.issues.size());
    CHECK(refused_again.read.issues.front().str() == refused.read.issues.front().str());

    // Changed bytes are read.
    std::ofstream(file) << "Ref,Q2 2017/18\nH-1,13\nH-2,14\n";
    ingest::Ingested changed = ingest::ingest_into(store, file, book, {});
    CHECK(changed.outcome == store::Outcome::superseded_older);
    CHECK(changed.read.issues.empty());
  }
}
