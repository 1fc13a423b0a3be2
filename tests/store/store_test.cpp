#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "store/store.hpp"

using namespace kpiflow;
using namespace kpiflow::store;

namespace {

Submission housing(const std::string& sha, const std::string& saved) {
  Submission s;
  s.service = "HO";
  s.period = "2017/18 Q2";
  s.file = "returns/housing-" + sha + ".xlsx";
  s.sha256 = sha;
  s.saved = saved;
  s.ingested = "2017-10-20T09:00:00Z";
  return s;
}

Observation figure(const std::string& indicator, double value, const std::string& cell) {
  Observation o;
  o.indicator = indicator;
  o.period = "2017/18 Q2";
  o.value = value;
  o.raw = std::to_string(value);
  o.sheet = "Q2 Return";
  o.cell = cell;
  return o;
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("ingesting the same file again changes nothing") {
    Store store = Store::in_memory();
    CHECK(store.add(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 45, "D6")}) == Outcome::added);
    CHECK(store.add(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 99, "D6")}) == Outcome::already_stored);
    CHECK(store.submissions("HO", "2017/18 Q2").size() == 1);
    auto rows = store.current_observations("2017/18 Q2");
    REQUIRE(rows.size() == 1);
    CHECK(*rows[0].value == 45);
  }

  TEST_CASE("a newer submission supersedes the older, which is kept") {
    Store store = Store::in_memory();
    store.add(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 45, "D6")});
    CHECK(store.add(housing("bbb", "2017-10-16T11:00:00Z"), {figure("HO-01", 44, "D6")}) == Outcome::superseded_older);
    auto all = store.submissions("HO", "2017/18 Q2");
    REQUIRE(all.size() == 2);
    CHECK(all[0].superseded_by == all[1].id);
    CHECK_FALSE(all[1].superseded_by);
    CHECK(store.current("HO", "2017/18 Q2")->sha256 == "bbb");
    auto rows = store.current_observations("2017/18 Q2");
    REQUIRE(rows.size() == 1);
    CHECK(*rows[0].value == 44);
  }

  TEST_CASE("an older file arriving late is kept but not put in force") {
    Store store = Store::in_memory();
    store.add(housing("bbb", "2017-10-16T11:00:00Z"), {figure("HO-01", 44, "D6")});
    CHECK(store.add(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 45, "D6")}) == Outcome::added);
    CHECK(store.current("HO", "2017/18 Q2")->sha256 == "bbb");
    CHECK(*store.current_observations("2017/18 Q2").at(0).value == 44);
  }

  TEST_CASE("states, estimates, commentary and provenance are kept") {
    Store store = Store::in_memory();
    Observation not_due;
    not_due.indicator = "HO-06";
    not_due.period = "2017/18 Q2";
    not_due.state = "not_due";
    not_due.raw = "Not due";
    not_due.sheet = "Q2 Return";
    not_due.cell = "D11";
    Observation estimate = figure("HO-04", 5500000, "D9");
    estimate.estimated = true;
    estimate.commentary = "Estimate: September figures not final";
    estimate.cumulative = 11000000;
    store.add(housing("aaa", "2017-10-13T09:15:00Z"), {not_due, estimate});
    auto rows = store.current_observations("2017/18 Q2");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].indicator == "HO-04");
    CHECK(rows[0].estimated);
    CHECK(*rows[0].cumulative == 11000000);
    CHECK(rows[0].commentary == "Estimate: September figures not final");
    CHECK(rows[1].state == "not_due");
    CHECK_FALSE(rows[1].value);
    CHECK(rows[1].cell == "D11");
  }

  TEST_CASE("a store file is reopened with what it holds") {
    auto path = std::filesystem::temp_directory_path() / "kpiflow-store-test.db";
    std::filesystem::remove(path);
    {
      Store store = Store::open(path);
      store.add(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 45, "D6")});
    }
    Store again = Store::open(path);
    CHECK(again.current("HO", "2017/18 Q2")->file == "returns/housing-aaa.xlsx");
    std::filesystem::remove(path);
  }

  TEST_CASE("a file that is not a store is refused, not overwritten") {
    auto path = std::filesystem::temp_directory_path() / "kpiflow-not-a-store.db";
    std::ofstream(path) << "Ref,Value\nHO-01,45\n";
    try {
      Store::open(path);
      FAIL("not refused");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == path.string() + ": this file is not a kpiflow history store; hint: name a new file "
                                                     "with --db, or the store kpiflow made");
    }
    std::ifstream in(path);
    std::string first;
    std::getline(in, first);
    CHECK(first == "Ref,Value");
    std::filesystem::remove(path);
  }

  TEST_CASE("SHA-256 matches the standard's test vector") {
    CHECK(sha256_of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
