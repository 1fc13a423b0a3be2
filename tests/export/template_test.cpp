// A template's file name: read back by ingest as its own service's, however
// the services are called (export/template.cpp, rules::service_in_name).
#include <doctest/doctest.h>

#include "export/export.hpp"
#include "model/error.hpp"
#include "rules/rules.hpp"
#include "support/named_services.hpp"

using namespace kpiflow;

TEST_SUITE("export") {
  TEST_CASE("a template is named so that ingest reads it as its service's, and never longer than a file name may be") {
    auto book = rules::load_rules_text(testing::named_services, "rules.yaml");
    const Period q2{2017, Period::Kind::quarter, 2};
    auto name_of = [&](const char* id) { return publish::template_name(book, *book.service(id), q2); };
    CHECK(name_of("HO") == "Housing 2017-18-Q2.xlsx");
    CHECK(name_of("HX") == "Housing Options 2017-18-Q2.xlsx");
    CHECK(name_of("LE") == "'Leisure' (LE) 2017-18-Q2.xlsx");
    CHECK(name_of("LB") == "Leisure' (LB) 2017-18-Q2.xlsx");
    CHECK(name_of("SL") == "Sales Lettings A B 2017-18-Q2.xlsx");  // no character a file system refuses
    std::string long_name = name_of("LS");
    CHECK(long_name.size() <= 255);
    CHECK(long_name.find("(LS) 2017-18-Q2.xlsx") != std::string::npos);
    for (const auto& s : book.services) {
      std::string stem = publish::template_name(book, s, q2);
      stem.resize(stem.size() - 5);
      CHECK(rules::service_in_name(book, stem) == &s);
    }
    // Two services no name can tell apart: refused at the service, with what to do.
    auto twins = rules::load_rules_text(R"(scorecard: {name: Twins}
services:
  - {id: PARKS, name: Parks}
  - {id: "PARKS'", name: "Parks'"}
indicators: [{id: P-1, title: Trees, service: PARKS}]
)", "rules.yaml");
    CHECK_THROWS_AS(publish::template_name(twins, twins.services[0], q2), Error);
  }
}
