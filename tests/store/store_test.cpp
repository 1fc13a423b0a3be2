#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <iterator>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "support/test_store.hpp"
#include "model/digest.hpp"
#include "store/store.hpp"

using namespace kpiflow;
using namespace kpiflow::store;

namespace {

Submission housing(const std::string& sha, const std::string& saved) {
  Submission s;
  s.service = "HO";
  s.period = "2017/18 Q2";
  s.file = "returns/housing-" + sha + ".xlsx";
  s.sha256 = sha;
  s.saved = saved;
  s.ingested = "2017-10-20T09:00:00Z";
  return s;
}

Observation figure(const std::string& indicator, double value, const std::string& cell) {
  Observation o;
  o.indicator = indicator;
  o.period = "2017/18 Q2";
  o.value = value;
  o.raw = std::to_string(value);
  o.sheet = "Q2 Return";
  o.cell = cell;
  return o;
}

namespace fs = std::filesystem;

struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("kpiflow-store-test-" + std::to_string(::getpid()));
  Scratch() { fs::create_directories(dir); }
  ~Scratch() { fs::remove_all(dir); }
  fs::path copy_of(const fs::path& from) const {
    fs::copy_file(from, dir / from.filename(), fs::copy_options::overwrite_existing);
    return dir / from.filename();
  }
};

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

