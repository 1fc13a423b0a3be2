#include "store/database.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdlib>
#include <cstring>
#include <regex>

namespace kpiflow::store {

Error failure(const std::string& name, const std::string& detail, bool damaged, const char* hint) {
  if (hint != nullptr) return Error(Location::of_file(name), fmt::format("the history store failed: {}", detail), hint);
  if (damaged)
    return Error(Location::of_file(name), fmt::format("the history store is damaged: {}", detail),
                 "restore it from a backup, or ingest the returns again into a new --db file; the returns themselves are not affected");
  return Error(Location::of_file(name), fmt::format("the history store failed: {}", detail),
               "check the disk is not full and no other kpiflow is writing the same store");
}

namespace {

// ---------------------------------------------------------------- SQLite

class SqliteCursor final : public Cursor {
 public:
  SqliteCursor(sqlite3* db, const char* sql, const std::string& name) : db_(db), name_(name) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      sqlite3_finalize(stmt_);
      stmt_ = nullptr;
      fail("prepare");
    }
  }
  ~SqliteCursor() override { sqlite3_finalize(stmt_); }
  void bind_null(int i) override { check(sqlite3_bind_null(stmt_, i)); }
  void bind_integer(int i, std::int64_t n) override { check(sqlite3_bind_int64(stmt_, i, n)); }
  void bind_real(int i, double v) override { check(sqlite3_bind_double(stmt_, i, v)); }
  void bind_text(int i, std::string_view text) override {
    check(sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
  }
  void bind_blob(int i, std::string_view bytes) override {
    check(sqlite3_bind_blob(stmt_, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT));
  }
  int parameter(const char* name) override { return sqlite3_bind_parameter_index(stmt_, name); }
  bool step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail("step");
    return false;
  }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  int column_count() override { return sqlite3_column_count(stmt_); }
  std::string column_name(int col) override { return sqlite3_column_name(stmt_, col); }
  bool null_at(int col) override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t integer_at(int col) override { return sqlite3_column_int64(stmt_, col); }
  double real_at(int col) override { return sqlite3_column_double(stmt_, col); }
  std::string text_at(int col) override {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }
  Kind kind_at(int col) override {
    switch (sqlite3_column_type(stmt_, col)) {
      case SQLITE_NULL: return Kind::null;
      case SQLITE_INTEGER: return Kind::integer;
      case SQLITE_FLOAT: return Kind::real;
      case SQLITE_BLOB: return Kind::blob;
      default: return Kind::text;
    }
  }
  std::string blob_at(int col) override {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail("bind");
  }
  [[noreturn]] void fail(const char* what) const {
    int code = sqlite3_errcode(db_);
    throw failure(name_, fmt::format("{}: {}", what, sqlite3_errmsg(db_)), code == SQLITE_CORRUPT || code == SQLITE_NOTADB);
  }
  sqlite3* db_;
  const std::string& name_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Sqlite final : public Database {
 public:
  Sqlite(sqlite3* db, std::string name, bool read_only) : Database(std::move(name)), db_(db), read_only_(read_only) {}
  ~Sqlite() override {
    forget_kept();  // finalized before the handle is closed
    sqlite3_close(db_);
  }
  bool server() const override { return false; }
  void exec(const std::string& sql) override {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      int code = sqlite3_errcode(db_);
      throw failure(name(), text, code == SQLITE_CORRUPT || code == SQLITE_NOTADB);
    }
  }
  std::unique_ptr<Cursor> prepare(const char* sql) override { return std::make_unique<SqliteCursor>(db_, sql, name()); }
  // BEGIN IMMEDIATE: a deferred transaction upgraded to a write cannot wait for another writer.
  void begin_write() override { exec("BEGIN IMMEDIATE"); }
  void begin_read() override { exec("BEGIN"); }
  void continue_numbering(const std::string&, const std::string&) override {}  // a rowid follows the largest
  Marks marks() override {
    // Read in one statement, so from one snapshot: read one by one, another
    // kpiflow making this new store could commit between the version (0) and
    // the tables (there), and the store it made be taken for another program's.
    SqliteCursor q(db_,
                   "SELECT (SELECT user_version FROM pragma_user_version), (SELECT application_id FROM pragma_application_id), "
                   "(SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'), "
                   "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'submission')",
                   name());
    q.step();
    std::int64_t application = q.integer_at(1);
    return Marks{q.integer_at(0), application == 0 || application == application_id, q.integer_at(2), q.integer_at(3) > 0};
  }
  std::int64_t version() override {
    SqliteCursor q(db_, "PRAGMA user_version", name());
    q.step();
    return q.integer_at(0);
  }
  void set_version(std::int64_t version) override {
    exec(fmt::format("PRAGMA user_version = {}", version));
    exec(fmt::format("PRAGMA application_id = {}", application_id));
  }
  // The rollback journal is kept between writes with its header zeroed
  // (PERSIST), not deleted: deleting it cost a directory sync per commit,
  // a third of a transform's time. Still the rollback journal, which a
  // network share supports (docs/store.md).
  void prepare_for_writes() override { exec("PRAGMA journal_mode = PERSIST"); }
  std::string dialect(const std::string& sql) const override { return sql; }
  void after_migrations(const std::vector<const char*>&) override {}
  bool may_write() override { return !read_only_; }
  // SQLite's run lock is a file beside the store, taken before it is opened.
  std::optional<std::string> lock_runs(const std::string&) override { return std::nullopt; }

