#include <doctest/doctest.h>

#include "reader/shared_strings.hpp"

using namespace kpiflow;
using namespace kpiflow::reader;

namespace {
SharedStrings sst(const std::string& body, Limits limits = {}) {
  return parse_shared_strings_text(
      "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" + body + "</sst>",
      Location::of_file("t.xlsx").in_part("xl/sharedStrings.xml"), limits);
}
}  // namespace

TEST_SUITE("reader") {
  TEST_CASE("rich-text runs are joined") {
    auto s = sst("<si><r><t>Red </t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">and bold</t></r></si>");
    REQUIRE(s.size() == 1);
    CHECK(s[0] == "Red and bold");
  }

  TEST_CASE("phonetic runs are dropped") {
    auto s = sst("<si><t>\xE6\xBC\xA2\xE5\xAD\x97</t><rPh sb=\"0\" eb=\"2\"><t>\xE3\x81\x8B\xE3\x82\x93\xE3\x81\x98</t></rPh><phoneticPr fontId=\"1\"/></si>");
    CHECK(s[0] == "\xE6\xBC\xA2\xE5\xAD\x97");
  }

  TEST_CASE("_xHHHH_ escapes are decoded") {
    auto s = sst("<si><t>a_x000D_b</t></si><si><t>_x005F_x000D_</t></si><si><t>_xD83D__xDE00_</t></si><si><t>_x00zz_</t></si>");
    CHECK(s[0] == "a\rb");
    CHECK(s[1] == "_x000D_");
    CHECK(s[2] == "\xF0\x9F\x98\x80");
    CHECK(s[3] == "_x00zz_");
  }

  TEST_CASE("empty and whitespace strings are kept as written") {
    auto s = sst("<si><t/></si><si><t xml:space=\"preserve\">  two  </t></si><si><t>a\nb</t></si>");
    CHECK(s.size() == 3);
    CHECK(s[0] == "");
    CHECK(s[1] == "  two  ");
    CHECK(s[2] == "a\nb");
  }

  // Issue 10 changed this: refusing the whole return for one long text lost
  // every figure in it. The string is kept and the cells using it noticed.
  TEST_CASE("a string over Excel's 32,767 characters is kept whole and marked too long") {
    std::string ok(32767, 'x');
    CHECK(sst("<si><t>" + ok + "</t></si>")[0].size() == 32767);
    CHECK_FALSE(sst("<si><t>" + ok + "</t></si>").too_long(0));
    std::string long_text(32768, 'x');
    auto s = sst("<si><t>a</t></si><si><t>" + long_text + "</t></si><si><t>b</t></si>");
    CHECK(s[1] == long_text);
    CHECK_FALSE(s.too_long(0));
    CHECK(s.too_long(1));
    CHECK_FALSE(s.too_long(2));
    CHECK(s[2] == "b");
  }

  TEST_CASE("characters, not bytes, count toward the limit") {
    CHECK(count_chars("\xC2\xA3" "5.5m") == 5);
    std::string pounds;
    for (int i = 0; i < 32767; ++i) pounds += "\xC2\xA3";
    CHECK(sst("<si><t>" + pounds + "</t></si>")[0].size() == 65534);
  }
}
