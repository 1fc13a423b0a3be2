// Issue 12: the nightly rerun. The workbooks are not written again when
// nothing they are made from has changed, and are whenever anything has.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <algorithm>
#include <fstream>

#include "pipeline/pipeline.hpp"
#include "support/scratch.hpp"

namespace fs = std::filesystem;
using namespace kpiflow;

namespace {

const fs::path root = fs::path(KPIFLOW_TESTS_DIR) / "..";

struct Folder : testing::Scratch {
  Folder() : Scratch("publish-test") {}
};

}  // namespace

TEST_SUITE("pipeline") {
  TEST_CASE("export writes the workbooks again only when what they are made from, or the files, changed") {
    Folder f;
    fs::copy(root / "samples", f.dir / "samples", fs::copy_options::recursive);
    fs::path db = f.dir / "store.db";
    fs::path out = f.dir / "out";
    Period q2 = *parse_period("2017/18 Q2");
    std::vector<fs::path> files;
    {
      pipeline::Opened opened = pipeline::open(f.dir / "samples" / "council.yaml", db, store::Access::read_write, true);
      for (const auto& r : pipeline::returns_in({(f.dir / "samples" / "returns").string()}, opened.book).returns) files.push_back(r.path);
      pipeline::ingest(opened.store, files, opened.book, {});
      pipeline::transform(opened.store, opened.book, *parse_period("2017/18 Q1"));
      pipeline::transform(opened.store, opened.book, q2);
      pipeline::validate(opened.store, opened.book, q2);
    }
    auto publish = [&](publish::Options options = {}) {
      pipeline::Opened opened = pipeline::open(f.dir / "samples" / "council.yaml", db, store::Access::read_only, false,
                                               rules::Parts::without_indicators);
      return pipeline::publish(opened.store, opened.book, q2, db.string(), out, options).written;
    };
    CHECK(publish());
    auto written_at = fs::last_write_time(out / "scorecard.xlsx");
    CHECK_FALSE(publish());
    CHECK(fs::last_write_time(out / "scorecard.xlsx") == written_at);

    // Other options, a workbook changed or gone: written again.
    publish::Options red_only;
    red_only.amber_exceptions = false;
    CHECK(publish(red_only));
    CHECK_FALSE(publish(red_only));
    CHECK(publish());
    std::ofstream(out / "scorecard.xlsx", std::ios::app) << "edited";
    CHECK(publish());
    fs::remove(out / "consolidated.xlsx");
    CHECK(publish());
    CHECK(fs::exists(out / "consolidated.xlsx"));
    CHECK_FALSE(publish());

    // Another store with as many returns, the same rule file and issues:
    // its workbooks are written, never taken for the first store's.
    fs::path other = f.dir / "other.db";
    {
      pipeline::Opened opened = pipeline::open(f.dir / "samples" / "council.yaml", other, store::Access::read_write, true);
      // The same returns, a CSV with a blank line more: as many changes, the
      // same issues, other bytes.
      fs::path csv = *std::find_if(files.begin(), files.end(), [](const fs::path& p) { return p.extension() == ".csv"; });
      std::ofstream(csv, std::ios::app) << "\n";
      pipeline::ingest(opened.store, files, opened.book, {});
      pipeline::transform(opened.store, opened.book, *parse_period("2017/18 Q1"));
      pipeline::transform(opened.store, opened.book, q2);
      pipeline::validate(opened.store, opened.book, q2);
    }
    {
      pipeline::Opened opened = pipeline::open(f.dir / "samples" / "council.yaml", other, store::Access::read_only, false,
                                               rules::Parts::without_indicators);
      CHECK(pipeline::publish(opened.store, opened.book, q2, other.string(), out, {}).written);
    }
    CHECK(publish());


    // A return changed: the scorecard must be made again before export,
    // and then the workbooks are written again.
    {
      pipeline::Opened opened = pipeline::open(f.dir / "samples" / "council.yaml", db, store::Access::read_write, true);
      fs::path any = files.back();
      std::ofstream(any, std::ios::app) << "\n";
      fs::last_write_time(any, fs::file_time_type::clock::now());
      pipeline::ingest(opened.store, {any}, opened.book, {});
      pipeline::transform(opened.store, opened.book, q2);
    }
    CHECK(publish());
    CHECK_FALSE(publish());

  }
}

TEST_SUITE("pipeline") {
  // Issue 12: a rerun with nothing changed validated every return again (half
  // of its time at x16). The validation is read back while the rule file,
  // the returns, ingest's issues and the day are as it was made from.
  TEST_CASE("a validation nothing has changed under is read back as it was; another day, return or rule file validates again") {
    Folder f;
    fs::path db = f.dir / "store.db";
    Period q2 = *parse_period("2017/18 Q2");
    const std::chrono::year_month_day day{std::chrono::year{2017}, std::chrono::October, std::chrono::day{30}};
    pipeline::Opened opened = pipeline::open(root / "samples" / "council.yaml", db, store::Access::read_write, true);
    auto files = [&](const char* folder) {
      std::vector<fs::path> out;
      for (const auto& r : pipeline::returns_in({(root / "samples" / "returns" / folder).string()}, opened.book).returns) out.push_back(r.path);
      return out;
    };
    pipeline::ingest(opened.store, files("2017-18-Q2"), opened.book, {});
    auto lines = [](const validate::Findings& found) {
      std::vector<std::string> out;
      for (const auto& i : found.issues) out.push_back(i.str() + " | " + i.service + " | " + i.indicator + " | " + i.raw);
      return out;
    };
    validate::Findings first = pipeline::validate(opened.store, opened.book, q2, day);
    REQUIRE(first.issues.size() > 5);
    validate::Findings again = pipeline::validate(opened.store, opened.book, q2, day);
    CHECK(lines(again) == lines(first));
    CHECK(again.services_due == first.services_due);
    CHECK(again.returns == first.returns);
    CHECK(again.count(Severity::error) == first.count(Severity::error));

    // Read back, not worked out again: a list emptied behind its back stays empty...
    opened.store.record_issues(q2.str(), {});
    CHECK(pipeline::validate(opened.store, opened.book, q2, day).issues.empty());
    // ...until the day changes (a deadline may have passed),
    CHECK(lines(pipeline::validate(opened.store, opened.book, q2, std::chrono::year_month_day{std::chrono::sys_days{day} + std::chrono::days{1}})) ==
          lines(first));
    opened.store.record_issues(q2.str(), {});
    CHECK(pipeline::validate(opened.store, opened.book, q2, std::chrono::year_month_day{std::chrono::sys_days{day} + std::chrono::days{1}}).issues.empty());
    // ...or a return comes in (Q1's: the period before is what changes are checked against).
    pipeline::ingest(opened.store, files("2017-18-Q1"), opened.book, {});
    CHECK_FALSE(pipeline::validate(opened.store, opened.book, q2, std::chrono::year_month_day{std::chrono::sys_days{day} + std::chrono::days{1}}).issues.empty());
  }
}
