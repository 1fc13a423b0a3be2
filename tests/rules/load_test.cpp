#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "rules/rules.hpp"

using namespace kpiflow;
using namespace kpiflow::rules;

namespace {

const std::string good = R"(scorecard:
  name: Example Council Plan
  year_starts: April
  frequency: quarterly
  levels: 3
  tolerance: 5%
  maintained: {worse: 2%, better: 0%}
  commentary_required: [red]
states:
  M: [M, Awaiting data]
  not_due: [Not due, Reported Annually]
  missing: [Missing]
  no_target: [TBC, No target]
services:
  - id: HO
    name: Housing
    owner: Jane Smith
    email: jane.smith@example.gov.uk
    directorate: Place
    deadline_working_days: 10
    sheet: "Q? Return"
    columns:
      ref: [Ref, PI ref]
      value: "{period}"
      commentary: Commentary
    metadata: {service: B1, period: B2}
indicators:
  - id: HO-01
    title: Households in temporary accommodation
    service: HO
    theme: Homes
    key: true
    polarity: down
    targets: {2017/18: "<= 45"}
  - id: HO-02
    title: Homelessness cases prevented
    service: HO
    unit: percent
    targets: {2017/18: ">= 15%", 2018/19: previous_year + 2pp}
    tolerance: {green: 0%, amber: 5pp}
    range: [0%, 100%]
  - id: HO-03
    title: Affordable homes delivered
    service: HO
    aggregation: cumulative
    targets: {2017/18: 250}
    profile: [10%, 35%, 70%, 100%]
    max_change: 50%
  - id: HO-06
    title: Tenant satisfaction
    service: HO
    unit: percent
    frequency: annual
    due: [Q4]
    polarity: range
    targets: {2017/18: 80%..90%, 2018/19: TBC}
    tolerance: {amber_at: 75%, red_at: 70%, inclusive: false}
  - id: HO-07
    title: Rent collected
    service: HO
    unit: currency
    targets: {2017/18: £11m, 2018/19: {benchmark: England}}
    benchmarks: {England: £10.5m}  # the figure a benchmark target stands for
    tolerance: {amber: 3%, amber_if_improved_on_last_year: true}
)";

