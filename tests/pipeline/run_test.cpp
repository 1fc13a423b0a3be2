// kpiflow run's own steps (pipeline/run.cpp): what is in an inbox, which
// period a run is for, the lock and the network-store check. Run end to end
// from outside in tests/cli/run_test.py.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/test_store.hpp"
#include "model/error.hpp"
#include "pipeline/pipeline.hpp"
#include "rules/rules.hpp"
#include "store/store.hpp"
#include "support/scratch.hpp"

using namespace kpiflow;
namespace fs = std::filesystem;
using namespace std::chrono;

namespace {

const fs::path root = fs::path(KPIFLOW_TESTS_DIR) / "..";

struct Folder : testing::Scratch {
  Folder() : Scratch("run-test") {}
  fs::path file(const std::string& name, const std::string& text = "x") const {
    fs::create_directories((dir / name).parent_path());
    std::ofstream(dir / name) << text;
    fs::last_write_time(dir / name, fs::file_time_type::clock::now() - hours(1));
    return dir / name;
  }
};

std::string why_passed(const pipeline::Inbox& inbox, const std::string& ending) {
  for (const auto& p : inbox.passed_over)
    if (p.path.size() >= ending.size() && p.path.compare(p.path.size() - ending.size(), ending.size(), ending) == 0) return p.why;
  return "not passed over";
}

}  // namespace

