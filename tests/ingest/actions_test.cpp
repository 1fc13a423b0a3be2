// A return's actions table (ingest/actions.cpp): found by its headings
// wherever the service put it, read row by row, every problem at its cell.
#include <doctest/doctest.h>

#include <fstream>

#include "ingest/ingest.hpp"
#include "support/scratch.hpp"

namespace fs = std::filesystem;
using namespace kpiflow;

namespace {

const char* rules_yaml = R"(scorecard: {name: Test}
services:
  - {id: HO, name: Housing}
  - {id: PL, name: Planning}
  - {id: CE, name: Chief Executive}
indicators:
  - {id: H-1, title: Homes built, service: HO}
  - {id: H-2, title: Rent collected, service: HO, unit: percent}
action_status:
  delivered: [Complete]
actions:
  - {id: "1.1", title: Housing strategy adopted, service: HO, milestone: By March 2018}
  - {id: "1.2", title: Empty homes brought back into use, service: HO, milestone: Ongoing}
  - {id: "1.3", title: Tenants' panel set up, service: HO, milestone: From January 2018}
  - {id: "2.1", title: Local plan examined, service: PL, milestone: By December 2017}
  - {id: "9.1", title: Council plan refreshed, service: CE, milestone: By March 2018}
)";

struct Fixture {
  testing::Scratch scratch{"ingest-actions"};
  rules::RuleBook book = rules::load_rules_text(rules_yaml, "rules.yaml");
  ingest::Return read(const std::string& name, const std::string& text) {
    std::ofstream(scratch.dir / name, std::ios::binary) << text;
    return ingest::read_return(scratch.dir / name, book, {});
  }
};

std::vector<std::string> codes_at(const ingest::Return& r) {
  std::vector<std::string> out;
  for (const auto& i : r.issues) out.push_back(std::string(to_string(i.code)) + " " + (i.where.cell ? to_a1(*i.where.cell) : std::string()));
  return out;
}

const ActionUpdate* update(const ingest::Return& r, const std::string& id) {
  for (const auto& u : r.actions)
    if (u.action == id) return &u;
  return nullptr;
}

}  // namespace