 private:
  static constexpr std::int64_t application_id = 0x4B504946;  // "KPIF": PRAGMA application_id marks our files
  sqlite3* db_;
  bool read_only_;
};

// ---------------------------------------------------------------- PostgreSQL

constexpr const char* server_hint = "check the server is running and reachable, and the address given with --db (or KPIFLOW_DB)";

// The server's refusal, as a failure: a role that may only read is told so.
Error refusal(const std::string& name, const PGresult* r) {
  std::string message = r ? PQresultErrorMessage(r) : "the server did not answer";
  while (!message.empty() && message.back() == '\n') message.pop_back();
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  if (state && std::string_view(state) == "42501")  // insufficient_privilege
    return Error(Location::of_file(name), fmt::format("this role may only read the store (the server says: {})", message),
                 "ingest, transform, chase and run need a role that may write (docs/shared-store.md); export, template and validate need only read");
  return failure(name, message.empty() ? "the server refused the statement" : message, false, server_hint);
}

// The advisory locks' first key: "KPIF". The second is the store's schema.
constexpr int lock_write = 0x4B504946, lock_run = 0x4B504947;

// SQLite's ?1 and :name parameters as PostgreSQL's $1, outside quotes.
struct Translated {
  std::string sql;
  int parameters = 0;
  std::vector<std::pair<std::string, int>> named;
};

Translated translate(const char* sql) {
  Translated out;
  std::string_view s(sql);
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\'' || c == '"') {
      std::size_t end = s.find(c, i + 1);
      if (end == std::string_view::npos) end = s.size() - 1;
      out.sql.append(s.substr(i, end - i + 1));
      i = end;
    } else if (c == '?' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      std::size_t j = i + 1;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      int n = std::atoi(std::string(s.substr(i + 1, j - i - 1)).c_str());
      out.parameters = std::max(out.parameters, n);
      out.sql += fmt::format("${}", n);
      i = j - 1;
    } else if (c == ':' && i + 1 < s.size() && (std::isalpha(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '_') &&
               (i == 0 || s[i - 1] != ':')) {
      std::size_t j = i + 1;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      std::string name(s.substr(i, j - i));
      int n = 0;
      for (const auto& [known, index] : out.named)
        if (known == name) n = index;
      if (n == 0) out.named.emplace_back(name, n = ++out.parameters);
      out.sql += fmt::format("${}", n);
      i = j - 1;
    } else {
      out.sql += c;
    }
  }
  return out;
}

