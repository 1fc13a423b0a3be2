// The indicator register: indicators kept in Excel or CSV, named by
// 'indicators_from:' and read as if written in the rule file.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "rules/rules.hpp"
#include "support/package_builder.hpp"

namespace fs = std::filesystem;
using namespace kpiflow;
using namespace kpiflow::rules;

namespace {

const char* rule_file = R"(scorecard: {name: Register test}
services:
  - {id: HO, name: Housing}
indicators_from: register.csv
)";

const char* xlsx_rule_file = R"(scorecard: {name: Register test}
services:
  - {id: HO, name: Housing}
indicators_from: {file: register.xlsx, sheet: Register}
)";

struct Folder {
  fs::path dir = fs::temp_directory_path() / ("kpiflow-register-test-" + std::to_string(::getpid()));
  Folder() { fs::create_directories(dir); }
  ~Folder() { fs::remove_all(dir); }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
    return dir / name;
  }
};

std::string error_of(const fs::path& rules) {
  try {
    load_rules(rules);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_SUITE("rules") {
  TEST_CASE("indicators and their targets come from a CSV register beside the rule file") {
    Folder f;
    auto rules = f.write("rules.yaml", rule_file);
    f.write("register.csv",
            "Ref,Title,Service,Unit,Polarity,Due,Target 2017/18,Target 2018/19,Minimum,Maximum,Key KPI,Definition\n"
            "HO-01,Households in temporary accommodation,HO,number,down,,<= 45,<= 40,,,true,\"On the last day: \"\"snapshot\"\"\"\n"
            "HO-02,Tenant satisfaction,HO,percent,up,Q4,87%,TBC,0%,100%,,\n");
    RuleBook book = load_rules(rules);
    REQUIRE(book.indicators.size() == 2);
    const Indicator& first = book.indicators[0];
    CHECK(first.id == "HO-01");
    CHECK(first.key);
    CHECK(first.polarity == Polarity::down);
    CHECK(first.targets.at("2017/18").kind == Target::Kind::at_most);
    CHECK(first.targets.at("2018/19").value == 40);
    CHECK(first.definition == "On the last day: \"snapshot\"");  // a template's input message
    const Indicator& second = book.indicators[1];
    CHECK(second.due == std::vector<int>{4});
    CHECK(second.targets.at("2017/18").value == 0.87);
    CHECK(second.targets.at("2018/19").kind == Target::Kind::none);
    CHECK(*second.maximum == 1.0);
    CHECK(second.where.str() == (f.dir / "register.csv").string() + "!A3");
  }

  TEST_CASE("a register's mistakes are located at its cells") {
    Folder f;
    auto rules = f.write("rules.yaml", rule_file);
    std::string reg = (f.dir / "register.csv").string();
    f.write("register.csv", "Ref,Title,Service,Polarity\nHO-01,Homes,HO,lower\n");
    CHECK(error_of(rules) == reg + "!D2: 'polarity' in indicator 'HO-01' cannot be 'lower'; hint: use one of: up, down, range, none");
    f.write("register.csv", "Ref,Title,Service,Polarty\nHO-01,Homes,HO,down\n");
    CHECK(error_of(rules).rfind(reg + "!D1: the register's heading 'Polarty' is not a column kpiflow knows; did you mean 'polarity'?", 0) == 0);
    f.write("register.csv", "Ref,Title,Service,Unit,Target 2017/18\nHO-01,Homes,HO,percent,45\n");
    CHECK(error_of(rules) ==
          reg + "!E2: the 2017/18 target of indicator 'HO-01': '45' has no % sign, and this is a percentage indicator; hint: write it as '45%'");
    f.write("register.csv", "Ref,Title,Service\nHO-01,Homes,XX\n");
    CHECK(error_of(rules).rfind(reg + "!C2: indicator 'HO-01' belongs to service 'XX', which the rule file does not list", 0) == 0);
    fs::remove(f.dir / "register.csv");
    CHECK(error_of(rules).rfind((f.dir / "rules.yaml").string() + ":4:18: the indicator register", 0) == 0);
  }

  TEST_CASE("a register kept in Excel, percentages formatted as such") {
    Folder f;
    auto rules = f.write("rules.yaml", xlsx_rule_file);
    test::WorkbookParts parts;
    parts.sheet_name = "Register";
    parts.styles_body = test::styles_with_formats({"0%"});
    parts.shared_strings = {"<t>Ref</t>", "<t>Title</t>", "<t>Service</t>", "<t>Unit</t>", "<t>Target 2017/18</t>",
                            "<t>HO-02</t>", "<t>Satisfaction</t>", "<t>HO</t>", "<t>percent</t>"};
    parts.sheet_data =
        R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>)"
        R"(<row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2" t="s"><v>6</v></c><c r="C2" t="s"><v>7</v></c><c r="D2" t="s"><v>8</v></c><c r="E2" s="1"><v>0.87</v></c></row>)";
    std::ofstream(f.dir / "register.xlsx", std::ios::binary) << test::workbook_bytes(parts);
    RuleBook book = load_rules(rules);
    REQUIRE(book.indicators.size() == 1);
    CHECK(book.indicators[0].targets.at("2017/18").value == 0.87);
  }

  // Regression for issue 10: a register's text reaches every workbook, so it
  // is held to what a rule file may hold.
  TEST_CASE("a register's control character is refused at its cell; a Windows-1252 CSV register is read as such") {
    Folder f;
    auto rules = f.write("rules.yaml", xlsx_rule_file);
    test::WorkbookParts parts;
    parts.sheet_name = "Register";
    parts.shared_strings = {"<t>Ref</t>", "<t>Title</t>", "<t>Service</t>", "<t>HO-02</t>", "<t>Satis_x0001_faction</t>", "<t>HO</t>"};
    parts.sheet_data =
        R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>)"
        R"(<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" t="s"><v>5</v></c></row>)";
    std::ofstream(f.dir / "register.xlsx", std::ios::binary) << test::workbook_bytes(parts);
    CHECK(error_of(rules) == (f.dir / "register.xlsx").string() +
                                 "!Register!B2: a control character (0x01) in the text; hint: delete it: the register holds printable text only");

    auto csv_rules = f.write("csv.yaml", rule_file);
    f.write("register.csv", "Ref,Title,Service\nHO-01,Caf\xE9 visits \x96 all sites,HO\n");
    RuleBook book = load_rules(csv_rules);
    REQUIRE(book.indicators.size() == 1);
    CHECK(book.indicators[0].title == "Caf\xC3\xA9 visits \xE2\x80\x93 all sites");
  }
}