TEST_SUITE("ingest") {
  TEST_CASE("an actions table below the measures is read, and its rows are not taken for indicators") {
    Fixture f;
    auto r = f.read("housing-2017-18-Q3.csv",
                    "Ref,Indicator,Q3 2017/18,Commentary\n"
                    "H-1,Homes built,40,\n"
                    "H-2,Rent collected,97.5%,\n"
                    "\n"
                    "Key actions\n"
                    "Action ref.,Action for 2017/18,Milestone,Progress,RAG,Revised milestone,Update\n"
                    "1.1,Housing strategy adopted,By March 2018,Re-phased (under 3 months),A,By May 2018,Consultation extended\n"
                    "1.2,Empty homes brought back into use,Ongoing,On target,G,,12 homes this quarter\n"
                    "1.3,Tenants' panel set up,From January 2018,,,,\n");
    CHECK(r.storable);
    CHECK(codes_at(r).empty());
    CHECK(r.observations.size() == 2);
    REQUIRE(r.actions.size() == 2);  // 1.3 has not begun by December: nothing to report, and nothing asked
    const ActionUpdate* a = update(r, "1.1");
    REQUIRE(a != nullptr);
    CHECK(a->progress == Progress::rephased_minor);
    CHECK(a->progress_raw == "Re-phased (under 3 months)");
    CHECK(a->assessed == "A");
    CHECK(a->revised == "By May 2018");
    CHECK(a->commentary == "Consultation extended");
    CHECK(a->cell == "D7");
    CHECK(a->assessed_cell == "E7");
    CHECK(a->revised_cell == "F7");
    CHECK(a->commentary_cell == "G7");
    CHECK(a->period == "2017/18 Q3");
  }

  TEST_CASE("an actions table above the measures is passed over when the measures' header is looked for") {
    Fixture f;
    auto r = f.read("housing-2017-18-Q3.csv",
                    "Ref,Action,Status,Commentary\n"
                    "1.1,Housing strategy adopted,Complete,Adopted by cabinet in November\n"
                    "1.2,Empty homes brought back into use,On target,\n"
                    "\n"
                    "Ref,Indicator,Q3 2017/18,Commentary\n"
                    "H-1,Homes built,40,\n"
                    "H-2,Rent collected,97.5%,\n");
    CHECK(codes_at(r).empty());
    CHECK(r.observations.size() == 2);
    REQUIRE(r.actions.size() == 2);
    CHECK(update(r, "1.1")->progress == Progress::delivered);  // the council's word
  }

  TEST_CASE("a service with actions and no measures sends its actions alone") {
    Fixture f;
    auto r = f.read("chief-executive-2017-18-Q3.csv", "Ref,Action,Progress\n9.1,Council plan refreshed,On target\n");
    CHECK(r.storable);
    CHECK(codes_at(r).empty());
    REQUIRE(r.actions.size() == 1);
    CHECK(r.period->str() == "2017/18 Q3");
  }

  TEST_CASE("an actions table as the county report prints it, with a RAG and no progress, is read; a measures table with a RAG is not") {
    Fixture f;
    auto r = f.read("housing-2017-18-Q3.csv",
                    "Ref,Indicator,Q3 2017/18,RAG\n"
                    "H-1,Homes built,40,G\n"
                    "H-2,Rent collected,97.5%,A\n"
                    "\n"
                    "Ref,Action for 2017/18,Milestone,RAG (against target),Direction of travel since last report\n"
                    "1.1,Housing strategy adopted,By March 2018,A,→\n"
                    "1.2,Empty homes brought back into use,Ongoing,,\n");
    CHECK(codes_at(r) == std::vector<std::string>{"blank-value D7"});  // 1.2 gives no RAG
    CHECK(r.observations.size() == 2);
    REQUIRE(r.actions.size() == 2);
    const ActionUpdate* a = update(r, "1.1");
    CHECK_FALSE(a->progress);
    CHECK(a->progress_raw.empty());
    CHECK(a->assessed == "A");
    CHECK(a->cell == "D6");
    CHECK(r.issues[0].message == "action 1.2 (Empty homes brought back into use) has no RAG");
  }

  TEST_CASE("each wrong row of an actions table is said at its cell") {
    Fixture f;
    auto r = f.read("housing-2017-18-Q3.csv",
                    "Ref,Indicator,Q3 2017/18\n"
                    "H-1,Homes built,40\n"
                    "H-2,Rent collected,97.5%\n"
                    "Ref,Action,Progress,Revised milestone\n"
                    "1.9,Bins emptied,On target,\n"        // no such action: did you mean?
                    "2.1,Local plan examined,On target,\n"  // Planning's, not Housing's
                    ",Housing strategy adopted,Going well,\n"  // by its title; a word the rule file does not know
                    "1.2,Empty homes,,\n"                      // begun, and no progress
                    "1.2,Empty homes,On target,\n"             // again
                    "Theme: better homes,,,\n"                 // a heading: passed over
                    "1.3,Tenants' panel set up,Re-phased (over 3 months),after the election\n");
    CHECK(codes_at(r) == std::vector<std::string>{"unknown-action A5", "unknown-action A6", "unknown-progress C7", "blank-value C8",
                                                  "duplicate-indicator A9", "unparseable-value D11"});
    CHECK(r.issues[0].message == "Ref '1.9' is not an action of Housing in the rule file; did you mean '1.1'?");
    CHECK(r.issues[1].message == "action 2.1 is Planning's, not Housing's, so it is not read from this return");
    CHECK(r.issues[2].hint.find("'Complete', 'Delivered', 'On target'") != std::string::npos);
    // The rows read are kept, whatever their problem: the progress not known, the revised date not read.
    REQUIRE(r.actions.size() == 3);
    CHECK(update(r, "1.1")->progress_raw == "Going well");
    CHECK_FALSE(update(r, "1.1")->progress);
    CHECK(update(r, "1.3")->revised == "after the election");
  }
}