// A connection's state its statements share. Statements whose answer no
// one reads (an INSERT, UPDATE or DELETE without RETURNING: a return's
// figures, a scorecard's results) are sent without waiting for it, in
// libpq's pipeline mode: on a server each wait is a round trip, and storing
// a return was mostly waiting. Their answers are read before anything else
// is asked of the server (a query, a savepoint, a commit), and the first
// failure among them is raised there, inside the same transaction, so a
// return is still all or nothing.
struct Session {
  PGconn* conn = nullptr;
  const std::string* name = nullptr;
  bool open = true;
  int queued = 0;

  // A prepared statement (statement), or SQL without parameters (sql).
  void send(const char* statement, int n, const char* const* values, const int* lengths, const int* formats, const char* sql = nullptr) {
    if (queued == 0 && PQenterPipelineMode(conn) != 1) throw failure(*name, PQerrorMessage(conn), false, server_hint);
    int sent = sql ? PQsendQueryParams(conn, sql, 0, nullptr, nullptr, nullptr, nullptr, 0)
                   : PQsendQueryPrepared(conn, statement, n, values, lengths, formats, 0);
    if (sent != 1) {
      std::string message = PQerrorMessage(conn);
      settle();
      throw failure(*name, message, false, server_hint);
    }
    // Answers are read every few hundred, so that neither side's buffer fills while the other waits.
    if (++queued >= 256) settle();
  }
  // Reads every answer owed, then leaves pipeline mode; raises the first failure.
  void settle() {
    if (queued == 0) return;
    queued = 0;
    std::optional<Error> first;
    if (PQpipelineSync(conn) != 1) {
      first = failure(*name, PQerrorMessage(conn), false, server_hint);
    } else {
      for (;;) {
        PGresult* r = PQgetResult(conn);
        if (r == nullptr) {
          if (PQstatus(conn) == CONNECTION_OK) continue;  // between one statement's answer and the next
          if (!first) first = failure(*name, PQerrorMessage(conn), false, server_hint);
          break;
        }
        auto status = PQresultStatus(r);
        if (status == PGRES_FATAL_ERROR && !first) first = refusal(*name, r);
        PQclear(r);
        if (status == PGRES_PIPELINE_SYNC) break;
      }
    }
    PQexitPipelineMode(conn);
    if (first) throw *first;
  }
};

