// A return into observations (ingest/returns.cpp, ingest/value.cpp): every
// value format services write, read exactly in its indicator's unit.
#include <doctest/doctest.h>

#include <filesystem>
#include <unistd.h>

#include <fstream>

#include <fmt/format.h>

#include <atomic>
#include <thread>

#include "support/test_store.hpp"
#include "ingest/ingest.hpp"
#include "support/named_services.hpp"
#include "support/package_builder.hpp"
#include "validate/validate.hpp"
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

// The service a one-figure return of that name is read as; "(code)" of its
// first issue when it is read as none.
std::string service_of(const rules::RuleBook& book, const std::string& file_name, const std::string& ref) {
  TempReturn file(file_name, "Ref,Q2 2017/18\n" + ref + ",5\n");
  auto r = ingest::read_return(file.path, book, {});
  if (!r.service.empty() || r.issues.empty()) return r.service;
  return "(" + std::string(to_string(r.issues[0].code)) + ")";
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
    auto book = rules::load_rules_text(testing::named_services, "rules.yaml");
    CHECK(service_of(book, "return-2017-18-Q2.csv", "H-1") == "(unknown-service)");
    CHECK(service_of(book, "خدمات المكتبة 2017-18-Q2.csv", "A-1") == "AR");
    CHECK(service_of(book, "usługi-żłobka-2017-18-Q2.csv", "P-1") == "PL");
  }

  // Regression (issue 15): the first service whose name was in the file name
  // took the return, so "Housing Options" was read as "Housing"'s, and of two
  // services whose names differ only in punctuation the first took both.
  TEST_CASE("the service whose name the file name holds most of takes the return; its id settles a tie") {
    auto book = rules::load_rules_text(testing::named_services, "rules.yaml");
    CHECK(service_of(book, "Housing 2017-18-Q2.csv", "H-1") == "HO");
    CHECK(service_of(book, "Housing Options 2017-18-Q2.csv", "X-1") == "HX");
    CHECK(service_of(book, "Leisure' (LB) 2017-18-Q2.csv", "B-1") == "LB");
    CHECK(service_of(book, "'Leisure' (LE) 2017-18-Q2.csv", "L-1") == "LE");
    // Neither name nor id tells them apart: no guess, and the return is not stored.
    CHECK(service_of(book, "Leisure 2017-18-Q2.csv", "L-1") == "(unknown-service)");
  }

  // A renamed template is found by its metadata block: two services whose
  // names differ only in apostrophes are told apart there too.
  TEST_CASE("the metadata block tells apart services whose names differ only in punctuation") {
    std::string yaml = testing::named_services;
    for (const char* id : {"LE", "LB"}) {
      std::string from = fmt::format("  - {{id: {}, name:", id);
      yaml.replace(yaml.find(from), from.size(), fmt::format("  - {{id: {}, metadata: {{service: B1}}, name:", id));
    }
    auto book = rules::load_rules_text(yaml, "rules.yaml");
    TempReturn lb("return-2017-18-Q2.csv", "Service,Leisure'\nRef,Q2 2017/18\nB-1,5\n");
    CHECK(ingest::read_return(lb.path, book, {}).service == "LB");
    TempReturn le("return-2017-18-Q2.csv", "Service,'Leisure'\nRef,Q2 2017/18\nL-1,5\n");
    CHECK(ingest::read_return(le.path, book, {}).service == "LE");
    TempReturn near("return-2017-18-Q2.csv", "Service,leisure\nRef,Q2 2017/18\nL-1,5\n");
    CHECK(ingest::read_return(near.path, book, {}).service == "");  // either: neither
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

  // Issue 12: returns are parsed on other threads while the main thread
  // stores them. A cache of the services' words shared by those threads
  // freed a vector another was reading (found by the kill oracle under
  // ASan); CI runs this under ASan too, with files that find their service
  // by name, so the threads meet there.
  TEST_CASE("returns parsed on several threads are stored and reported as one by one, in the order given") {
    fs::path dir = fs::temp_directory_path() / ("kpiflow-ingest-all-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::string yaml = "scorecard: {name: Test, frequency: monthly}\nstates: {M: [M]}\nservices:\n";
    std::string indicators = "indicators:\n";
    const char* names[] = {"Housing", "Libraries", "Planning", "Waste", "Parks", "Benefits"};
    for (int s = 0; s < 6; ++s) {
      yaml += fmt::format("  - {{id: S{}, name: {}, columns: {{ref: Ref, value: \"{{period}}\"}}}}\n", s, names[s]);
      for (int i = 0; i < 4; ++i) indicators += fmt::format("  - {{id: S{}-{}, title: Measure {}, service: S{}}}\n", s, i, i, s);
    }
    auto book = rules::load_rules_text(yaml + indicators, "rules.yaml");
    std::vector<fs::path> files;
    const char* months[] = {"Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"};
    for (int m = 0; m < 12; ++m)
      for (int s = 0; s < 6; ++s) {
        fs::path file = dir / fmt::format("{}-2017-18-M{:02}.csv", names[s], m + 1);
        std::ofstream out(file);
        out << "Ref," << months[m] << (m < 9 ? " 2017" : " 2018") << "\n";
        for (int i = 0; i < 4; ++i) out << fmt::format("S{}-{},{}\n", s, i, (s + i + m) % 5 == 0 ? std::string("lots") : std::to_string(10 * s + i + m));
        files.push_back(file);
      }
    files.push_back(dir / "nobody-2017-18-M01.csv");
    std::ofstream(files.back()) << "Ref,Apr 2017\nS0-0,1\n";

    store::Store one_by_one = testing::fresh_store();
    std::vector<ingest::Ingested> expected;
    for (const auto& file : files) expected.push_back(ingest::ingest_into(one_by_one, file, book, {}));
    store::Store together = testing::fresh_store();
    std::vector<ingest::Ingested> got;
    ingest::ingest_all(together, files, book, {}, [&](ingest::Ingested&& done) { got.push_back(std::move(done)); });

    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      INFO(files[i].string());
      CHECK(got[i].read.file == expected[i].read.file);
      CHECK(got[i].read.service == expected[i].read.service);
      CHECK(got[i].period == expected[i].period);
      CHECK(got[i].outcome == expected[i].outcome);
      std::string got_issues, expected_issues;
      for (const auto& issue : got[i].read.issues) got_issues += issue.str() + "\n";
      for (const auto& issue : expected[i].read.issues) expected_issues += issue.str() + "\n";
      CHECK(got_issues == expected_issues);
      REQUIRE(got[i].read.observations.size() == expected[i].read.observations.size());
      for (std::size_t o = 0; o < got[i].read.observations.size(); ++o) {
        CHECK(got[i].read.observations[o].value == expected[i].read.observations[o].value);
        CHECK(got[i].read.observations[o].cell == expected[i].read.observations[o].cell);
      }
    }
    CHECK(got.front().outcome == store::Outcome::added);
    CHECK_FALSE(got.back().outcome);  // no service of that name: not stored, its issue kept
    // Again: every file known, none parsed.
    std::vector<ingest::Ingested> again;
    ingest::ingest_all(together, files, book, {}, [&](ingest::Ingested&& done) { again.push_back(std::move(done)); });
    REQUIRE(again.size() == files.size());
    for (std::size_t i = 0; i + 1 < again.size(); ++i) CHECK(again[i].outcome == store::Outcome::already_stored);
    for (const auto& done : again) CHECK(done.read.sheet.empty());
    fs::remove_all(dir);
  }

  // ingest_all relies on this: read_return touches nothing another thread
  // uses. Two rule books that name their services differently, read in
  // turn on four threads, so any cache the readers share is rebuilt while
  // another reads it (ASan then fails this test).
  TEST_CASE("read_return may run on several threads at once, with different rule books") {
    fs::path dir = fs::temp_directory_path() / ("kpiflow-read-threads-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    auto book_named = [](const std::string& name) {
      return rules::load_rules_text("scorecard: {name: Test}\nservices:\n  - {id: HO, name: " + name +
                                        ", columns: {ref: Ref, value: Q2 2017/18}}\n  - {id: LI, name: Libraries}\n"
                                        "indicators:\n  - {id: H-1, title: Homes, service: HO}\n",
                                    "rules.yaml");
    };
    const rules::RuleBook books[] = {book_named("Housing"), book_named("HOUSING")};
    fs::path file = dir / "housing-2017-18-Q2.csv";
    std::ofstream(file) << "Ref,Q2 2017/18\nH-1,12\n";
    std::atomic<int> read{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 200; ++i)
          if (ingest::read_return(file, books[(t + i) % 2], {}).service == "HO") ++read;
      });
    for (auto& thread : threads) thread.join();
    CHECK(read == 800);
    fs::remove_all(dir);
  }

  // Issue 13 (11): a return without a date sent took its file's time ("2188
  // working days late"). The date is found by its label when the rule file
  // names no cell; a bare "Date" is not when it was sent.
  TEST_CASE("the date sent is read beside its label above the header, and only a label that says sent") {
    auto book = rules::load_rules_text(rules_yaml, "rules.yaml");
    {
      TempReturn r("housing-2017-18-Q2.csv", "Housing return,\nDate submitted:,13/10/2017\nRef,Q2 2017/18\nN-1,5\n");
      auto got = ingest::read_return(r.path, book, {});
      CHECK(got.submitted == "2017-10-13");
    }
    {
      TempReturn r("housing-2017-18-Q2.csv", "Housing return,\nSent on,,2017-10-20\nRef,Q2 2017/18\nN-1,5\n");
      CHECK(ingest::read_return(r.path, book, {}).submitted == "2017-10-20");
    }
    {
      TempReturn r("housing-2017-18-Q2.csv", "Housing return,\nDate,13/10/2017\nRef,Q2 2017/18\nN-1,5\n");
      CHECK(ingest::read_return(r.path, book, {}).submitted.empty());
    }
    {
      TempReturn r("housing-2017-18-Q2.csv", "Submitted,soon\nRef,Q2 2017/18\nN-1,5\n");
      auto got = ingest::read_return(r.path, book, {});
      CHECK(got.submitted.empty());
      REQUIRE(got.issues.size() == 1);
      CHECK(got.issues[0].str() == r.path.string() + "!B1: error [unparseable-value] the submission date 'soon' is not a date; "
                                                     "hint: write the date as 13/10/2017");
    }
  }

  // Issue 13 (10): headings that name the period without its year, or as a
  // date, were refused ("missing-header") though the return says its period.
  TEST_CASE("a value column headed Q1, June or 30/06/2018 is this period's, when the return says which year") {
    auto rules_for = [](const char* frequency) {
      return rules::load_rules_text(std::string("scorecard: {name: Test, frequency: ") + frequency +
                                        "}\nservices:\n  - {id: HO, name: Housing, columns: {ref: Ref, value: \"{period}\", previous: \"{previous}\"}}\n"
                                        "indicators:\n  - {id: H-1, title: Homes, service: HO}\n",
                                    "rules.yaml");
    };
    auto quarterly = rules_for("quarterly");
    auto monthly = rules_for("monthly");
    struct Case {
      const rules::RuleBook* book;
      const char* file;
      const char* header;
    };
    for (const Case& c : {Case{&quarterly, "housing-2018-19-Q1.csv", "Ref,Q4,Q1"}, Case{&quarterly, "housing-2018-19-Q1.csv", "Ref,Qtr 4,Quarter 1"},
                          Case{&quarterly, "housing-2018-19-Q1.csv", "Ref,31/03/2018,30/06/2018"},
                          Case{&quarterly, "housing-2018-19-Q1.csv", "Ref,2018-03-31,2018-06-30"},
                          Case{&monthly, "housing-2018-19-M3.csv", "Ref,May,June"}, Case{&monthly, "housing-2018-19-M1.csv", "Ref,Mar,Apr"}}) {
      INFO(std::string(c.header));
      TempReturn r(c.file, std::string(c.header) + "\nH-1,40,45\n");
      auto got = ingest::read_return(r.path, *c.book, {});
      REQUIRE(got.storable);
      REQUIRE(got.observations.size() == 1);
      CHECK(got.observations[0].value == 45);
      CHECK(got.observations[0].previous == 40);
    }
    // Without the year from anywhere else, "Q1" says too little.
    TempReturn r("housing.csv", "Ref,Q1\nH-1,45\n");
    CHECK_FALSE(ingest::read_return(r.path, quarterly, {}).storable);
  }

  // Issue 13 (3): a lagged figure is kept under the period it is for.
  TEST_CASE("a figure written with its period, or beside a period-of-figure cell, is kept under that period") {
    auto book = rules::load_rules_text(rules_yaml, "rules.yaml");
    TempReturn r("housing-2017-18-Q2.csv", "Ref,Q2 2017/18,Period of figure\nS-1,2016/17: 12.5%,\nN-1,45,Q4 2016/17\nS-2,7,\nN-2,3,soon\n");
    auto got = ingest::read_return(r.path, book, {});
    REQUIRE(got.storable);
    const Observation* share = find(got, "S-1");
    REQUIRE(share);
    CHECK(share->period == "2016/17");
    CHECK(share->value == 0.125);
    CHECK(find(got, "N-1")->period == "2016/17 Q4");
    CHECK(find(got, "S-2")->period == "2017/18 Q2");
    CHECK(find(got, "N-2")->period == "2017/18 Q2");
    bool said = false;
    for (const auto& issue : got.issues) said = said || issue.str().find("'soon' is not a period, so the figure of N-2 is taken as for 2017/18 Q2") != std::string::npos;
    CHECK(said);
  }

  // Issue 14's list: a return refused for a defect in its sheet was kept
  // with no period, so validating the period said only "missing return".
  TEST_CASE("a return refused for a damaged sheet is kept under the period its file name gives, and validation names it") {
    auto book = rules::load_rules_text(rules_yaml, "rules.yaml");
    test::WorkbookParts parts;
    parts.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>";
    parts.shared_strings = {"<t>only</t>"};
    TempReturn r("housing-2017-18-Q2.xlsx", test::workbook_bytes(parts));
    store::Store store = testing::fresh_store();
    ingest::Ingested done = ingest::ingest_into(store, r.path, book, {});
    CHECK_FALSE(done.outcome);
    CHECK(done.period == "2017/18 Q2");
    bool named = false;
    for (const auto& issue : validate::validate(book, store, *parse_period("2017/18 Q2")).issues)
      named = named || (issue.code == Code::unreadable_file && issue.where.file == r.path.string());
    CHECK(named);
  }
}
