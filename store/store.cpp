#include "store/store.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <sqlite3.h>

#include <fstream>
#include <utility>

namespace kpiflow::store {

namespace {

constexpr int schema_version = 1;

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS submission (
  id            INTEGER PRIMARY KEY,
  service       TEXT NOT NULL,
  period        TEXT NOT NULL,
  file          TEXT NOT NULL,
  sha256        TEXT NOT NULL,
  saved         TEXT NOT NULL,
  submitted     TEXT NOT NULL DEFAULT '',
  ingested      TEXT NOT NULL,
  superseded_by INTEGER REFERENCES submission(id),
  UNIQUE (service, period, sha256)
);
CREATE TABLE IF NOT EXISTS observation (
  submission  INTEGER NOT NULL REFERENCES submission(id),
  indicator   TEXT NOT NULL,
  period      TEXT NOT NULL,
  value       REAL,
  state       TEXT CHECK (state IN ('M', 'not_due', 'missing', 'no_target')),
  raw         TEXT NOT NULL,
  cumulative  REAL,
  previous    REAL,
  estimated   INTEGER NOT NULL DEFAULT 0,
  commentary  TEXT NOT NULL DEFAULT '',
  target_raw  TEXT NOT NULL DEFAULT '',
  sheet       TEXT NOT NULL,
  cell        TEXT NOT NULL,
  commentary_cell TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (submission, indicator, period)
);
CREATE TABLE IF NOT EXISTS ingest_issue (
  period      TEXT NOT NULL,
  file        TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  service     TEXT NOT NULL,
  recorded    TEXT NOT NULL,
  code        TEXT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  indicator   TEXT NOT NULL,
  sheet       TEXT NOT NULL,
  cell        TEXT NOT NULL,
  part        TEXT NOT NULL,
  line        INTEGER NOT NULL,
  col         INTEGER NOT NULL,
  message     TEXT NOT NULL,
  hint        TEXT NOT NULL,
  raw         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ingest_issue_by_file ON ingest_issue (period, file);
CREATE TABLE IF NOT EXISTS issue (
  period      TEXT NOT NULL,
  code        TEXT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  service     TEXT NOT NULL,
  indicator   TEXT NOT NULL,
  location    TEXT NOT NULL,
  file        TEXT NOT NULL,
  sheet       TEXT NOT NULL,
  cell        TEXT NOT NULL,
  message     TEXT NOT NULL,
  hint        TEXT NOT NULL,
  raw         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS issue_by_period ON issue (period);
CREATE VIEW IF NOT EXISTS current_observation AS
  SELECT s.service, o.*, s.file, s.sha256
  FROM observation o JOIN submission s ON s.id = o.submission
  WHERE s.superseded_by IS NULL;
)sql";

// Every failure of the database itself reads the same way.
Error failure(const std::string& name, const std::string& detail) {
  return Error(Location::of_file(name), fmt::format("the history store failed: {}", detail),
               "check the disk is not full and no other kpiflow is writing the same store");
}

std::string to_hex(const unsigned char* digest, unsigned int length) {
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::string& name) : db_(db), name_(name) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail("prepare");
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  Statement& bind(int i, const std::string& text) {
    check(sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Statement& bind(int i, std::int64_t n) {
    check(sqlite3_bind_int64(stmt_, i, n));
    return *this;
  }
  Statement& bind(int i, const std::optional<double>& v) {
    check(v ? sqlite3_bind_double(stmt_, i, *v) : sqlite3_bind_null(stmt_, i));
    return *this;
  }
  Statement& bind(int i, const std::optional<std::string>& v) {
    return v ? bind(i, *v) : (check(sqlite3_bind_null(stmt_, i)), *this);
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  // True while there is a row.
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail("step");
    return false;
  }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }
  std::optional<std::string> maybe_text(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    return text(col);
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::optional<std::int64_t> maybe_integer(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    return integer(col);
  }
  std::optional<double> maybe_real(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_double(stmt_, col);
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail("bind");
  }
  [[noreturn]] void fail(const char* what) const {
    throw failure(name_, fmt::format("{}: {}", what, sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  const std::string& name_;
};

Submission submission_row(const Statement& s) {
  Submission out;
  out.id = s.integer(0);
  out.service = s.text(1);
  out.period = s.text(2);
  out.file = s.text(3);
  out.sha256 = s.text(4);
  out.saved = s.text(5);
  out.ingested = s.text(6);
  out.superseded_by = s.maybe_integer(7);
  out.submitted = s.text(8);
  return out;
}

}  // namespace

Store::Store(sqlite3* db, std::string name) : db_(db), name_(std::move(name)) {
  exec("PRAGMA foreign_keys = ON");
  Statement version(db_, "PRAGMA user_version", name_);
  version.step();
  std::int64_t found = version.integer(0);
  if (found > schema_version) {
    throw Error(Location::of_file(name_), fmt::format("the store was written by a newer kpiflow (schema {}, this one knows {})", found, schema_version),
                "use the kpiflow that wrote it, or a new --db file");
  }
  exec("BEGIN");
  exec(schema);
  exec(fmt::format("PRAGMA user_version = {}", schema_version).c_str());
  exec("COMMIT");
}

Store Store::open(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw Error(Location::of_file(path.string()), fmt::format("cannot open the history store: {}", message),
                "check the folder exists and you may write to it");
  }
  sqlite3_busy_timeout(db, 10000);  // a nightly batch and a person may share the store on a drive
  try {
    // A file that is not SQLite fails on its first read.
    return Store(db, path.string());
  } catch (const Error& e) {
    sqlite3_close(db);
    if (std::string(e.message()).find("file is not a database") != std::string::npos)
      throw Error(Location::of_file(path.string()), "this file is not a kpiflow history store", "name a new file with --db, or the store kpiflow made");
    throw;
  }
}

Store Store::in_memory() {
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) throw Error(Location::of_file(":memory:"), "cannot open an in-memory store");
  return Store(db, ":memory:");
}

Store::Store(Store&& other) noexcept : db_(std::exchange(other.db_, nullptr)), name_(std::move(other.name_)) {}
Store& Store::operator=(Store&& other) noexcept {
  std::swap(db_, other.db_);
  std::swap(name_, other.name_);
  return *this;
}
Store::~Store() {
  if (db_ != nullptr) sqlite3_close(db_);
}

void Store::exec(const char* sql) const {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw failure(name_, text);
  }
}

Outcome Store::add(Submission submission, const std::vector<Observation>& observations) {
  exec("BEGIN IMMEDIATE");
  try {
    {
      Statement same(db_, "SELECT id FROM submission WHERE service = ?1 AND period = ?2 AND sha256 = ?3", name_);
      same.bind(1, submission.service).bind(2, submission.period).bind(3, submission.sha256);
      if (same.step()) {
        exec("ROLLBACK");
        return Outcome::already_stored;
      }
    }
    {
      Statement insert(db_, "INSERT INTO submission (service, period, file, sha256, saved, ingested, submitted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", name_);
      insert.bind(1, submission.service).bind(2, submission.period).bind(3, submission.file).bind(4, submission.sha256);
      insert.bind(5, submission.saved).bind(6, submission.ingested).bind(7, submission.submitted);
      insert.step();
    }
    std::int64_t id = sqlite3_last_insert_rowid(db_);
    // The newer file supersedes: by the time it was saved, then by when it came in.
    Statement older(db_,
                    "UPDATE submission SET superseded_by = ?1 WHERE service = ?2 AND period = ?3 AND id <> ?1 "
                    "AND superseded_by IS NULL AND (saved < ?4 OR (saved = ?4 AND id < ?1))",
                    name_);
    older.bind(1, id).bind(2, submission.service).bind(3, submission.period).bind(4, submission.saved);
    older.step();
    bool superseded_others = sqlite3_changes(db_) > 0;
    Statement newer(db_,
                    "SELECT id FROM submission WHERE service = ?1 AND period = ?2 AND id <> ?3 AND superseded_by IS NULL "
                    "ORDER BY saved DESC, id DESC LIMIT 1",
                    name_);
    newer.bind(1, submission.service).bind(2, submission.period).bind(3, id);
    if (newer.step()) {  // an older file arriving late: stored, but not in force
      Statement mark(db_, "UPDATE submission SET superseded_by = ?1 WHERE id = ?2", name_);
      mark.bind(1, newer.integer(0)).bind(2, id);
      mark.step();
    }
    Statement row(db_,
                  "INSERT INTO observation (submission, indicator, period, value, state, raw, cumulative, estimated, "
                  "commentary, target_raw, sheet, cell, previous, commentary_cell) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                  name_);
    for (const auto& o : observations) {
      row.reset();
      row.bind(1, id).bind(2, o.indicator).bind(3, o.period).bind(4, o.value).bind(5, o.state).bind(6, o.raw);
      row.bind(7, o.cumulative).bind(8, static_cast<std::int64_t>(o.estimated)).bind(9, o.commentary);
      row.bind(10, o.target_raw).bind(11, o.sheet).bind(12, o.cell).bind(13, o.previous).bind(14, o.commentary_cell);
      row.step();
    }
    exec("COMMIT");
    return superseded_others ? Outcome::superseded_older : Outcome::added;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::vector<Submission> Store::submissions(const std::string& service, const std::string& period) const {
  Statement s(db_, "SELECT id, service, period, file, sha256, saved, ingested, superseded_by, submitted FROM submission "
                   "WHERE service = ?1 AND period = ?2 ORDER BY id", name_);
  s.bind(1, service).bind(2, period);
  std::vector<Submission> out;
  while (s.step()) out.push_back(submission_row(s));
  return out;
}

std::optional<Submission> Store::current(const std::string& service, const std::string& period) const {
  for (auto& s : submissions(service, period))
    if (!s.superseded_by) return s;
  return std::nullopt;
}

namespace {

constexpr const char* observation_columns =
    "indicator, period, value, state, raw, cumulative, estimated, commentary, target_raw, sheet, cell, previous, commentary_cell";

Observation observation_row(const Statement& s) {
  Observation o;
  o.indicator = s.text(0);
  o.period = s.text(1);
  o.value = s.maybe_real(2);
  o.state = s.maybe_text(3);
  o.raw = s.text(4);
  o.cumulative = s.maybe_real(5);
  o.estimated = s.integer(6) != 0;
  o.commentary = s.text(7);
  o.target_raw = s.text(8);
  o.sheet = s.text(9);
  o.cell = s.text(10);
  o.previous = s.maybe_real(11);
  o.commentary_cell = s.text(12);
  return o;
}

Severity severity_named(const std::string& text) {
  return text == "warning" ? Severity::warning : text == "info" ? Severity::info : Severity::error;
}

}  // namespace

std::vector<Observation> Store::current_observations(const std::string& period) const {
  Statement s(db_, fmt::format("SELECT {} FROM current_observation WHERE period = ?1 ORDER BY service, indicator", observation_columns).c_str(), name_);
  s.bind(1, period);
  std::vector<Observation> out;
  while (s.step()) out.push_back(observation_row(s));
  return out;
}

std::vector<Submission> Store::current_submissions(const std::string& period) const {
  Statement s(db_, "SELECT id, service, period, file, sha256, saved, ingested, superseded_by, submitted FROM submission "
                   "WHERE period = ?1 AND superseded_by IS NULL ORDER BY service", name_);
  s.bind(1, period);
  std::vector<Submission> out;
  while (s.step()) out.push_back(submission_row(s));
  return out;
}

std::vector<Observation> Store::observations(std::int64_t submission) const {
  Statement s(db_, fmt::format("SELECT {} FROM observation WHERE submission = ?1 ORDER BY rowid", observation_columns).c_str(), name_);
  s.bind(1, submission);
  std::vector<Observation> out;
  while (s.step()) out.push_back(observation_row(s));
  return out;
}

void Store::record_ingest_issues(const FileIssues& found) {
  exec("BEGIN IMMEDIATE");
  try {
    Statement clear(db_, "DELETE FROM ingest_issue WHERE period = ?1 AND file = ?2", name_);
    clear.bind(1, found.period).bind(2, found.file);
    clear.step();
    Statement row(db_,
                  "INSERT INTO ingest_issue (period, file, sha256, service, recorded, code, severity, indicator, sheet, cell, part, "
                  "line, col, message, hint, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                  name_);
    for (const Issue& issue : found.issues) {
      row.reset();
      row.bind(1, found.period).bind(2, found.file).bind(3, found.sha256).bind(4, found.service).bind(5, found.recorded);
      row.bind(6, issue.code).bind(7, std::string(to_string(issue.severity))).bind(8, issue.indicator);
      row.bind(9, issue.where.sheet).bind(10, issue.where.cell ? to_a1(*issue.where.cell) : std::string());
      row.bind(11, issue.where.part).bind(12, static_cast<std::int64_t>(issue.where.line)).bind(13, static_cast<std::int64_t>(issue.where.column));
      row.bind(14, issue.message).bind(15, issue.hint).bind(16, issue.raw);
      row.step();
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::vector<Issue> Store::ingest_issues(const std::string& period) const {
  // The issues of the returns in force, and of files that were not stored
  // (refused, or for no known service) unless their service has since sent
  // a return that is in force.
  Statement s(db_,
              "SELECT i.code, i.severity, i.file, i.sheet, i.cell, i.part, i.line, i.col, i.service, i.indicator, i.message, i.hint, i.raw "
              "FROM ingest_issue i WHERE i.period = ?1 AND ("
              " EXISTS (SELECT 1 FROM submission s WHERE s.service = i.service AND s.period = i.period AND s.sha256 = i.sha256 "
              "         AND s.superseded_by IS NULL)"
              " OR (NOT EXISTS (SELECT 1 FROM submission s WHERE s.service = i.service AND s.period = i.period AND s.sha256 = i.sha256)"
              "     AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.service = i.service AND s.service <> '' AND s.period = i.period "
              "                     AND s.superseded_by IS NULL AND s.ingested > i.recorded))) "
              "ORDER BY i.service, i.file, i.rowid",
              name_);
  s.bind(1, period);
  std::vector<Issue> out;
  while (s.step()) {
    Issue issue;
    issue.code = s.text(0);
    issue.severity = severity_named(s.text(1));
    issue.where.file = s.text(2);
    issue.where.sheet = s.text(3);
    if (auto cell = parse_a1(s.text(4))) issue.where.cell = *cell;
    issue.where.part = s.text(5);
    issue.where.line = static_cast<std::uint32_t>(s.integer(6));
    issue.where.column = static_cast<std::uint32_t>(s.integer(7));
    issue.service = s.text(8);
    issue.indicator = s.text(9);
    issue.message = s.text(10);
    issue.hint = s.text(11);
    issue.raw = s.text(12);
    out.push_back(std::move(issue));
  }
  return out;
}

void Store::record_issues(const std::string& period, const std::vector<Issue>& issues) {
  exec("BEGIN IMMEDIATE");
  try {
    Statement clear(db_, "DELETE FROM issue WHERE period = ?1", name_);
    clear.bind(1, period);
    clear.step();
    Statement row(db_,
                  "INSERT INTO issue (period, code, severity, service, indicator, location, file, sheet, cell, message, hint, raw) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                  name_);
    for (const Issue& issue : issues) {
      row.reset();
      row.bind(1, period).bind(2, issue.code).bind(3, std::string(to_string(issue.severity))).bind(4, issue.service);
      row.bind(5, issue.indicator).bind(6, issue.where.str()).bind(7, issue.where.file).bind(8, issue.where.sheet);
      row.bind(9, issue.where.cell ? to_a1(*issue.where.cell) : std::string()).bind(10, issue.message).bind(11, issue.hint).bind(12, issue.raw);
      row.step();
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::string sha256_of(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw Error(Location::of_file(""), "SHA-256 is not available from OpenSSL");
  return to_hex(digest, length);
}

std::string sha256_of_file(const std::filesystem::path& path) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    throw Error(Location::of_file(path.string()), "SHA-256 is not available from OpenSSL");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Location::of_file(path.string()), "cannot open the file", "check the path");
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  return to_hex(digest, length);
}

}  // namespace kpiflow::store