class PostgresCursor final : public Cursor {
 public:
  PostgresCursor(std::shared_ptr<Session> session, const char* sql, const std::string& name, int number)
      : conn_(session->conn), session_(std::move(session)), name_(name), translated_(translate(sql)), statement_(fmt::format("kpiflow_{}", number)) {
    std::string_view text(sql);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    unanswered_ = (text.rfind("INSERT", 0) == 0 || text.rfind("UPDATE", 0) == 0 || text.rfind("DELETE", 0) == 0) &&
                  text.find("RETURNING") == std::string_view::npos;
    values_.resize(static_cast<std::size_t>(translated_.parameters));
    present_.assign(values_.size(), 0);
    formats_.assign(values_.size(), 0);
  }
  ~PostgresCursor() override {
    if (result_) PQclear(result_);
    // A statement made for one use is let go; those kept go with the connection.
    if (!session_->open) return;
    close_portal();
    if (!prepared_) return;
    try {
      session_->settle();
    } catch (const Error&) {
      return;  // the failure is the next statement's to report
    }
    PQclear(PQexec(conn_, fmt::format("DEALLOCATE {}", statement_).c_str()));
  }
  void bind_null(int i) override { slot(i), present_[static_cast<std::size_t>(i - 1)] = 0; }
  void bind_integer(int i, std::int64_t n) override { put(i, std::to_string(n), 0); }
  // Exactly: 17 significant digits read back as the same double.
  void bind_real(int i, double v) override { put(i, fmt::format("{:.17g}", v), 0); }
  void bind_text(int i, std::string_view text) override { put(i, std::string(text), 0); }
  void bind_blob(int i, std::string_view bytes) override { put(i, std::string(bytes), 1); }
  int parameter(const char* name) override {
    for (const auto& [known, index] : translated_.named)
      if (known == name) return index;
    return 0;
  }
  void stream() override { stream_ = true; }
  bool step() override {
    if (!result_ && !sent_) run();
    if (++row_ < rows_) return true;
    if (!portal_.empty()) {  // the next batch
      fetch();
      return ++row_ < rows_;
    }
    return false;
  }
  void reset() override {
    close_portal();
    if (result_) PQclear(result_);
    result_ = nullptr;
    sent_ = false;
    row_ = -1, rows_ = 0;
    present_.assign(values_.size(), 0);
  }
  int column_count() override { return result_ ? PQnfields(result_) : 0; }
  std::string column_name(int col) override { return PQfname(result_, col); }
  bool null_at(int col) override { return PQgetisnull(result_, row_, col) != 0; }
  std::int64_t integer_at(int col) override {
    const char* v = PQgetvalue(result_, row_, col);
    if (*v == 't') return 1;  // a boolean
    return std::strtoll(v, nullptr, 10);
  }
  double real_at(int col) override { return std::strtod(PQgetvalue(result_, row_, col), nullptr); }
  std::string text_at(int col) override {
    return std::string(PQgetvalue(result_, row_, col), static_cast<std::size_t>(PQgetlength(result_, row_, col)));
  }
  Kind kind_at(int col) override {
    if (PQgetisnull(result_, row_, col)) return Kind::null;
    switch (PQftype(result_, col)) {  // pg_type's oids: bool, int8, int2, int4; float4, float8; bytea
      case 16: case 20: case 21: case 23: return Kind::integer;
      case 700: case 701: return Kind::real;
      case 17: return Kind::blob;
      default: return Kind::text;
    }
  }
  std::string blob_at(int col) override {
    std::size_t size = 0;
    unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row_, col)), &size);
    if (!bytes) throw failure(name_, "a stored rule book could not be read", false, server_hint);
    std::string out(reinterpret_cast<const char*>(bytes), size);
    PQfreemem(bytes);
    return out;
  }

 private:
  void slot(int i) const {
    if (i < 1 || i > static_cast<int>(values_.size())) throw std::logic_error(fmt::format("the query has no parameter {}", i));
  }
  void put(int i, std::string value, int format) {
    slot(i);
    auto at = static_cast<std::size_t>(i - 1);
    values_[at] = std::move(value);
    present_[at] = 1;
    formats_[at] = format;
  }
  void run();
  void declare(const std::vector<const char*>& values, const std::vector<int>& lengths);
  void fetch();
  void close_portal();
  PGconn* conn_;
  std::shared_ptr<Session> session_;
  bool stream_ = false;
  std::string portal_;       // open while a streamed query has rows to come
  bool began_ = false;       // and the read transaction it opened for them
  bool unanswered_ = false;  // its answer is read later (Session)
  bool sent_ = false;
  const std::string& name_;
  Translated translated_;
  std::string statement_;
  bool prepared_ = false;
  std::vector<std::string> values_;
  std::vector<char> present_;
  std::vector<int> formats_;
  PGresult* result_ = nullptr;
  int row_ = -1, rows_ = 0;
};

// A streamed query is a server-side cursor read 2,000 rows at a time, in a
// transaction: the one in progress, or a read-only one of its own, ended as
// soon as the last rows are in (so a write after the loop is not inside it).
void PostgresCursor::declare(const std::vector<const char*>& values, const std::vector<int>& lengths) {
  if (PQtransactionStatus(conn_) == PQTRANS_IDLE) {
    PQclear(PQexec(conn_, "BEGIN READ ONLY"));
    began_ = true;
  }
  portal_ = statement_ + "_rows";
  PGresult* r = PQexecParams(conn_, fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", portal_, translated_.sql).c_str(), translated_.parameters,
                             nullptr, values.data(), lengths.data(), formats_.data(), 0);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    Error error = refusal(name_, r);
    PQclear(r);
    portal_.clear();
    if (began_) PQclear(PQexec(conn_, "ROLLBACK"));
    began_ = false;
    throw error;
  }
  PQclear(r);
  fetch();
}

