#include <doctest/doctest.h>

#include "reader/styles.hpp"

using namespace kpiflow;
using namespace kpiflow::reader;

TEST_SUITE("reader") {
  TEST_CASE("format codes are classified by what they show") {
    CHECK(classify_format("") == FormatKind::general);
    CHECK(classify_format("General") == FormatKind::general);
    CHECK(classify_format("0.0") == FormatKind::number);
    CHECK(classify_format("#,##0") == FormatKind::number);
    CHECK(classify_format("0.00E+00") == FormatKind::number);
    CHECK(classify_format("0.0%") == FormatKind::percent);
    CHECK(classify_format("\"£\"#,##0.00") == FormatKind::currency);
    CHECK(classify_format("[$£-809]#,##0.00") == FormatKind::currency);
    CHECK(classify_format("\xC2\xA3#,##0") == FormatKind::currency);
    CHECK(classify_format("@") == FormatKind::text);
    CHECK(classify_format("dd/mm/yyyy") == FormatKind::date);
    CHECK(classify_format("mmm-yy") == FormatKind::date);
    CHECK(classify_format("[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy") == FormatKind::date);
    CHECK(classify_format("h:mm") == FormatKind::time);
    CHECK(classify_format("mm:ss") == FormatKind::time);
    CHECK(classify_format("h:mm AM/PM") == FormatKind::time);
    CHECK(classify_format("dd/mm/yyyy hh:mm") == FormatKind::datetime);
    CHECK(classify_format("[h]:mm:ss") == FormatKind::duration);
    CHECK(classify_format("[Red]0.0;[Blue]-0.0") == FormatKind::number);
    CHECK(classify_format("0.0\" days\"") == FormatKind::number);   // the d in quotes is text
    CHECK(classify_format("#,##0\\d") == FormatKind::number);       // an escaped d too
  }

  TEST_CASE("built-in format ids have their codes") {
    CHECK(builtin_format(9) == "0%");
    CHECK(builtin_format(14) == "mm-dd-yy");
    CHECK(builtin_format(49) == "@");
    CHECK(builtin_format(100).empty());
  }

  TEST_CASE("fills resolve rgb, theme with tint, and the indexed palette") {
    const char* theme =
        "<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:themeElements><a:clrScheme name=\"Office\">"
        "<a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1><a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1>"
        "<a:dk2><a:srgbClr val=\"1F497D\"/></a:dk2><a:lt2><a:srgbClr val=\"EEECE1\"/></a:lt2>"
        "<a:accent1><a:srgbClr val=\"4F81BD\"/></a:accent1><a:accent2><a:srgbClr val=\"C0504D\"/></a:accent2>"
        "<a:accent3><a:srgbClr val=\"9BBB59\"/></a:accent3><a:accent4><a:srgbClr val=\"8064A2\"/></a:accent4>"
        "<a:accent5><a:srgbClr val=\"4BACC6\"/></a:accent5><a:accent6><a:srgbClr val=\"F79646\"/></a:accent6>"
        "<a:hlink><a:srgbClr val=\"0000FF\"/></a:hlink><a:folHlink><a:srgbClr val=\"800080\"/></a:folHlink>"
        "</a:clrScheme></a:themeElements></a:theme>";
    const char* styles =
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<fills count=\"6\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
        "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFFF00\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        "<fill><patternFill patternType=\"solid\"><fgColor theme=\"9\" tint=\"-0.249977111117893\"/></patternFill></fill>"
        "<fill><patternFill patternType=\"solid\"><fgColor indexed=\"13\"/></patternFill></fill>"
        "<fill><patternFill patternType=\"solid\"><fgColor theme=\"0\" tint=\"-0.14999847407452621\"/></patternFill></fill>"
        "</fills><cellXfs count=\"6\"><xf numFmtId=\"0\" fillId=\"0\"/><xf numFmtId=\"10\" fillId=\"2\"/>"
        "<xf numFmtId=\"0\" fillId=\"3\"/><xf numFmtId=\"0\" fillId=\"4\"/><xf numFmtId=\"0\" fillId=\"5\"/><xf numFmtId=\"14\" fillId=\"1\"/></cellXfs></styleSheet>";
    Styles s = parse_styles_text(styles, theme, Location::of_file("t.xlsx"));
    REQUIRE(s.formats.size() == 6);
    CHECK(s.formats[0].fill == "");
    CHECK(s.formats[1].fill == "FFFF00");
    CHECK(s.formats[1].code == "0.00%");
    CHECK(s.formats[1].kind == FormatKind::percent);
    CHECK(s.formats[2].fill == "E46C0A");  // Excel's "Orange, Accent 6, Darker 25%"
    CHECK(s.formats[3].fill == "FFFF00");  // palette 13
    CHECK(s.formats[4].fill == "D9D9D9");  // "White, Background 1, Darker 15%"
    CHECK(s.formats[5].fill == "");        // gray125 is Excel's reserved fill, not shading
    CHECK(s.formats[5].kind == FormatKind::date);
  }

  TEST_CASE("numFmt entries of differential formats do not replace cell formats") {
    const char* styles =
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/></numFmts>"
        "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs>"
        "<dxfs count=\"1\"><dxf><numFmt numFmtId=\"164\" formatCode=\"yyyy\"/></dxf></dxfs></styleSheet>";
    Styles s = parse_styles_text(styles, "", Location::of_file("t.xlsx"));
    CHECK(s.formats[1].code == "0.0%");
  }
}
