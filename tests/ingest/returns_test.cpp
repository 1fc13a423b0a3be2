// A return into observations (ingest/returns.cpp, ingest/value.cpp): every
// value format services write, read exactly in its indicator's unit.
#include <doctest/doctest.h>

#include <filesystem>
#include <unistd.h>

#include <fstream>

#include "ingest/ingest.hpp"

namespace fs = std::filesystem;
using namespace kpiflow;

namespace {

const char* rules_yaml = R"(scorecard: {name: Test}
states:
  M: [M, "-"]
  not_due: [Not due]
  no_target: [TBC]
services:
  - id: HO
    name: Housing
indicators:
  - {id: P-1, title: Share, service: HO, unit: percent}
  - {id: P-2, title: Share typed as points, service: HO, unit: percent}
  - {id: C-1, title: Rent, service: HO, unit: currency}
  - {id: N-1, title: Balance, service: HO}
  - {id: N-2, title: Homes, service: HO, aggregation: cumulative}
  - {id: N-3, title: Change, service: HO, polarity: none}
  - {id: S-1, title: Survey, service: HO, unit: percent}
  - {id: S-2, title: Waiting, service: HO}
  - {id: T-1, title: Titled only, service: HO}
)";

struct TempReturn {
  fs::path dir = fs::temp_directory_path() / ("kpiflow-returns-test-" + std::to_string(::getpid()));
  fs::path path;
  TempReturn(const std::string& name, const std::string& text) {
    fs::create_directories(dir);
    path = dir / name;
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempReturn() { fs::remove_all(dir); }
};

const Observation* find(const ingest::Return& r, const std::string& id) {
  for (const auto& o : r.observations)
    if (o.indicator == id) return &o;
  return nullptr;
}

}  // namespace

TEST_SUITE("ingest") {
  TEST_CASE("every value format is read exactly, in the indicator's unit") {
    auto book = rules::load_rules_text(rules_yaml, "rules.yaml");
    TempReturn file("housing.csv",
                    "Ref,Indicator,Q2 2017/18,Commentary\n"
                    "Section A,,,\n"
                    "P-1,Share,12.9%,\n"
                    "P-2,Share typed as points,87,\n"
                    "C-1,Rent,\"£5.5m\",\n"
                    "N-1,Balance,\"(1,200)\",\n"
                    "N-2,Homes,60 (122 cum),\n"
                    "N-3,Change,+0.57,\n"
                    "S-1,Survey,  not DUE ,\n"
                    "S-2,Waiting,TBC,\n"
                    ",Titled only,5,found by its title\n");
    auto r = ingest::read_return(file.path, book, {});
    REQUIRE(r.storable);
    CHECK(r.service == "HO");
    CHECK(r.period->str() == "2017/18 Q2");  // from the heading of the value column
    CHECK(*find(r, "P-1")->value == 0.129);
    CHECK(*find(r, "P-2")->value == 0.87);
    CHECK(*find(r, "C-1")->value == 5500000);
    CHECK(*find(r, "N-1")->value == -1200);
    CHECK(*find(r, "N-2")->value == 60);
    CHECK(*find(r, "N-2")->cumulative == 122);
    CHECK(*find(r, "N-3")->value == 0.57);
    CHECK(*find(r, "S-1")->state == "not_due");
    CHECK(*find(r, "S-2")->state == "no_target");
    CHECK(*find(r, "T-1")->value == 5);
    CHECK(find(r, "T-1")->commentary == "found by its title");
    CHECK(find(r, "P-1")->cell == "C3");
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].code == "title-matched");
    CHECK(r.issues[0].str() ==
          file.path.string() + "!A11: warning [title-matched] no Ref for 'Titled only'; matched by its title to T-1; hint: write T-1 in the Ref column");
  }

  TEST_CASE("--service names a service of the rule file, or ingest cannot run") {
    auto book = rules::load_rules_text(rules_yaml, "rules.yaml");
    TempReturn file("return.csv", "Ref,Q2 2017/18\nP-1,5%\n");
    ingest::ReturnOptions options;
    options.service = "XX";
    CHECK_THROWS_AS(ingest::read_return(file.path, book, options), Error);
    options.service = "HO";
    auto r = ingest::read_return(file.path, book, options);
    CHECK(r.storable);
    CHECK(r.service == "HO");
  }

  TEST_CASE("--period is checked against the period the return states") {
    auto book = rules::load_rules_text(rules_yaml, "rules.yaml");
    TempReturn file("housing-2017-18-Q2.csv", "Ref,Q2 2017/18\nP-1,5%\n");
    ingest::ReturnOptions options;
    options.period = parse_period("2017/18 Q3");
    auto r = ingest::read_return(file.path, book, options);
    CHECK_FALSE(r.storable);
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].message == "the file name 'housing-2017-18-Q2.csv' (2017/18 Q2), but --period (2017/18 Q3)");
  }

  // Regression: a service named in another script reduced to no words, which
  // every file name "contained", so it claimed every return.
  TEST_CASE("a service named in another script is found by its name, and claims no other file") {
    auto book = rules::load_rules_text(R"(scorecard: {name: Test}
services:
  - {id: HO, name: Housing}
  - {id: AR, name: "خدمات المكتبة"}
  - {id: PL, name: "Usługi żłobka"}
indicators:
  - {id: H-1, title: Homes, service: HO}
  - {id: A-1, title: Visits, service: AR}
  - {id: P-1, title: Places, service: PL}
)", "rules.yaml");
    TempReturn plain("return-2017-18-Q2.csv", "Ref,Q2 2017/18\nH-1,5\n");
    CHECK(ingest::read_return(plain.path, book, {}).service == "");
    TempReturn arabic("خدمات المكتبة 2017-18-Q2.csv", "Ref,Q2 2017/18\nA-1,5\n");
    CHECK(ingest::read_return(arabic.path, book, {}).service == "AR");
    TempReturn polish("usługi-żłobka-2017-18-Q2.csv", "Ref,Q2 2017/18\nP-1,5\n");
    CHECK(ingest::read_return(polish.path, book, {}).service == "PL");
  }
}