void PostgresCursor::fetch() {
  constexpr int batch = 2000;
  session_->settle();
  if (result_) PQclear(result_);
  result_ = PQexec(conn_, fmt::format("FETCH {} FROM {}", batch, portal_).c_str());
  if (PQresultStatus(result_) != PGRES_TUPLES_OK) {
    Error error = refusal(name_, result_);
    PQclear(result_);
    result_ = nullptr;
    rows_ = 0;
    close_portal();
    throw error;
  }
  rows_ = PQntuples(result_);
  row_ = -1;
  if (rows_ < batch) close_portal();  // the last rows are in hand
}

void PostgresCursor::close_portal() {
  if (portal_.empty() || !session_->open) return;
  try {
    session_->settle();
  } catch (const Error&) {
  }
  if (PQtransactionStatus(conn_) == PQTRANS_INTRANS) PQclear(PQexec(conn_, fmt::format("CLOSE {}", portal_).c_str()));
  if (began_) PQclear(PQexec(conn_, "COMMIT"));
  portal_.clear();
  began_ = false;
}

void PostgresCursor::run() {
  if (!unanswered_ || !prepared_) session_->settle();
  if (!prepared_) {
    PGresult* r = PQprepare(conn_, statement_.c_str(), translated_.sql.c_str(), translated_.parameters, nullptr);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    std::string message = ok ? std::string() : PQresultErrorMessage(r);
    PQclear(r);
    if (!ok) throw failure(name_, fmt::format("prepare: {}", message), false, server_hint);
    prepared_ = true;
  }
  std::vector<const char*> values(values_.size());
  std::vector<int> lengths(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) {
    values[i] = present_[i] ? values_[i].data() : nullptr;
    lengths[i] = static_cast<int>(values_[i].size());
  }
  if (stream_) {
    declare(values, lengths);
    return;
  }
  if (unanswered_) {
    session_->send(statement_.c_str(), translated_.parameters, values.data(), lengths.data(), formats_.data());
    sent_ = true;
    rows_ = 0, row_ = -1;
    return;
  }
  result_ = PQexecPrepared(conn_, statement_.c_str(), translated_.parameters, values.data(), lengths.data(), formats_.data(), 0);
  auto status = PQresultStatus(result_);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    Error error = refusal(name_, result_);
    PQclear(result_);
    result_ = nullptr;
    throw error;
  }
  rows_ = PQntuples(result_);
  row_ = -1;
}

// A schema's name as a lock's second key: stable, and the same in every process.
int schema_key(const std::string& schema) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : schema) h = (h ^ c) * 16777619u;
  return static_cast<int>(h & 0x7fffffff);
}

