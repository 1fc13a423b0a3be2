// A return into observations (ingest/returns.cpp, ingest/value.cpp): every
// value format services write, read exactly in its indicator's unit.
#include <doctest/doctest.h>

#include <filesystem>
#include <unistd.h>

#include <fstream>

#include "ingest/ingest.hpp"
#include "support/read_cells.hpp"

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
    CHECK(*find(r, "S-1")->state == State::not_due);
    CHECK(*find(r, "S-2")->state == State::no_target);
    CHECK(*find(r, "T-1")->value == 5);
    CHECK(find(r, "T-1")->commentary == "found by its title");
    CHECK(find(r, "P-1")->cell == "C3");
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].code == Code::title_matched);
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

  // Regression for issue 10: rows pasted below the figures gave an error each.
  TEST_CASE("rows pasted below the table are one warning, and mistyped Refs near it are still each reported, grouped") {
    auto book = rules::load_rules_text(rules_yaml, "rules.yaml");
    std::string text = "Ref,Title,Q2 2017/18\nP-1,Share,5%\nN-1,Balance,7\n";
    for (int i = 0; i < 5000; ++i) text += "Pasted " + std::to_string(i) + ",pasted,5\n";
    TempReturn file("housing-2017-18-Q2.csv", text);
    auto r = ingest::read_return(file.path, book, {});
    CHECK(r.observations.size() == 2);
    std::vector<std::string> lines;
    for (const auto& i : r.issues) lines.push_back(i.str());
    std::string path = file.path.string();
    CHECK(lines == std::vector<std::string>{
                       path + "!A4: error [unknown-indicator] Ref 'Pasted 0' is not an indicator in the rule file; hint: correct the Ref, or add the indicator to the rule file",
                       path + "!A5: error [unknown-indicator] Ref 'Pasted 1' is not an indicator in the rule file; hint: correct the Ref, or add the indicator to the rule file",
                       path + "!A6: error [unknown-indicator] Ref 'Pasted 2' is not an indicator in the rule file; hint: correct the Ref, or add the indicator to the rule file",
                       path + "!A7: error [unknown-indicator] and 17 more rows like this in A7:A23 (the first of them: Ref 'Pasted 3' is not an indicator in "
                              "the rule file); hint: correct the Ref, or add the indicator to the rule file",
                       path + "!A24: warning [rows-below-table] 4,980 rows from row 24 to row 5,003, more than 20 rows below the last indicator (row 3), "
                              "name no indicator and were not read; hint: if they hold figures, give each the Ref of its indicator in the rule file; "
                              "otherwise delete them from the return"});
  }
}