TEST_SUITE("pipeline") {
  TEST_CASE("an inbox: returns found, everything else passed over with its reason") {
    Folder f;
    rules::RuleBook book = rules::load_rules(root / "samples" / "council.yaml");
    f.file("2017-18-Q2/housing.xlsx");
    f.file("2017-18-Q2/~$housing.xlsx");
    f.file("2017-18-Q2/.~lock.planning.xlsx#");
    f.file("2017-18-Q2/notes.docx");
    f.file(".sync/hidden.xlsx");
    f.file("Leisure.msg");
    fs::path fresh = f.file("planning.csv");
    fs::last_write_time(fresh, fs::file_time_type::clock::now());
    fs::create_directory_symlink(".", f.dir / "loop");
    pipeline::Inbox inbox = pipeline::look_in(f.dir, book);
    REQUIRE(inbox.returns.size() == 2);
    CHECK(inbox.returns[0].path == f.dir / "2017-18-Q2/housing.xlsx");
    CHECK(inbox.returns[1].path == f.dir / "Leisure.msg");
    CHECK(inbox.returns[1].refused->first == "this is an Outlook message (.msg), which kpiflow does not open");
    CHECK(why_passed(inbox, "~$housing.xlsx") == "an Office lock file (the return is open in Excel or Word)");
    CHECK(why_passed(inbox, ".~lock.planning.xlsx#") == "a LibreOffice lock file (the return is open)");
    CHECK(why_passed(inbox, "notes.docx").rfind("not a return", 0) == 0);
    CHECK(why_passed(inbox, "loop") == "a link, not followed (put the return itself in the inbox)");
    CHECK(why_passed(inbox, "planning.csv").find("may still be being written; read by the next run") != std::string::npos);
    CHECK(why_passed(inbox, "hidden.xlsx") == "not passed over");  // hidden folders are not searched at all

    pipeline::Looking now;
    now.settle = seconds{0};
    CHECK(pipeline::look_in(f.dir, book, now).returns.size() == 3);
  }

  TEST_CASE("the period a run is for: the latest whose deadline passed, or later, the latest ended with returns arriving") {
    rules::RuleBook book = rules::load_rules(root / "samples" / "council.yaml");
    store::Store store = testing::fresh_store();
    auto chosen = [&](int y, unsigned m, unsigned d) { return pipeline::period_to_run(store, book, year{y} / month{m} / day{d}); };
    // Q2 2017/18 ended 30 Sep; its returns are due ten working days later, 13 Oct.
    auto before = chosen(2017, 10, 12);
    REQUIRE(before);
    CHECK(before->period.str() == "2017/18 Q1");
    CHECK(before->why == "the latest period whose deadline (14 Jul 2017) has passed");
    auto after = chosen(2017, 10, 16);
    REQUIRE(after);
    CHECK(after->period.str() == "2017/18 Q2");
    CHECK(after->why == "the latest period whose deadline (13 Oct 2017) has passed");

    store::Submission s;
    s.service = "HO";
    s.period = "2017/18 Q2";
    s.file = "housing.xlsx";
    s.sha256 = "aa";
    s.saved = s.ingested = "2017-10-02T09:00:00Z";
    store.add(s, {});
    auto arriving = chosen(2017, 10, 3);
    REQUIRE(arriving);
    CHECK(arriving->period.str() == "2017/18 Q2");
    CHECK(arriving->why == "the latest period that has ended whose returns are arriving (1 return in so far)");
    // A year the rule file sets no targets for is never chosen by its deadline:
    // years on, the last period of the last year it has targets for.
    CHECK(chosen(2030, 1, 1)->period.str() == "2017/18 Q4");
  }

  TEST_CASE("one run at a time: the second is refused naming the first") {
    Folder f;
    fs::path db = f.dir / "store.db";
    {
      pipeline::RunLock first(db);
      CHECK(first.taken_over().empty());
      std::string refused;
      try {
        pipeline::RunLock second(db);
      } catch (const Error& e) {
        refused = e.what();
      }
      CHECK(refused.find("another kpiflow run is using this store (process " + std::to_string(::getpid()) + " on ") != std::string::npos);
    }
    pipeline::RunLock again(db);  // released when the first ended
    CHECK(again.taken_over().empty());
  }

  TEST_CASE("a dead run's lock is taken over, and said") {
    Folder f;
    std::ofstream(f.dir / "store.db.lock") << "process 4242 on elsewhere, since 2017-10-30 02:00:00 UTC\n";
    pipeline::RunLock lock(f.dir / "store.db");
    CHECK(lock.taken_over() == "process 4242 on elsewhere, since 2017-10-30 02:00:00 UTC");
  }

  TEST_CASE("the archive keeps every version of a return saved under one name") {
    Folder f;
    fs::path inbox = f.dir / "inbox", kept = f.dir / "archive";
    auto deliver = [&](const std::string& text) {
      fs::create_directories(inbox / "Q2");
      std::ofstream(inbox / "Q2" / "housing.xlsx", std::ios::trunc) << text;
      return pipeline::archive(inbox, {ingest::Delivery{inbox / "Q2" / "housing.xlsx", std::nullopt, inbox / "Q2" / "housing.xlsx", std::nullopt, {}, std::nullopt}},
                               kept);
    };
    CHECK(deliver("first").empty());
    CHECK(deliver("first").empty());  // the same bytes: not copied again
    CHECK(deliver("corrected").empty());
    std::ifstream a(kept / "Q2" / "housing.xlsx"), b(kept / "Q2" / "housing (2).xlsx");
    std::string first, corrected;
    a >> first;
    b >> corrected;
    CHECK(first == "first");
    CHECK(corrected == "corrected");
    CHECK_FALSE(fs::exists(kept / "Q2" / "housing (3).xlsx"));
  }

  TEST_CASE("a store on a network filesystem is known as one") {
    Folder f;
    CHECK(pipeline::network_filesystem(f.dir / "store.db").empty());  // /tmp: a local disk
    ::setenv("KPIFLOW_FILESYSTEM_TYPE", "0x6969", 1);
    CHECK(pipeline::network_filesystem(f.dir / "store.db") == "NFS");
    ::setenv("KPIFLOW_FILESYSTEM_TYPE", "0xFF534D42", 1);
    CHECK(pipeline::network_filesystem(f.dir / "store.db") == "SMB/CIFS");
    ::unsetenv("KPIFLOW_FILESYSTEM_TYPE");
  }
}