class Postgres final : public Database {
 public:
  Postgres(PGconn* conn, std::string name, bool read_only) : Database(std::move(name)), conn_(conn), read_only_(read_only) {
    session_->conn = conn_;
    session_->name = &this->name();
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);  // "already exists, skipping" is not news
    // extra_float_digits 3: every double read back exactly, whatever the server's default.
    exec("SET client_min_messages = warning; SET extra_float_digits = 3; SET datestyle = ISO");
    if (read_only_) exec("SET default_transaction_read_only = on");
    schema_ = single("SELECT coalesce(current_schema(), '')");
    if (schema_.empty())
      throw Error(Location::of_file(this->name()), "the database has no schema kpiflow may use (search_path names none that exists)",
                  "create the schema, or set search_path in the connection string (options=-csearch_path=kpiflow)");
  }
  ~Postgres() override {
    session_->open = false;
    forget_kept();
    PQfinish(conn_);
  }
  bool server() const override { return true; }
  void exec(const std::string& sql) override {
    // A savepoint's answer is read with the next question's: one round trip less per return.
    if (sql.rfind("SAVEPOINT ", 0) == 0) return session_->send(nullptr, 0, nullptr, nullptr, nullptr, sql.c_str());
    session_->settle();
    PGresult* r = PQexec(conn_, sql.c_str());
    auto status = PQresultStatus(r);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
      PQclear(r);
      return;
    }
    Error error = refusal(name(), r);
    PQclear(r);
    throw error;
  }
  std::unique_ptr<Cursor> prepare(const char* sql) override { return std::make_unique<PostgresCursor>(session_, sql, name(), ++statements_); }
  void begin_write() override {
    exec("BEGIN");
    try {
      exec(fmt::format("SELECT pg_advisory_xact_lock({}, {})", lock_write, schema_key(schema_)));
    } catch (...) {
      exec("ROLLBACK");
      throw;
    }
  }
  void begin_read() override { exec("BEGIN ISOLATION LEVEL REPEATABLE READ"); }
  void continue_numbering(const std::string& table, const std::string& column) override {
    exec(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', '{1}'), coalesce(max({1}), 0) + 1, false) FROM {0}", table, column));
  }
  Marks marks() override {
    // In one statement, so from one snapshot (as SQLite's): read one by one,
    // another kpiflow making this store could commit between the counts, and
    // its tables be taken for another program's.
    PostgresCursor q(session_,
                     "SELECT count(*) AS tables, count(*) FILTER (WHERE table_name = 'submission') AS submission, "
                     "count(*) FILTER (WHERE table_name = 'kpiflow_store') AS marked "
                     "FROM information_schema.tables WHERE table_schema = current_schema()",
                     name(), ++statements_);
    q.step();
    Marks m;
    m.tables = q.integer_at(0);
    m.has_submission = q.integer_at(1) > 0;
    bool marked = q.integer_at(2) > 0;
    m.ours = !marked || single("SELECT application FROM kpiflow_store") == "kpiflow";
    m.version = marked ? version() : 0;
    return m;
  }
  std::int64_t version() override {
    if (single("SELECT to_regclass('kpiflow_store') IS NOT NULL") != "t") return 0;
    return std::strtoll(single("SELECT coalesce(max(version), 0) FROM kpiflow_store").c_str(), nullptr, 10);
  }
  // SQLite marks its file with PRAGMA user_version and application_id; a
  // schema on a server is marked by a table of one row.
  void set_version(std::int64_t version) override {
    exec(fmt::format("CREATE TABLE IF NOT EXISTS kpiflow_store (application TEXT NOT NULL, version BIGINT NOT NULL); "
                     "DELETE FROM kpiflow_store; INSERT INTO kpiflow_store VALUES ('kpiflow', {})",
                     version));
  }
  // The store's SQL is SQLite's; PostgreSQL spells a few things otherwise:
  // REAL is four bytes there (DOUBLE PRECISION keeps a figure exact), an
  // INTEGER PRIMARY KEY is an identity, a BLOB is BYTEA, a view is replaced
  // rather than made if missing, and there is no rowid, so every table that
  // has no id of its own gets one: queries that read rows in the order they
  // were written read them the same on both.
  std::string dialect(const std::string& sql) const override {
    static const std::regex table(R"(CREATE TABLE IF NOT EXISTS (\w+) \(\n?)");
    std::string out;
    auto begin = std::sregex_iterator(sql.begin(), sql.end(), table);
    std::size_t from = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
      std::size_t at = static_cast<std::size_t>(it->position() + it->length());
      out.append(sql, from, at - from);
      std::size_t close = sql.find(";", at);
      std::string body = sql.substr(at, close == std::string::npos ? std::string::npos : close - at);
      if (body.find("INTEGER PRIMARY KEY") == std::string::npos) out += "rowid BIGINT GENERATED BY DEFAULT AS IDENTITY, ";
      from = at;
    }
    out.append(sql, from, std::string::npos);
    out = std::regex_replace(out, std::regex(R"(\bINTEGER PRIMARY KEY\b)"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    out = std::regex_replace(out, std::regex(R"(\bINTEGER\b)"), "BIGINT");
    out = std::regex_replace(out, std::regex(R"(\bREAL\b)"), "DOUBLE PRECISION");
    out = std::regex_replace(out, std::regex(R"(\bBLOB\b)"), "BYTEA");
    out = std::regex_replace(out, std::regex(R"(CREATE VIEW IF NOT EXISTS)"), "CREATE OR REPLACE VIEW");
    return out;
  }
  void after_migrations(const std::vector<const char*>& migrations) override {
    static const std::regex view(R"(CREATE VIEW IF NOT EXISTS (\w+) AS([^;]*))");
    for (const char* sql : migrations)
      for (std::cregex_iterator it(sql, sql + std::strlen(sql), view), end; it != end; ++it)
        exec(fmt::format("DROP VIEW IF EXISTS {0}; CREATE VIEW {0} AS{1}", (*it)[1].str(), (*it)[2].str()));
  }
  bool may_write() override {
    if (read_only_) return false;
    if (!may_write_) may_write_ = single("SELECT has_table_privilege(current_schema() || '.submission', 'INSERT')") == "t";
    return *may_write_;
  }
  std::optional<std::string> lock_runs(const std::string& holder) override {
    int key = schema_key(schema_);
    if (single(fmt::format("SELECT pg_try_advisory_lock({}, {})", lock_run, key)) == "t") {
      PostgresCursor name_it(session_, "SELECT set_config('application_name', ?1, false)", name(), ++statements_);
      name_it.bind_text(1, holder.substr(0, 63));
      name_it.step();
      return std::nullopt;
    }
    std::string who = single(fmt::format(
        "SELECT coalesce(max(a.application_name), '') FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.classid = {} AND l.objid = {} AND l.objsubid = 2 AND l.granted",
        lock_run, key));
    return who.empty() ? std::string("another connection holds the run's lock") : who;
  }

 private:
  std::string single(const std::string& sql) {
    session_->settle();
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      Error error = refusal(name(), r);
      PQclear(r);
      throw error;
    }
    std::string out = PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
    PQclear(r);
    return out;
  }
  PGconn* conn_;
  std::shared_ptr<Session> session_ = std::make_shared<Session>();
  bool read_only_;
  std::string schema_;
  int statements_ = 0;
  std::optional<bool> may_write_;
};

}  // namespace