std::string error_of(const std::string& yaml) {
  try {
    load_rules_text(yaml, "rules.yaml");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_SUITE("rules") {
  TEST_CASE("a rule file with every kind of indicator is read") {
    RuleBook book = load_rules_text(good, "rules.yaml");
    CHECK(book.scorecard.name == "Example Council Plan");
    CHECK(book.scorecard.year_start_month == 4);
    CHECK(book.scorecard.tolerance.amber == 0.05);
    CHECK(book.scorecard.maintained.worse.kind == Margin::Kind::share);
    CHECK(book.scorecard.maintained.worse.value == 0.02);
    CHECK(book.scorecard.commentary_for_red);
    CHECK_FALSE(book.scorecard.commentary_for_amber);
    REQUIRE(book.services.size() == 1);
    CHECK(book.services[0].columns.ref == std::vector<std::string>{"Ref", "PI ref"});
    CHECK(book.services[0].period_cell == "B2");
    REQUIRE(book.indicators.size() == 5);

    const Indicator& ho1 = *book.indicator("HO-01");
    CHECK(ho1.key);
    CHECK(ho1.polarity == Polarity::down);
    CHECK(ho1.targets.at("2017/18").kind == Target::Kind::at_most);
    CHECK(ho1.targets.at("2017/18").value == 45);

    const Indicator& ho2 = *book.indicator("HO-02");
    CHECK(ho2.targets.at("2017/18").kind == Target::Kind::at_least);
    CHECK(ho2.targets.at("2017/18").value == 0.15);
    CHECK(ho2.targets.at("2018/19").kind == Target::Kind::previous_year);
    CHECK(ho2.targets.at("2018/19").value == doctest::Approx(0.02));
    REQUIRE(ho2.tolerance);
    CHECK(ho2.tolerance->kind == Tolerance::Kind::absolute);
    CHECK(ho2.tolerance->amber == 5);
    CHECK(*ho2.maximum == 1);
    CHECK(ho2.decimals == 1);

    const Indicator& ho3 = *book.indicator("HO-03");
    CHECK(ho3.profile == std::vector<double>{0.10, 0.35, 0.70, 1.0});
    CHECK(*ho3.max_change == 0.5);

    const Indicator& ho6 = *book.indicator("HO-06");
    CHECK(ho6.due == std::vector<int>{4});
    CHECK(ho6.targets.at("2017/18").kind == Target::Kind::between);
    CHECK(ho6.targets.at("2017/18").value == 0.8);
    CHECK(ho6.targets.at("2017/18").high == 0.9);
    CHECK(ho6.targets.at("2018/19").kind == Target::Kind::none);
    CHECK(ho6.tolerance->kind == Tolerance::Kind::thresholds);
    CHECK(*ho6.tolerance->red_at == 0.7);
    CHECK_FALSE(ho6.tolerance->limit_inclusive);

    const Indicator& ho7 = *book.indicator("HO-07");
    CHECK(ho7.targets.at("2017/18").value == 11000000);
    CHECK(ho7.targets.at("2018/19").benchmark == "England");
    CHECK(ho7.tolerance->amber_if_improved_on_last_year);
  }

  TEST_CASE("the example in docs/rules.md is read as documented") {
    std::ifstream in(KPIFLOW_DOCS_DIR "/rules.md");
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    std::string doc = text.str();
    std::size_t begin = doc.find("```yaml\n");
    REQUIRE(begin != std::string::npos);
    begin += 8;
    std::string yaml = doc.substr(begin, doc.find("```", begin) - begin);
    RuleBook book = load_rules_text(yaml, "docs/rules.md");
    CHECK(book.indicators.size() == 6);
    CHECK(book.indicator("HO-06")->due == std::vector<int>{4});
    CHECK(book.indicator("HO-06")->carry_forward);
    CHECK(book.indicator("HO-09")->latest_available);
    CHECK(book.indicator("HO-03")->targets.at("2018/19 Q2").value == 90);
    CHECK(book.service("HO")->columns.assessed == std::vector<std::string>{"RAG"});
    CHECK(book.service("HO")->columns.figure_period == std::vector<std::string>{"Period of figure"});
    REQUIRE(book.overrides.size() == 1);
    CHECK(book.overrides[0].status == Status::amber);
    // Every other whole rule file the page shows is read too.
    int whole = 0;
    for (std::size_t at = doc.find("```yaml\nscorecard:", begin); at != std::string::npos; at = doc.find("```yaml\nscorecard:", at + 1)) {
      std::string example = doc.substr(at + 8, doc.find("```", at + 8) - at - 8);
      CAPTURE(example);
      CHECK_NOTHROW(load_rules_text(example, "docs/rules.md"));
      ++whole;
    }
    CHECK(whole >= 1);
  }

  TEST_CASE("missing-data tokens match without case or surrounding spaces") {
    RuleBook book = load_rules_text(good, "rules.yaml");
    CHECK(book.state_of("  not DUE ") == State::not_due);
    CHECK(book.state_of("tbc") == State::no_target);
    CHECK(book.state_of("m") == State::in_measurement);
    CHECK_FALSE(book.state_of("12"));
  }

  TEST_CASE("an unknown key is located and a near one suggested") {
    CHECK(error_of(replace(good, "    tolerance: {green: 0%", "    tolerence: {green: 0%")) ==
          "rules.yaml:40:5: unknown key 'tolerence' in indicator 'HO-02'; did you mean 'tolerance'?; hint: the keys are: "
          "id, title, service, theme, definition, key, unit, decimals, polarity, frequency, due, aggregation, targets, profile, "
          "tolerance, range, max_change, seasonal, direction, benchmarks, carry_forward, latest_available");
  }

  TEST_CASE("a repeated key is an error, not a silent overwrite") {
    CHECK(error_of(replace(good, "    key: true\n", "    key: true\n    key: false\n")) ==
          "rules.yaml:33:5: key 'key' appears twice in indicator 'HO-01'; hint: keep one of them");
  }

  TEST_CASE("a wrong word lists the allowed ones") {
    CHECK(error_of(replace(good, "polarity: down", "polarity: lower")) ==
          "rules.yaml:33:15: 'polarity' in indicator 'HO-01' cannot be 'lower'; hint: use one of: up, down, range, none");
    CHECK(error_of(replace(good, "aggregation: cumulative", "aggregation: cumulativ")) ==
          "rules.yaml:45:18: 'aggregation' in indicator 'HO-03' cannot be 'cumulativ'; did you mean 'cumulative'?; hint: "
          "use one of: snapshot, cumulative, reported_cumulative, average");
  }

  TEST_CASE("percentages need their sign, and only percent indicators have them") {
    CHECK(error_of(replace(good, "\">= 15%\"", "\">= 15\"")) ==
          "rules.yaml:39:24: the 2017/18 target of indicator 'HO-02': '15' has no % sign, and this is a percentage "
          "indicator; hint: write it as '15%'");
    CHECK(error_of(replace(good, "\"<= 45\"", "\"<= 45%\"")) ==
          "rules.yaml:34:24: the 2017/18 target of indicator 'HO-01': '45%' is a percentage, and this indicator is not "
          "one; hint: remove the % sign, or give the indicator 'unit: percent'");
  }

  TEST_CASE("targets that cannot be read say what can be written") {
    CHECK(error_of(replace(good, "\"<= 45\"", "about 45")) ==
          "rules.yaml:34:24: the 2017/18 target of indicator 'HO-01': cannot read 'about 45' as a target; hint: write a "
          "number (45), a bound (<= 45, >= 87%), a range (15%..30%), previous_year, previous_year - 4, {benchmark: NAME} or none");
    CHECK(error_of(replace(good, "{2017/18: \"<= 45\"}", "{2017-18: \"<= 45\"}")) ==
          "rules.yaml:34:15: '2017-18' is not a financial year; hint: write it as 2017/18");
  }

  TEST_CASE("an indicator of an unknown service suggests the nearest") {
    CHECK(error_of(replace(good, "    service: HO\n    theme: Homes", "    service: H0\n    theme: Homes")) ==
          "rules.yaml:30:14: indicator 'HO-01' belongs to service 'H0', which the rule file does not list; did you mean "
          "'HO'?; hint: add the service under 'services:', or correct the id");
  }

  TEST_CASE("profiles rise to 100% and belong to cumulative indicators") {
    CHECK(error_of(replace(good, "[10%, 35%, 70%, 100%]", "[10%, 35%, 30%, 100%]")) ==
          "rules.yaml:47:25: the profile of indicator 'HO-03' goes down at 30%; hint: a year-to-date profile never falls");
    CHECK(error_of(replace(good, "[10%, 35%, 70%, 100%]", "[10%, 35%, 70%]")) ==
          "rules.yaml:47:14: the profile of indicator 'HO-03' must list 4 cumulative shares, one per period; hint: e.g. "
          "profile: [10%, 35%, 70%, 100%]");
  }

  TEST_CASE("a token cannot mean two states") {
    CHECK(error_of(replace(good, "missing: [Missing]", "missing: [Missing, TBC]")) ==
          "rules.yaml:13:15: 'TBC' is listed under 'missing' and under 'no_target'; hint: a word can mean one thing only: keep it in one "
          "list of 'states'");
  }

  TEST_CASE("YAML syntax errors are located") {
    CHECK(error_of("scorecard: [unclosed\n") .rfind("rules.yaml:2:1: not valid YAML: ", 0) == 0);
  }

  TEST_CASE("required sections and keys are named") {
    CHECK(error_of("scorecard: {name: x}\nservices: []\n") ==
          "rules.yaml:1:1: the rule file lists no indicators; hint: add 'indicators:', or 'indicators_from:' naming the indicator register");
  }
}

TEST_SUITE("rules") {
  TEST_CASE("a service's estimate colours and submission cell are read, and bad ones located") {
    RuleBook book = load_rules_text(
        replace(good, "    metadata: {service: B1, period: B2}\n", "    metadata: {service: B1, period: B2, submitted: B3}\n    estimate_fill: [\"#ffff00\", FFC000]\n"),
        "rules.yaml");
    CHECK(book.services[0].submitted_cell == "B3");
    CHECK(book.services[0].estimate_fills == std::vector<std::string>{"FFFF00", "FFC000"});
    CHECK(error_of(replace(good, "    metadata: {service: B1, period: B2}\n", "    metadata: {service: B1, period: B2}\n    estimate_fill: yellow\n")) ==
          "rules.yaml:27:20: 'estimate_fill' in service 'HO' must be colours such as FFFF00, not 'yellow'; hint: write the fill colour "
          "as six hex digits: FFFF00 is yellow");
    CHECK(error_of(replace(good, "{service: B1, period: B2}", "{service: B1, period: B2, submitted: date}")) ==
          "rules.yaml:26:52: 'submitted' in service 'HO' metadata must be a cell such as B2, not 'date'");
  }

  TEST_CASE("five-level bands, a zero target's distance, benchmarks and shared targets are read, and mistakes located") {
    std::string with = good + R"(  - id: HO-09
    title: Households in bed and breakfast
    service: HO
    polarity: down
shared_targets:
  - id: HO-TA
    title: Households in temporary accommodation and bed and breakfast
    indicators: [HO-01, HO-09]
    polarity: down
    targets: {2017/18: "<= 45"}
)";
    std::string five = replace(with, "    tolerance: {green: 0%, amber: 5pp}", "    tolerance: {amber: 5pp, amber_green: 2pp, red_amber: 10pp, at_zero: 1pp}");
    RuleBook book = load_rules_text(five, "rules.yaml");
    const Indicator& ho2 = *book.indicator("HO-02");
    CHECK(ho2.tolerance->amber_green == 2);
    CHECK(ho2.tolerance->red_amber == 10);
    CHECK(ho2.tolerance->at_zero == 1);
    CHECK(book.indicator("HO-07")->benchmarks.at("England") == 10500000);
    REQUIRE(book.shared_targets.size() == 1);
    CHECK(book.shared_targets[0].parts == std::vector<std::string>{"HO-01", "HO-09"});
    CHECK(book.shared_targets[0].service == "HO");
    CHECK(book.indicator("HO-TA") == nullptr);  // not an indicator a return must carry

    CHECK(error_of(replace(five, "amber_green: 2pp", "amber_green: 7pp")) ==
          "rules.yaml:40:42: the tolerance of indicator 'HO-02': amber_green must be in the same terms as amber and between green and amber");
    CHECK(error_of(replace(with, "[HO-01, HO-09]", "[HO-01, HO-9]")) ==
          "rules.yaml:72:25: shared target 'HO-TA' names 'HO-9', which is not an indicator; did you mean 'HO-09'?; hint: list the indicators whose figures are added up");
    CHECK(error_of(replace(with, "[HO-01, HO-09]", "[HO-01, HO-02]")) ==
          "rules.yaml:72:25: shared target 'HO-TA' adds up HO-01 and HO-02, which differ in unit, aggregation or due periods; hint: a shared target can only add like to like");
    CHECK(error_of(replace(good, "    benchmarks: {England: £10.5m}", "")).find("is the England benchmark, which 'benchmarks' does not give") !=
          std::string::npos);
  }

  // Regressions for issue 10: a rule file saved by Notepad in Windows-1252
  // was read, and its names made workbooks that were not well-formed.
  TEST_CASE("a rule file that is not UTF-8 is refused at the byte, with what to do") {
    std::string cp1252 = replace(good, "owner: Jane Smith", "owner: Ren\xE9 Smith \x96 lead");
    CHECK(error_of(cp1252) == "rules.yaml:17:15: not UTF-8 (byte 0xE9); hint: save the file as UTF-8 (in Notepad: Save As, Encoding UTF-8)");
    CHECK(error_of("\xFF\xFE" "s\0c\0" + std::string(1, '\0')) ==
          "rules.yaml:1:1: the file is UTF-16, not UTF-8; hint: save the file as UTF-8 (in Notepad: Save As, Encoding UTF-8)");
    // A byte flipped into a control character YAML does not allow.
    CHECK(error_of(replace(good, "name: Housing", "name: Hous\x01ng")) ==
          "rules.yaml:16:15: a control character (0x01) in the text; hint: delete it: a rule file holds printable text only");
    // UTF-8 with a byte-order mark, and every script, are read.
    RuleBook book = load_rules_text("\xEF\xBB\xBF" + replace(good, "name: Housing", "name: \"Tai \xC5\xB4yn \xF0\x9F\x8F\xA0 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\""),
                                    "rules.yaml");
    CHECK(book.services[0].name == "Tai \xC5\xB4yn \xF0\x9F\x8F\xA0 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");
  }

  TEST_CASE("a second YAML document, text after '...', and an empty value are located errors") {
    CHECK(error_of(good + "---\nservices: []\n") ==
          "rules.yaml:66:1: a second YAML document in the rule file; hint: a rule file is one document: remove the '---' line and "
          "what follows it, or merge it into the first");
    CHECK(error_of(good + "...\nstray: text\n") ==
          "rules.yaml:66:1: a second YAML document in the rule file; hint: a rule file is one document: remove the '---' line and "
          "what follows it, or merge it into the first");
    CHECK(error_of(good + "...\n# a comment after the end is fine\n") == "no error");
    CHECK(error_of(replace(good, "    unit: percent\n    targets: {2017/18: \">= 15%\"", "    unit:\n    targets: {2017/18: \">= 15%\"")) ==
          "rules.yaml:38:5: 'unit' in indicator 'HO-02' has no value; hint: give one, or delete the line to take the default");
  }
}

// Issue 16: the plan's actions, their services' words for progress, and who sets their RAG.
TEST_SUITE("rules") {
  const std::string with_actions = good + R"(
action_status:
  delivered: [Complete, Done]
  scheduled: [Not yet started]
actions:
  - {id: "1.2", title: Homes for older people planned, service: HO, milestone: By July 2018, theme: Homes, lead: Director, year: 2018/19}
  - {id: "1.3", title: Empty homes brought back into use, service: HO}
)";

  TEST_CASE("actions are read with their milestones, and progress words are the council's and kpiflow's own") {
    RuleBook book = load_rules_text(with_actions, "rules.yaml");
    REQUIRE(book.actions.size() == 2);
    const Action* a = book.action("1.2");
    REQUIRE(a != nullptr);
    CHECK(a->milestone.kind == Milestone::Kind::by);
    CHECK(a->year == 2018);
    CHECK(a->theme == "Homes");
    CHECK(book.action("1.3")->milestone.kind == Milestone::Kind::ongoing);  // no milestone: ongoing
    CHECK(book.progress_of(" complete ") == Progress::delivered);
    CHECK(book.progress_of("Not yet started") == Progress::scheduled);
    CHECK(book.progress_of("Re-phased (under 3 months)") == Progress::rephased_minor);  // kpiflow's words
    CHECK(book.progress_of("rephased_major") == Progress::rephased_major);              // and names
    CHECK(book.progress_of("Completed") == Progress::delivered);  // words every council uses
    CHECK(book.progress_of("On track") == Progress::on_target);
    CHECK(book.progress_of("cancelled") == Progress::not_viable);
    CHECK_FALSE(book.progress_of("Going well"));
    CHECK_FALSE(book.progress_of("Re-phased"));  // under or over three months? not guessed
    CHECK(book.progress_word_list == std::vector<std::string>{"Complete", "Done", "Not yet started"});
    CHECK(book.scorecard.action_rag == Scorecard::ActionRag::from_progress);
    // The compact form the store keeps holds them too.
    auto back = from_cache(to_cache(book), with_actions);
    REQUIRE(back);
    CHECK(*back == book);
  }

  TEST_CASE("a council's word means what it says, even where kpiflow's own word means another progress") {
    RuleBook book = load_rules_text(good + "action_status: {scheduled: [On target]}\nactions: [{id: A, title: T, service: HO}]\n", "rules.yaml");
    CHECK(book.progress_of("On target") == Progress::scheduled);
  }

  TEST_CASE("a wrong action is refused at its line and column, with what to write") {
    CHECK(error_of(replace(with_actions, "milestone: By July 2018", "milestone: Soon")) ==
          "rules.yaml:70:80: action '1.2': 'Soon' is not a milestone kpiflow can read; hint: write 'By March 2019', 'From June 2018', "
          "'Ongoing', 'By 2018/19 Q3' or 'By 31/03/2019'");
    CHECK(error_of(replace(with_actions, "service: HO}", "service: XX}")).find("action '1.3' names service 'XX', which is not in 'services'") !=
          std::string::npos);
    CHECK(error_of(replace(with_actions, "id: \"1.3\"", "id: \"1.2\"")).find("action '1.2' is listed twice") != std::string::npos);
    CHECK(error_of(replace(with_actions, "year: 2018/19", "year: 2018/19 Q1")).find("'year' must be a financial year such as 2018/19") !=
          std::string::npos);
    CHECK(error_of(replace(with_actions, "scheduled: [Not yet started]", "scheduled: [Done]"))
              .find("'Done' is listed under 'delivered' and under 'scheduled'") != std::string::npos);
    CHECK(error_of(replace(with_actions, "scheduled: [Not yet started]", "planned: [Not yet started]")).find("planned") != std::string::npos);
    CHECK(error_of(replace(good, "name: Example Council Plan", "name: Example Council Plan\n  action_rag: services")).find("action_rag") !=
          std::string::npos);
  }
}
