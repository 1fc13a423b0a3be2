// The export's own guarantees: a failed write leaves the previous workbook,
// and large data goes through libxlsxwriter's constant-memory mode. What
// the workbooks hold is checked by openpyxl and LibreOffice
// (tests/export/export_oracle.py).
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <memory>
#include <fstream>
#include <set>
#include <sstream>

#include "support/test_store.hpp"
#include "export/export.hpp"
#include "reader/reader.hpp"
#include "support/read_cells.hpp"
#include "validate/validate.hpp"
#include "transform/transform.hpp"
#include "ingest/ingest.hpp"

namespace fs = std::filesystem;
using namespace kpiflow;

namespace {

const char* rules_text = R"(
scorecard: {name: Test}
services:
  - {id: HO, name: Housing, columns: {ref: Ref, value: "{period}"}}
indicators:
  - {id: HO-01, title: Homes, service: HO, targets: {2017/18: 100}}
)";

// A store holding a scorecard of so many results, and what export gathers from it.
struct Exported {
  store::Store store = testing::fresh_store();
  publish::Bundle bundle;
};

std::unique_ptr<Exported> exported(std::size_t results) {
  auto out = std::make_unique<Exported>();
  Scorecard card;
  card.period = "2017/18 Q2";
  for (std::size_t i = 0; i < results; ++i) {
    Result r;
    r.period = card.period;
    r.indicator = i == 0 ? "HO-01" : "HO-" + std::to_string(i + 1);
    r.title = "Homes";
    r.service = "HO";
    r.value = r.scored = static_cast<double>(i);
    r.goal_low = r.goal_high = 100;
    r.status = i < 95 ? Status::red : Status::green;
    r.reason = "a reason";
    card.results.push_back(r);
  }
  Rollup all{"All", "All indicators", {}};
  all.tally.indicators = static_cast<int>(results);
  card.rollups.push_back(all);
  out->store.record_scorecard(card, "basis");
  out->bundle = publish::gather(out->store, *parse_period("2017/18 Q2"), "store.db", "basis");
  return out;
}

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// Per process: two test runs at once (a build and a sanitizer build) must
// not share a folder.
fs::path fresh_folder(const char* name) {
  fs::path dir = fs::temp_directory_path() / (std::string(name) + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_SUITE("export") {
  TEST_CASE("a write that fails (the disk fills) leaves the previous workbook as it was, and no temporary file") {
    auto book = rules::load_rules_text(rules_text, "rules.yaml");
    fs::path dir = fresh_folder("kpiflow-export-atomic");
    fs::path target = dir / "scorecard.xlsx";
    auto ten = exported(10);
    publish::write_scorecard(target, book, ten->store, ten->bundle, {});
    std::string before = bytes_of(target);
    REQUIRE(before.size() > 4000);

    // A file-size limit is a full disk to the writer: writes past it fail.
    rlimit old{};
    getrlimit(RLIMIT_FSIZE, &old);
    auto old_handler = signal(SIGXFSZ, SIG_IGN);
    rlimit small = old;
    small.rlim_cur = 2048;
    setrlimit(RLIMIT_FSIZE, &small);
    std::string message;
    try {
      auto many = exported(500);
      publish::write_scorecard(target, book, many->store, many->bundle, {});
    } catch (const Error& e) {
      message = e.what();
    }
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, old_handler);

    CHECK(message.find("scorecard.xlsx") != std::string::npos);
    CHECK(bytes_of(target) == before);
    std::set<std::string> left;
    for (const auto& entry : fs::directory_iterator(dir)) left.insert(entry.path().filename().string());
    CHECK(left == std::set<std::string>{"scorecard.xlsx"});
    fs::remove_all(dir);
  }

  TEST_CASE("100,000 rows of data are written in constant-memory mode, every row there") {
    auto book = rules::load_rules_text(rules_text, "rules.yaml");
    fs::path dir = fresh_folder("kpiflow-export-large");
    fs::path target = dir / "consolidated.xlsx";
    auto large = exported(100000);
    publish::write_consolidated(target, book, large->store, large->bundle);

    // Constant-memory mode writes strings inline: no shared-string table.
    int error = 0;
    zip_t* zip = zip_open(target.c_str(), ZIP_RDONLY, &error);
    REQUIRE(zip != nullptr);
    CHECK(zip_name_locate(zip, "xl/sharedStrings.xml", 0) < 0);
    zip_close(zip);

    auto workbook = reader::Workbook::open(target);
    REQUIRE(workbook.sheets().size() == 2);  // Data, Issues
    std::uint32_t last_row = 0;
    double last_value = -1;
    workbook.read_sheet(0, [&](const reader::Cell& cell) {
      last_row = cell.ref.row;
      if (cell.ref.col == 8) last_value = cell.number;  // Value
    });
    CHECK(last_row == 100000);  // zero-based: the header and 100,000 rows
    CHECK(last_value == 99999);
    fs::remove_all(dir);
  }

  TEST_CASE("the trend is a block per period, scaled to the figures, a dot where one is missing") {
    CHECK(publish::trend_blocks({1.0, 2.0, std::nullopt, 8.0}) == "▁▂·█");
    CHECK(publish::trend_blocks({5.0, 5.0}) == "▄▄");
    CHECK(publish::trend_blocks({}) == "");
  }

  // Issue 12: large workbooks are written in constant-memory mode, which
  // drops a cell written out of row order without a word. The sample
  // council's workbooks written both ways must hold the same cells.
  TEST_CASE("the workbooks written in constant-memory mode hold the same cells as written whole") {
    fs::path root = fs::path(KPIFLOW_TESTS_DIR) / "..";
    auto book = rules::load_rules(root / "samples" / "council.yaml");
    store::Store store = testing::fresh_store();
    for (const auto& entry : fs::recursive_directory_iterator(root / "samples" / "returns"))
      if (entry.is_regular_file()) ingest::ingest_into(store, entry.path(), book, {});
    for (const char* name : {"2017/18 Q1", "2017/18 Q2"}) store.record_scorecard(transform::score(book, store, *parse_period(name)), "basis");
    store.record_issues("2017/18 Q2", validate::validate(book, store, *parse_period("2017/18 Q2")).issues);
    publish::Bundle bundle = publish::gather(store, *parse_period("2017/18 Q2"), "store.db", "basis");
    fs::path dir = fresh_folder("kpiflow-export-modes");
    publish::Options whole, streamed;
    streamed.constant_memory_rows = 0;
    for (const char* name : {"consolidated.xlsx", "scorecard.xlsx"}) {
      CAPTURE(name);
      bool consolidated = std::string(name) == "consolidated.xlsx";
      for (auto [folder, options] : {std::pair{"whole", whole}, std::pair{"streamed", streamed}}) {
        fs::create_directories(dir / folder);
        if (consolidated) publish::write_consolidated(dir / folder / name, book, store, bundle, options);
        else publish::write_scorecard(dir / folder / name, book, store, bundle, options);
      }
      auto cells_of = [&](const char* folder) {
        std::vector<std::string> out;
        for (const auto& c : test::read_all(reader::Workbook::open(dir / folder / name)))
          out.push_back(c.sheet + "!" + c.ref + "=" + c.type + ":" + c.value + " " + c.num_fmt + " " + c.fill);
        return out;
      };
      auto written_whole = cells_of("whole");
      CHECK(written_whole.size() > (consolidated ? 1000u : 300u));
      CHECK(cells_of("streamed") == written_whole);
    }
    fs::remove_all(dir);
  }
}

// Issue 16: the report for a website quotes the returns' text, which may
// hold markup: it is shown as written, never run or parsed.
TEST_SUITE("export") {
  TEST_CASE("the HTML report shows markup in the returns' text as text") {
    rules::RuleBook book = rules::load_rules_text(rules_text, "rules.yaml");
    auto one = exported(1);
    Scorecard card = *one->store.scorecard("2017/18 Q2");
    card.results[0].commentary = "<script>alert('x')</script> & <b>bold</b> \"quoted\"";
    card.results[0].theme = "</h3><img src=x onerror=alert(1)>";
    ActionResult a;
    a.period = card.period;
    a.action = "1.1";
    a.title = "<iframe src=//example.com>";
    a.service = "HO";
    a.status = Status::amber;
    card.actions.push_back(a);
    one->store.record_scorecard(card, "basis");
    publish::Bundle bundle = publish::gather(one->store, *parse_period("2017/18 Q2"), "store.db", "basis");
    fs::path dir = fresh_folder("kpiflow-html-markup");
    publish::write_report_html(dir / "scorecard.html", book, one->store, bundle);
    std::string page = bytes_of(dir / "scorecard.html");
    CHECK(page.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot;") != std::string::npos);
    CHECK(page.find("&lt;/h3&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
    CHECK(page.find("&lt;iframe src=//example.com&gt;") != std::string::npos);
    for (const char* tag : {"<script", "<img", "<iframe", "<b>"}) CHECK(page.find(tag) == std::string::npos);
    CHECK(page.find("aria-hidden=\"true\">A</span> Amber") != std::string::npos);  // the action's status in words beside its letter
    fs::remove_all(dir);
  }
}