bool is_server(std::string_view where) {
  if (where.rfind("postgresql://", 0) == 0 || where.rfind("postgres://", 0) == 0) return true;
  // libpq's key=value form begins with a key: "host=... dbname=...".
  static const std::regex keyword(R"(^\s*(host|hostaddr|dbname|service|user|port)\s*=)");
  return std::regex_search(std::string(where), keyword);
}

std::string shown_address(std::string_view conninfo) {
  std::string s(conninfo);
  if (s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0) {
    static const std::regex user(R"(^(postgres(?:ql)?://[^:/@]*):[^@/]*@)");  // postgresql://user:secret@host/db
    static const std::regex query(R"(([?&]password=)[^&]*)");                // ...?password=secret
    return std::regex_replace(std::regex_replace(s, user, "$1:***@"), query, "$1***");
  }
  static const std::regex keyword(R"(password\s*=\s*('[^']*'|\S+))");        // host=... password=secret
  return std::regex_replace(s, keyword, "password=***");
}

std::unique_ptr<Database> open_sqlite(const std::string& path, Opening how) {
  sqlite3* db = nullptr;
  int flags = how == Opening::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(how == Opening::in_memory ? ":memory:" : path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw Error(Location::of_file(path), fmt::format("cannot open the history store: {}", message), "check the folder exists and you may write to it");
  }
  sqlite3_busy_timeout(db, 10000);  // a nightly batch and a person may share the store on a drive
  auto out = std::make_unique<Sqlite>(db, path, how == Opening::read_only);
  out->exec("PRAGMA foreign_keys = ON");
  return out;
}

std::unique_ptr<Database> open_postgresql(const std::string& conninfo, bool read_only) {
  std::string shown = shown_address(conninfo);
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string message = conn ? PQerrorMessage(conn) : "out of memory";
    PQfinish(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    throw Error(Location::of_file(shown), fmt::format("cannot connect to the history store's server: {}", message),
                "check the address given with --db (or KPIFLOW_DB), that the server is running, and that the role may log in");
  }
  return std::make_unique<Postgres>(conn, shown, read_only);
}

}  // namespace kpiflow::store