template <typename Work>
std::string error_of(Work work) {
  try {
    work();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("ingesting the same file again changes nothing") {
    Store store = testing::fresh_store();
    CHECK(store.add(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 45, "D6")}) == Outcome::added);
    CHECK(store.add(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 99, "D6")}) == Outcome::already_stored);
    CHECK(store.submissions("HO", "2017/18 Q2").size() == 1);
    auto rows = store.current_observations("2017/18 Q2");
    REQUIRE(rows.size() == 1);
    CHECK(*rows[0].value == 45);
  }

  TEST_CASE("a newer submission supersedes the older, which is kept") {
    Store store = testing::fresh_store();
    store.add(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 45, "D6")});
    CHECK(store.add(housing("bbb", "2017-10-16T11:00:00Z"), {figure("HO-01", 44, "D6")}) == Outcome::superseded_older);
    auto all = store.submissions("HO", "2017/18 Q2");
    REQUIRE(all.size() == 2);
    CHECK(all[0].superseded_by == all[1].id);
    CHECK_FALSE(all[1].superseded_by);
    CHECK(store.current("HO", "2017/18 Q2")->sha256 == "bbb");
    auto rows = store.current_observations("2017/18 Q2");
    REQUIRE(rows.size() == 1);
    CHECK(*rows[0].value == 44);
  }

  TEST_CASE("an older file arriving late is kept but not put in force") {
    Store store = testing::fresh_store();
    store.add(housing("bbb", "2017-10-16T11:00:00Z"), {figure("HO-01", 44, "D6")});
    CHECK(store.add(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 45, "D6")}) == Outcome::added);
    CHECK(store.current("HO", "2017/18 Q2")->sha256 == "bbb");
    CHECK(*store.current_observations("2017/18 Q2").at(0).value == 44);
  }

  TEST_CASE("states, estimates, commentary and provenance are kept") {
    Store store = testing::fresh_store();
    Observation not_due;
    not_due.indicator = "HO-06";
    not_due.period = "2017/18 Q2";
    not_due.state = State::not_due;
    not_due.raw = "Not due";
    not_due.sheet = "Q2 Return";
    not_due.cell = "D11";
    Observation estimate = figure("HO-04", 5500000, "D9");
    estimate.estimated = true;
    estimate.commentary = "Estimate: September figures not final";
    estimate.cumulative = 11000000;
    store.add(housing("aaa", "2017-10-13T09:15:00Z"), {not_due, estimate});
    auto rows = store.current_observations("2017/18 Q2");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].indicator == "HO-04");
    CHECK(rows[0].estimated);
    CHECK(*rows[0].cumulative == 11000000);
    CHECK(rows[0].commentary == "Estimate: September figures not final");
    CHECK(rows[1].state == State::not_due);
    CHECK_FALSE(rows[1].value);
    CHECK(rows[1].cell == "D11");
  }

  TEST_CASE("a store is reopened with what it holds") {
    Scratch scratch;
    std::string path = testing::fresh_store_address(scratch.dir);
    {
      Store store = Store::open(path);
      store.add(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 45, "D6")});
    }
    Store again = Store::open(path);
    CHECK(again.current("HO", "2017/18 Q2")->file == "returns/housing-aaa.xlsx");
    CHECK(again.on_server() == testing::on_postgres());
  }

  TEST_CASE("several kpiflows making the same new store at once all open it") {
    // Regression: each read the store's schema version before taking the
    // write lock, so all but the first failed with "duplicate column name".
    Scratch scratch;
    for (int round = 0; round < 5; ++round) {
      std::string path = testing::fresh_store_address(scratch.dir, fmt::format("new-{}.db", round));
      std::vector<std::string> errors(4);
      std::vector<std::thread> openers;
      for (std::size_t i = 0; i < errors.size(); ++i)
        openers.emplace_back([&, i] { errors[i] = error_of([&] { Store::open(path).add(housing(std::to_string(i), "2017-10-13T09:15:00Z"), {}); }); });
      for (auto& t : openers) t.join();
      for (const auto& e : errors) CHECK(e == "no error");
    }
  }

  TEST_CASE("a file that is not a store is refused, not overwritten") {
    auto path = std::filesystem::temp_directory_path() / ("kpiflow-not-a-store-" + std::to_string(::getpid()) + ".db");
    std::ofstream(path) << "Ref,Value\nHO-01,45\n";
    try {
      Store::open(path);
      FAIL("not refused");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == path.string() + ": this file is not a kpiflow history store; hint: name a new file "
                                                     "with --db, or the store kpiflow made");
    }
    std::ifstream in(path);
    std::string first;
    std::getline(in, first);
    CHECK(first == "Ref,Value");
    std::filesystem::remove(path);
  }

  TEST_CASE("SHA-256 matches the standard's test vector") {
    CHECK(sha256_of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    Scratch scratch;
    std::ofstream(scratch.dir / "abc.txt") << "abc";
    CHECK(sha256_of_file(scratch.dir / "abc.txt") == sha256_of("abc"));
    std::string large(200000, 'x');  // more than one block
    std::ofstream(scratch.dir / "large.txt") << large;
    CHECK(sha256_of_file(scratch.dir / "large.txt") == sha256_of(large));
    CHECK(sha256_of_file(scratch.dir / "absent.txt").empty());
  }

  // Issue 11: the store's promises, tried with faults injected. Each case
  // failed before (see the closing note).
  TEST_CASE("a store written by the first release is upgraded in place, keeping everything") {
    Scratch scratch;
    fs::path path = scratch.copy_of(fs::path(KPIFLOW_TESTS_DIR) / "store" / "fixtures" / "schema-1.db");
    CHECK(error_of([&] { Store::open(path, Access::read_only); }) ==
          path.string() + ": the store is of an earlier kpiflow (schema 1) and is opened read-only here; hint: run kpiflow transform "
                          "(which writes) once with this --db: it upgrades the store, keeping everything in it");
    {
      Store store = Store::open(path);
      CHECK(store.current_submissions("2017/18 Q1").size() == 8);
      CHECK(store.current_submissions("2017/18 Q2").size() == 1);
      REQUIRE(store.scorecard("2017/18 Q1"));
      CHECK(store.scorecard("2017/18 Q1")->results.size() == 61);
      CHECK(store.ingest_issues("2017/18 Q2").size() == 2);
      auto issues = store.issues("2017/18 Q2");
      REQUIRE(issues.size() == 9);
      CHECK(issues[2].where.str() == "samples/council.yaml:35:5");  // the place kept only as text in schema 1
      CHECK(issues[2].where.line == 35);
      CHECK(issues[0].where.str() == "samples/returns/2017-18-Q2/housing-2017-18-Q2.xlsx!'Q2 Return'!D9");
    }
    Store again = Store::open(path, Access::read_only);  // now of this schema
    CHECK(again.current_submissions("2017/18 Q1").size() == 8);
  }

  TEST_CASE("another program's SQLite database is refused, untouched") {
    Scratch scratch;
    fs::path path = scratch.dir / "contacts.db";
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TABLE contact (name TEXT); INSERT INTO contact VALUES ('Jane')", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    std::string before = bytes_of(path);
    CHECK(error_of([&] { Store::open(path); }) ==
          path.string() + ": this file is another program's SQLite database, not a kpiflow history store; it was not changed; hint: name "
                          "a new file with --db, or the store kpiflow made");
    CHECK(bytes_of(path) == before);
  }

  TEST_CASE("a damaged store is reported as damaged, with what to do") {
    Scratch scratch;
    fs::path path = scratch.copy_of(fs::path(KPIFLOW_TESTS_DIR) / "store" / "fixtures" / "schema-1.db");
    {
      std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
      file.seekp(4096 * 2);  // pages 3 to 5, headers and all
      std::string junk(3 * 4096, '\x5A');
      file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    std::string message = error_of([&] { Store::open(path).check_integrity(); });
    INFO(message);
    CHECK(message.rfind(path.string() + ": the history store is damaged: ", 0) == 0);
    CHECK(message.find("hint: restore it from a backup, or ingest the returns again into a new --db file") != std::string::npos);
  }

  TEST_CASE("a return and its issues are stored in one transaction: a failure stores neither") {
    Scratch scratch;
    fs::path path = scratch.dir / "store.db";
    Store::open(path);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    // The issues' write fails, as a kill or a full disk between the two would.
    REQUIRE(sqlite3_exec(db, "CREATE TRIGGER fail BEFORE INSERT ON ingest_issue BEGIN SELECT RAISE(ABORT, 'injected'); END", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
    sqlite3_close(db);
    Store store = Store::open(path);
    FileIssues found{"2017/18 Q2", "returns/housing-aaa.xlsx", "aaa", "HO", "2017-10-20T09:00:00Z", {}, "", {}, {}};
    found.issues.push_back(Issue::of(Code::blank_value, Location::of_cell("returns/housing-aaa.xlsx", "Q2 Return", {9, 3}), "no figure", "h"));
    CHECK_THROWS_AS(store.ingest(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 45, "D6")}, found), Error);
    CHECK(store.submissions("HO", "2017/18 Q2").empty());
  }

  TEST_CASE("a file's issues are kept once, however its path is spelled and under whatever name a copy is") {
    Store store = testing::fresh_store();
    auto issues_of = [](const std::string& file, const std::string& sha, const std::string& canonical) {
      FileIssues found{"2017/18 Q2", file, sha, "", "2017-10-20T09:00:00Z", {}, canonical, {}, {}};
      found.issues.push_back(Issue::of(Code::unknown_service, Location::of_file(file), "no service", "h"));
      return found;
    };
    store.record_ingest_issues(issues_of("./returns/r.csv", "aaa", "/data/returns/r.csv"));
    store.record_ingest_issues(issues_of("/data/returns/r.csv", "aaa", "/data/returns/r.csv"));
    store.record_ingest_issues(issues_of("returns/../returns/r.csv", "aaa", "/data/returns/r.csv"));
    store.record_ingest_issues(issues_of("returns/copy of r.csv", "aaa", "/data/returns/copy of r.csv"));
    CHECK(store.ingest_issues("2017/18 Q2").size() == 1);
    // The file edited in place: its new issues replace the old.
    store.record_ingest_issues(issues_of("returns/r.csv", "bbb", "/data/returns/r.csv"));
    auto now = store.ingest_issues("2017/18 Q2");
    CHECK(now.size() == 2);  // the copy (aaa) and the edited file (bbb): two contents
  }

  TEST_CASE("a store opened read-only is read and never written") {
    Scratch scratch;
    fs::path path = scratch.dir / "store.db";
    { Store::open(path).add(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 45, "D6")}); }
    std::string before = bytes_of(path);
    {
      Store store = Store::open(path, Access::read_only);
      CHECK(store.current("HO", "2017/18 Q2")->file == "returns/housing-aaa.xlsx");
      CHECK_THROWS_AS(store.record_issues("2017/18 Q2", {}), Error);
    }
    CHECK(bytes_of(path) == before);
    CHECK(error_of([&] { Store::open(scratch.dir / "none.db", Access::read_only); }) ==
          (scratch.dir / "none.db").string() + ": there is no history store here; hint: check --db, or run kpiflow ingest first");
  }

  // What only a server has: roles, a schema shared with others, a run's lock in the database.
  TEST_CASE("on a server, a read-only role reads the store and cannot write to it") {
    if (!testing::on_postgres()) return;
    Scratch scratch;
    std::string address = testing::fresh_store_address(scratch.dir);
    std::string schema = address.substr(address.rfind("%3D") + 3);
    {
      Store store = Store::open(address);
      store.add(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 45, "D6")});
      CHECK(store.may_write());
    }
    std::string reader = "reader_" + schema;
    PGconn* admin = PQconnectdb(std::getenv("KPIFLOW_TEST_POSTGRES"));
    REQUIRE(PQstatus(admin) == CONNECTION_OK);
    PQclear(PQexec(admin, fmt::format("CREATE ROLE {0} LOGIN; GRANT USAGE ON SCHEMA {1} TO {0}; GRANT SELECT ON ALL TABLES IN SCHEMA {1} TO {0}",
                                      reader, schema).c_str()));
    PQfinish(admin);
    std::string as_reader = address + "&user=" + reader;
    {
      Store store = Store::open(as_reader, Access::read_only);
      CHECK(store.current("HO", "2017/18 Q2")->file == "returns/housing-aaa.xlsx");
    }
    Store store = Store::open(as_reader);  // as validate opens it
    CHECK_FALSE(store.may_write());
    store.cache_rules("key", "book");  // a cache it may not keep is not kept
    std::string refused = error_of([&] { store.record_issues("2017/18 Q2", {}); });
    CHECK(refused.find("this role may only read the store (the server says: ERROR:  permission denied for table") != std::string::npos);
    CHECK(refused.find("hint: ingest, transform, chase and run need a role that may write") != std::string::npos);
  }

  TEST_CASE("on a server, another program's tables are refused, untouched") {
    if (!testing::on_postgres()) return;
    Scratch scratch;
    std::string address = testing::fresh_store_address(scratch.dir);
    PGconn* admin = PQconnectdb(address.c_str());
    REQUIRE(PQstatus(admin) == CONNECTION_OK);
    PQclear(PQexec(admin, "CREATE TABLE invoices (id INTEGER)"));
    PQfinish(admin);
    std::string message = error_of([&] { Store::open(address); });
    CHECK(message.find("holds another program's tables, not a kpiflow history store; it was not changed") != std::string::npos);
    CHECK(message.find("hint: give kpiflow a database or schema of its own") != std::string::npos);
  }

  TEST_CASE("on a server, a run's lock is held by one connection at a time and goes with it") {
    if (!testing::on_postgres()) return;
    Scratch scratch;
    std::string address = testing::fresh_store_address(scratch.dir);
    std::optional<Store> first = Store::open(address);
    CHECK_FALSE(first->lock_runs("kpiflow run: process 1 on here"));
    Store second = Store::open(address);
    auto holder = second.lock_runs("kpiflow run: process 2 on there");
    REQUIRE(holder);
    CHECK(holder->find("kpiflow run: process 1 on here") != std::string::npos);
    first.reset();  // the connection closed, as a killed run's is
    // The server ends the closed connection's session, and its lock, within moments, not at once.
    bool taken = false;
    for (int tries = 0; tries < 100 && !taken; ++tries) {
      taken = !second.lock_runs("kpiflow run: process 2 on there");
      if (!taken) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(taken);
  }

  TEST_CASE("store copy moves every row, and a copy that does not read back the same is caught") {
    Scratch scratch;
    Store from = Store::open(testing::fresh_store_address(scratch.dir, "from.db"));
    from.add(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 45, "D6")});
    from.add(housing("bbb", "2017-10-14T09:15:00Z"), {figure("HO-01", 0.1 + 0.2, "D6")});  // supersedes aaa; a figure needing all 17 digits
    {
      Store to = Store::open((scratch.dir / "to.db").string());
      auto tables = copy(from, to);
      for (const auto& t : tables) CHECK_MESSAGE(t.same(), t.table);
      CHECK(tables.front().rows == 2);
      CHECK(to.current("HO", "2017/18 Q2")->sha256 == "bbb");
      CHECK(to.observations(to.current("HO", "2017/18 Q2")->id)[0].value == 0.1 + 0.2);
      CHECK(error_of([&] { copy(from, to); }).find("the store to copy into already holds a history; it was not changed") != std::string::npos);
    }
    // A copy whose figures are changed on the way in (a trigger) is reported as different.
    fs::path bent = scratch.dir / "bent.db";
    Store::open(bent.string());
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(bent.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TRIGGER bend AFTER INSERT ON observation BEGIN UPDATE observation SET value = value + 1 "
                             "WHERE rowid = new.rowid; END", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    Store to = Store::open(bent.string());
    auto tables = copy(from, to);
    for (const auto& t : tables) CHECK_MESSAGE(t.same() == (t.table != "observation"), t.table);
  }

  TEST_CASE("on a server, a failure among the writes sent without waiting still leaves nothing of its return") {
    if (!testing::on_postgres()) return;
    Scratch scratch;
    std::string address = testing::fresh_store_address(scratch.dir);
    Store::open(address);
    PGconn* admin = PQconnectdb(address.c_str());
    REQUIRE(PQstatus(admin) == CONNECTION_OK);
    PGresult* made = PQexec(admin, "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'injected'; END$$; "
                                   "CREATE TRIGGER refuse BEFORE INSERT ON ingest_issue FOR EACH ROW EXECUTE FUNCTION refuse()");
    REQUIRE(PQresultStatus(made) == PGRES_COMMAND_OK);
    PQclear(made);
    PQfinish(admin);
    Store store = Store::open(address);
    FileIssues clean{"2017/18 Q2", "returns/housing-aaa.xlsx", "aaa", "HO", "2017-10-20T09:00:00Z", {}, "", {}, {}};
    FileIssues found{"2017/18 Q2", "returns/housing-bbb.xlsx", "bbb", "HO", "2017-10-20T09:00:00Z", {}, "", {}, {}};
    found.issues.push_back(Issue::of(Code::blank_value, Location::of_cell("returns/housing-bbb.xlsx", "Q2 Return", {9, 3}), "no figure", "h"));
    {
      Store::Batch batch(store);
      store.ingest(housing("aaa", "2017-10-13T09:15:00Z"), {figure("HO-01", 45, "D6")}, clean);
      std::string message = error_of([&] { store.ingest(housing("bbb", "2017-10-14T09:15:00Z"), {figure("HO-01", 46, "D6")}, found); });
      CHECK(message.find("injected") != std::string::npos);
    }
    auto kept = store.submissions("HO", "2017/18 Q2");
    REQUIRE(kept.size() == 1);  // the batch's first return, whole; the second, nothing
    CHECK(kept[0].sha256 == "aaa");
    CHECK(store.observations(kept[0].id).size() == 1);
  }

  TEST_CASE("--db names a server by its address, and a password in it is never shown") {
    CHECK(is_server("postgresql://db.council.local/performance"));
    CHECK(is_server("postgres://team@db/perf?sslmode=require"));
    CHECK(is_server("host=db.council.local dbname=performance"));
    CHECK_FALSE(is_server("kpiflow.db"));
    CHECK_FALSE(is_server("/srv/stores/host=old.db"));
    CHECK(shown_address("postgresql://team:s3cret@db/perf") == "postgresql://team:***@db/perf");
    CHECK(shown_address("host=db password=s3cret dbname=perf") == "host=db password=*** dbname=perf");
    CHECK(shown_address("postgresql://db/perf?user=team&password=s3cret&sslmode=require") ==
          "postgresql://db/perf?user=team&password=***&sslmode=require");
    CHECK(shown_address("kpiflow.db") == "kpiflow.db");
    // Refused at the door, with the address as shown.
    std::string message = error_of([] { Store::open("postgresql://team:s3cret@127.0.0.1:1/perf?connect_timeout=2"); });
    CHECK(message.rfind("postgresql://team:***@127.0.0.1:1/perf?connect_timeout=2: cannot connect to the history store's server: ", 0) == 0);
    CHECK(message.find("s3cret") == std::string::npos);
  }

  TEST_CASE("a period's results are read in order however many, with other questions asked between them") {
    // On a server they come 2,000 at a time through a cursor of the server's.
    Store store = testing::fresh_store();
    Scorecard card;
    card.period = "2017/18 Q2";
    for (int i = 0; i < 4500; ++i) {
      Result r;
      r.indicator = fmt::format("I{:04}", i);
      r.period = card.period;
      r.value = i * 0.1;
      card.results.push_back(r);
    }
    store.record_scorecard(card, "rules");
    int seen = 0;
    bool in_order = true;
    store.each_result(card.period, [&](const Result& r) {
      in_order = in_order && r.indicator == fmt::format("I{:04}", seen) && r.value == seen * 0.1;
      if (seen++ % 1000 == 0) CHECK(store.result_count(card.period) == 4500);  // another query between rows
    });
    CHECK(seen == 4500);
    CHECK(in_order);
    store.record_issues(card.period, {});  // a write after the loop is not inside its read
    CHECK(store.scorecard(card.period)->results.size() == 4500);
  }
}
