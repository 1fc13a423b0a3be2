#include "store/store.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "model/digest.hpp"
#include "store/database.hpp"

#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>
#include <stdexcept>
#include <fstream>
#include <utility>

namespace kpiflow::store {

namespace {

// The schema grows by migrations, in order: a store written by any earlier
// kpiflow is brought up to date when it is opened for writing, and a new
// store is made by the same steps. Never edit a migration that has shipped.
constexpr int schema_version = 7;

// Version 1: the first release's tables.
constexpr const char* schema_1 = R"sql(
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
CREATE TABLE IF NOT EXISTS result (
  period TEXT NOT NULL, position INTEGER NOT NULL, indicator TEXT NOT NULL, title TEXT NOT NULL, service TEXT NOT NULL,
  theme TEXT NOT NULL, directorate TEXT NOT NULL, key INTEGER NOT NULL, unit TEXT NOT NULL, decimals INTEGER NOT NULL,
  polarity TEXT NOT NULL, parts TEXT NOT NULL, value REAL, basis TEXT NOT NULL, scored REAL, target TEXT NOT NULL,
  goal_low REAL, goal_high REAL, variance REAL, variance_share REAL,
  status TEXT NOT NULL CHECK (status IN ('', 'R', 'RA', 'A', 'AG', 'G')),
  state TEXT NOT NULL CHECK (state IN ('', 'M', 'not_due', 'missing', 'no_target', 'not_scored')),
  reason TEXT NOT NULL, compared_with REAL, compared_period TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('Improving', 'Maintained', 'Declining', 'M')),
  direction_reason TEXT NOT NULL, estimated INTEGER NOT NULL, commentary TEXT NOT NULL, raw TEXT NOT NULL,
  file TEXT NOT NULL, sheet TEXT NOT NULL, cell TEXT NOT NULL,
  PRIMARY KEY (period, indicator)
);
CREATE TABLE IF NOT EXISTS rollup (
  period TEXT NOT NULL, position INTEGER NOT NULL, dimension TEXT NOT NULL, grp TEXT NOT NULL,
  indicators INTEGER NOT NULL, red INTEGER NOT NULL, red_amber INTEGER NOT NULL, amber INTEGER NOT NULL,
  amber_green INTEGER NOT NULL, green INTEGER NOT NULL, in_measurement INTEGER NOT NULL, not_due INTEGER NOT NULL,
  missing INTEGER NOT NULL, no_target INTEGER NOT NULL, not_scored INTEGER NOT NULL, improving INTEGER NOT NULL,
  maintained INTEGER NOT NULL, declining INTEGER NOT NULL, direction_unknown INTEGER NOT NULL,
  PRIMARY KEY (period, position)
);
CREATE TABLE IF NOT EXISTS compliance (
  period TEXT NOT NULL, position INTEGER NOT NULL, service TEXT NOT NULL, name TEXT NOT NULL,
  received INTEGER NOT NULL, on_time INTEGER NOT NULL, deadline TEXT NOT NULL, received_on TEXT NOT NULL,
  working_days_late INTEGER NOT NULL, figures_due INTEGER NOT NULL, figures_given INTEGER NOT NULL,
  PRIMARY KEY (period, service)
);
CREATE VIEW IF NOT EXISTS current_observation AS
  SELECT s.service, o.*, s.file, s.sha256
  FROM observation o JOIN submission s ON s.id = o.submission
  WHERE s.superseded_by IS NULL;
)sql";

// Version 2: validation issues keep a rule-file place as part, line and
// column (not only in the location text); a file's ingest issues are known
// by its canonical path and its content, so another spelling of the path or
// a copy of the file replaces them rather than adding to them; each
// submission keeps the rule file's fingerprint it was read under, every
// figure change is logged, and each scorecard keeps what it was made from.
constexpr const char* schema_2 = R"sql(
ALTER TABLE issue ADD COLUMN part TEXT NOT NULL DEFAULT '';
ALTER TABLE issue ADD COLUMN line INTEGER NOT NULL DEFAULT 0;
ALTER TABLE issue ADD COLUMN col INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ingest_issue ADD COLUMN canonical TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS ingest_issue_by_content ON ingest_issue (period, sha256);
ALTER TABLE submission ADD COLUMN reading TEXT NOT NULL DEFAULT '';
CREATE TABLE IF NOT EXISTS change (
  id         INTEGER PRIMARY KEY,
  submission INTEGER NOT NULL REFERENCES submission(id),
  what       TEXT NOT NULL CHECK (what IN ('added', 'reread')),
  at         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS scorecard_basis (
  period      TEXT PRIMARY KEY,
  rules       TEXT NOT NULL,
  last_change INTEGER NOT NULL
);
)sql";

// Version 3: indexes on what every command asks (a return's submissions by
// service and period, figures by period and by submission), so no query
// scans the history; and each file's last reading (`reading`), so a file
// whose bytes and rule file have not changed is not parsed again.
constexpr const char* schema_3 = R"sql(
CREATE INDEX IF NOT EXISTS submission_by_return ON submission (service, period, sha256);
CREATE INDEX IF NOT EXISTS submission_in_force ON submission (period, superseded_by);
CREATE INDEX IF NOT EXISTS observation_by_submission ON observation (submission);
CREATE INDEX IF NOT EXISTS observation_by_period ON observation (period);
CREATE INDEX IF NOT EXISTS change_by_submission ON change (submission);
CREATE TABLE IF NOT EXISTS reading (
  canonical  TEXT PRIMARY KEY,
  sha256     TEXT NOT NULL,
  rules      TEXT NOT NULL,
  asked      TEXT NOT NULL,
  service    TEXT NOT NULL,
  period     TEXT NOT NULL,
  storable   INTEGER NOT NULL,
  submission INTEGER REFERENCES submission(id)
);
CREATE TABLE IF NOT EXISTS rule_cache (
  key   TEXT PRIMARY KEY,
  book  BLOB NOT NULL,
  saved TEXT NOT NULL
);
)sql";

struct Migration {
  int to;
  const char* sql;
};
// Version 4 changes no table, only how the checks on closed sets are
// written: Store::checks_as_comparisons.
constexpr const char* schema_4 = "";

// Version 5: judgement beside the arithmetic. Each figure keeps the status
// the service's return gives it and its reason; each result the officer's
// assessment that set its published status, the status the figures give,
// and the service's; each roll-up how many statuses were assessed.
constexpr const char* schema_5 = R"sql(
ALTER TABLE observation ADD COLUMN assessed TEXT NOT NULL DEFAULT '';
ALTER TABLE observation ADD COLUMN assessed_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE observation ADD COLUMN assessed_cell TEXT NOT NULL DEFAULT '';
ALTER TABLE result ADD COLUMN assessment TEXT NOT NULL DEFAULT '';
ALTER TABLE result ADD COLUMN computed TEXT NOT NULL DEFAULT '';
ALTER TABLE result ADD COLUMN service_status TEXT NOT NULL DEFAULT '';
ALTER TABLE result ADD COLUMN service_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE rollup ADD COLUMN assessed INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 6: a return sent by e-mail keeps who sent it and the subject
// (kpiflow run reads e-mails saved whole).
constexpr const char* schema_6 = R"sql(
ALTER TABLE submission ADD COLUMN sent_by TEXT NOT NULL DEFAULT '';
ALTER TABLE submission ADD COLUMN subject TEXT NOT NULL DEFAULT '';
)sql";

// Version 7: actions beside the measures. Each return's actions table
// (action_update), and each scorecard's actions with their RAG and
// direction (action_result) and their counts by theme and service
// (action_rollup). Closed sets are checked by comparisons (see version 4).
// And what each period's validation was made from (validation_basis), so
// that a rerun with nothing changed reads it back.
constexpr const char* schema_7 = R"sql(
CREATE TABLE IF NOT EXISTS action_update (
  submission INTEGER NOT NULL REFERENCES submission(id),
  action TEXT NOT NULL, period TEXT NOT NULL,
  progress TEXT NOT NULL CHECK (progress = '' OR progress = 'delivered' OR progress = 'on_target' OR progress = 'scheduled'
                                OR progress = 'rephased_minor' OR progress = 'rephased_major' OR progress = 'not_viable'),
  progress_raw TEXT NOT NULL, assessed TEXT NOT NULL, revised TEXT NOT NULL, commentary TEXT NOT NULL,
  sheet TEXT NOT NULL, cell TEXT NOT NULL, commentary_cell TEXT NOT NULL, assessed_cell TEXT NOT NULL, revised_cell TEXT NOT NULL,
  PRIMARY KEY (submission, action)
);
CREATE INDEX IF NOT EXISTS action_update_by_period ON action_update (period);
CREATE TABLE IF NOT EXISTS action_result (
  period TEXT NOT NULL, position INTEGER NOT NULL, action TEXT NOT NULL, title TEXT NOT NULL, service TEXT NOT NULL,
  theme TEXT NOT NULL, lead TEXT NOT NULL, milestone TEXT NOT NULL, due TEXT NOT NULL, revised TEXT NOT NULL,
  progress TEXT NOT NULL, status TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL, service_status TEXT NOT NULL,
  direction TEXT NOT NULL, direction_reason TEXT NOT NULL, commentary TEXT NOT NULL,
  file TEXT NOT NULL, sheet TEXT NOT NULL, cell TEXT NOT NULL,
  PRIMARY KEY (period, action)
);
CREATE TABLE IF NOT EXISTS action_rollup (
  period TEXT NOT NULL, position INTEGER NOT NULL, dimension TEXT NOT NULL, grp TEXT NOT NULL,
  actions INTEGER NOT NULL, delivered INTEGER NOT NULL, on_target INTEGER NOT NULL, scheduled INTEGER NOT NULL,
  rephased_minor INTEGER NOT NULL, rephased_major INTEGER NOT NULL, not_viable INTEGER NOT NULL, no_update INTEGER NOT NULL,
  not_started INTEGER NOT NULL, red INTEGER NOT NULL, amber INTEGER NOT NULL, green INTEGER NOT NULL,
  improving INTEGER NOT NULL, maintained INTEGER NOT NULL, declining INTEGER NOT NULL,
  PRIMARY KEY (period, position)
);
CREATE TABLE IF NOT EXISTS validation_basis (
  period TEXT PRIMARY KEY, basis TEXT NOT NULL, services_due INTEGER NOT NULL, returns INTEGER NOT NULL
);
)sql";

constexpr Migration migrations[] = {{1, schema_1}, {2, schema_2}, {3, schema_3}, {4, schema_4}, {5, schema_5}, {6, schema_6}, {7, schema_7}};

// One statement of the store's, on either database: prepared once per
// connection and kept by its SQL; a statement in use when the same SQL is
// asked for again (a query inside another's loop) is prepared anew.
class Statement {
 public:
  Statement(Database& db, const char* sql, const std::string& name) : name_(name) {
    Cursor* kept = db.kept(sql);
    if (kept != nullptr && !kept->in_use) {
      c_ = kept;
    } else if (kept == nullptr) {
      c_ = db.keep(sql, db.prepare(sql));
    } else {
      owned_ = db.prepare(sql);
      c_ = owned_.get();
    }
    c_->in_use = true;
  }
  Statement(const std::unique_ptr<Database>& db, const char* sql, const std::string& name) : Statement(*db, sql, name) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() {
    if (owned_) return;
    c_->reset();
    c_->in_use = false;
  }

  Statement& bind(int i, const std::string& text) {
    c_->bind_text(i, text);
    return *this;
  }
  Statement& bind_blob(int i, const std::string& bytes) {
    c_->bind_blob(i, bytes);
    return *this;
  }
  Statement& bind(int i, int n) { return bind(i, static_cast<std::int64_t>(n)); }
  Statement& bind(int i, bool b) { return bind(i, static_cast<std::int64_t>(b)); }
  Statement& bind(int i, std::int64_t n) {
    c_->bind_integer(i, n);
    return *this;
  }
  Statement& bind(int i, const std::optional<double>& v) {
    v ? c_->bind_real(i, *v) : c_->bind_null(i);
    return *this;
  }
  Statement& bind(int i, const std::optional<std::string>& v) {
    v ? c_->bind_text(i, *v) : c_->bind_null(i);
    return *this;
  }
  Statement& bind(int i, const std::optional<std::int64_t>& v) {
    v ? c_->bind_integer(i, *v) : c_->bind_null(i);
    return *this;
  }
  // By a named parameter (":unit"): an INSERT lists its columns once, by name.
  // Names are string literals: a row's lookups after the first compare
  // pointers, not text.
  template <typename T>
  Statement& set(const char* parameter, const T& value) {
    for (const auto& [name, index] : c_->parameters)
      if (name == parameter) return bind(index, value);
    int i = c_->parameter(parameter);
    if (i == 0) throw std::logic_error(fmt::format("the query has no parameter {}", parameter));
    if (c_->parameters.size() < 64) c_->parameters.emplace_back(parameter, i);
    return bind(i, value);
  }
  void reset() { c_->reset(); }
  // True while there is a row.
  bool step() { return c_->step(); }
  // Columns are read by name: a query may list them in any order, and a
  // migration that adds one cannot shift the others.
  std::string text(std::string_view name) const { return c_->text_at(column(name)); }
  std::optional<std::string> maybe_text(std::string_view name) const {
    int col = column(name);
    if (c_->null_at(col)) return std::nullopt;
    return c_->text_at(col);
  }
  std::int64_t integer(std::string_view name) const { return c_->integer_at(column(name)); }
  std::optional<std::int64_t> maybe_integer(std::string_view name) const {
    int col = column(name);
    if (c_->null_at(col)) return std::nullopt;
    return c_->integer_at(col);
  }
  int whole(std::string_view name) const { return static_cast<int>(integer(name)); }
  bool flag(std::string_view name) const { return integer(name) != 0; }
  std::optional<double> maybe_real(std::string_view name) const {
    int col = column(name);
    if (c_->null_at(col)) return std::nullopt;
    return c_->real_at(col);
  }
  std::string blob(std::string_view name) const { return c_->blob_at(column(name)); }
  // One of a closed set of the vocabulary, as stored by its name; a name the
  // table does not know means the store was edited by hand.
  template <typename E>
  std::optional<E> named_as(std::string_view name) const {
    std::optional<std::string> text = maybe_text(name);
    if (!text || text->empty()) return std::nullopt;
    if (auto value = named<E>(*text)) return value;
    throw failure(name_, fmt::format("column {} holds '{}', which this kpiflow does not know", name, *text), true);
  }
  // The first column of a one-value query (a PRAGMA, a count).
  const std::string& store_name() const { return name_; }
  // Values as they are, whatever their type (store copy).
  Cursor& cursor() const { return *c_; }
  std::int64_t first_integer() const { return c_->integer_at(0); }
  std::string first_text() const { return c_->text_at(0); }

 private:
  int column(std::string_view name) const {
    for (const auto& [known, index] : c_->seen)
      if (known == name.data()) return index;
    if (c_->columns.empty())
      for (int i = 0; i < c_->column_count(); ++i) c_->columns.emplace(c_->column_name(i), i);
    auto it = c_->columns.find(name);
    if (it == c_->columns.end()) throw std::logic_error(fmt::format("the query has no column {}", name));
    if (c_->seen.size() < 64) c_->seen.emplace_back(name.data(), it->second);
    return it->second;
  }
  const std::string& name_;
  Cursor* c_ = nullptr;
  std::unique_ptr<Cursor> owned_;  // not kept: prepared for this use only
};

// A statement's columns by name, in order (after its first step).
std::vector<std::pair<std::string, int>> columns_in(const Statement& s) {
  std::vector<std::pair<std::string, int>> out;
  for (int i = 0; i < s.cursor().column_count(); ++i) out.emplace_back(s.cursor().column_name(i), i);
  return out;
}

// "INSERT INTO t (a, b) VALUES (:a, :b)": each value bound by its column's name.
std::string insert_into(std::string_view table, std::initializer_list<std::string_view> columns) {
  std::string names, parameters;
  for (auto column : columns) {
    names += fmt::format("{}{}", names.empty() ? "" : ", ", column);
    parameters += fmt::format("{}:{}", parameters.empty() ? "" : ", ", column);
  }
  return fmt::format("INSERT INTO {} ({}) VALUES ({})", table, names, parameters);
}

// A closed set's value as stored: its name, or '' for none.
template <typename E>
std::string stored(const std::optional<E>& value) {
  return value ? std::string(name_of(*value)) : std::string();
}

Submission submission_row(const Statement& s) {
  Submission out;
  out.id = s.integer("id");
  out.service = s.text("service");
  out.period = s.text("period");
  out.file = s.text("file");
  out.sha256 = s.text("sha256");
  out.saved = s.text("saved");
  out.ingested = s.text("ingested");
  out.superseded_by = s.maybe_integer("superseded_by");
  out.submitted = s.text("submitted");
  out.reading = s.text("reading");
  out.sent_by = s.text("sent_by");
  out.subject = s.text("subject");
  return out;
}

// The submissions meeting a condition on their columns, its ?1, ?2... bound to params in order.
std::vector<Submission> submissions_where(Database& db, const std::string& name, const std::string& condition,
                                          std::initializer_list<std::string> params) {
  std::string sql = "SELECT id, service, period, file, sha256, saved, ingested, superseded_by, submitted, reading, sent_by, subject FROM submission WHERE " + condition;
  Statement s(db, sql.c_str(), name);
  int i = 0;
  for (const auto& p : params) s.bind(++i, p);
  std::vector<Submission> out;
  while (s.step()) out.push_back(submission_row(s));
  return out;
}

}  // namespace

namespace {

// One write transaction, taken with the store's write lock, committed or
// rolled back whole. Inside a batch it is a savepoint of the batch's
// transaction: still all or nothing, but committed with the batch.
template <typename Work>
void in_transaction(Database& db, bool in_batch, Work work) {
  if (in_batch)
    db.exec("SAVEPOINT one");
  else
    db.begin_write();
  try {
    work();
    db.exec(in_batch ? "RELEASE one" : "COMMIT");
  } catch (...) {
    try {
      db.exec(in_batch ? "ROLLBACK TO one; RELEASE one" : "ROLLBACK");
    } catch (const Error&) {
      // The first failure is the one to report.
    }
    throw;
  }
}

}  // namespace

struct Store::Connection {
  std::unique_ptr<Database> db;
  bool in_batch = false;
};

Store::Store(std::unique_ptr<Connection> connection, std::string name, Access access)
    : connection_(std::move(connection)), name_(std::move(name)), read_only_(access == Access::read_only) {
  Database& db = *connection_->db;
  Marks marks = db.marks();
  std::int64_t found = marks.version;
  // Another program's database is refused before anything is written to it.
  if (!marks.ours || (found == 0 && marks.tables > 0) || (found > 0 && !marks.has_submission))
    throw Error(Location::of_file(name_),
                db.server() ? "this database (its schema) holds another program's tables, not a kpiflow history store; it was not changed"
                            : "this file is another program's SQLite database, not a kpiflow history store; it was not changed",
                db.server() ? "give kpiflow a database or schema of its own (options=-csearch_path=kpiflow in the address)"
                            : "name a new file with --db, or the store kpiflow made");
  if (found > schema_version) {
    throw Error(Location::of_file(name_), fmt::format("the store was written by a newer kpiflow (schema {}, this one knows {})", found, schema_version),
                "use the kpiflow that wrote it, or a new --db file");
  }
  if (access == Access::read_only) {
    if (found == 0) throw Error(Location::of_file(name_), "there is no history store here yet", "run kpiflow ingest first, with this --db");
    if (found < schema_version)
      throw Error(Location::of_file(name_), fmt::format("the store is of an earlier kpiflow (schema {}) and is opened read-only here", found),
                  "run kpiflow transform (which writes) once with this --db: it upgrades the store, keeping everything in it");
    return;
  }
  if (found == schema_version) {
    if (db.may_write()) db.prepare_for_writes();
    return;
  }
  db.prepare_for_writes();
  in_transaction(db, connection_->in_batch, [&] {
    // Read again under the write lock: another kpiflow opening the same new
    // store at the same moment may have made or upgraded it meanwhile.
    found = db.version();
    if (found == schema_version) return;
    std::vector<const char*> all;
    for (const Migration& m : migrations) {
      all.push_back(m.sql);
      if (m.to > found) db.exec(db.dialect(m.sql));
    }
    db.after_migrations(all);
    if (found < 2) backfill_issue_places();
    if (found < 4 && !db.server()) checks_as_comparisons();
    db.set_version(schema_version);
  });
}

// Version 4: every CHECK on a closed set (a status, a state, a severity)
// written as comparisons joined by OR, not as `IN (...)`. SQLite builds a
// temporary table for an IN list of more than two values each time it
// checks a row: a third of recording a scorecard, a tenth of storing a
// return. The two forms accept and refuse the same values (NULL included),
// so SQLite's own procedure for changing a CHECK applies: the table's text
// is rewritten in place and the schema version raised, in the migration's
// transaction (https://sqlite.org/lang_altertable.html, section 7).
void Store::checks_as_comparisons() {
  struct Check {
    const char* table;
    const char* column;
    std::vector<const char*> names;
  };
  const Check checks[] = {{"observation", "state", {"M", "not_due", "missing", "no_target"}},
                          {"ingest_issue", "severity", {"error", "warning", "info"}},
                          {"issue", "severity", {"error", "warning", "info"}},
                          {"result", "status", {"", "R", "RA", "A", "AG", "G"}},
                          {"result", "state", {"", "M", "not_due", "missing", "no_target", "not_scored"}},
                          {"result", "direction", {"Improving", "Maintained", "Declining", "M"}}};
  Statement version(connection_->db, "PRAGMA schema_version", name_);
  version.step();
  std::int64_t was = version.first_integer();
  version.reset();
  exec("PRAGMA writable_schema = ON");
  Statement rewrite(connection_->db, "UPDATE sqlite_master SET sql = replace(sql, :listed, :compared) WHERE type = 'table' AND name = :table",
                    name_);
  for (const Check& c : checks) {
    std::string listed, compared;
    for (const char* n : c.names) {
      listed += fmt::format("{}'{}'", listed.empty() ? "" : ", ", n);
      compared += fmt::format("{}{} = '{}'", compared.empty() ? "" : " OR ", c.column, n);
    }
    rewrite.reset();
    rewrite.set(":listed", fmt::format("CHECK ({} IN ({}))", c.column, listed)).set(":compared", fmt::format("CHECK ({})", compared));
    rewrite.set(":table", std::string(c.table));
    rewrite.step();
  }
  exec(fmt::format("PRAGMA schema_version = {}", was + 1).c_str());
  exec("PRAGMA writable_schema = OFF");
}

// Version 1 kept a rule-file place only in the location text: read it back once.
void Store::backfill_issue_places() {
  Statement rows(connection_->db, "SELECT rowid AS id, location, file FROM issue WHERE sheet = '' AND line = 0", name_);
  Statement update(connection_->db, "UPDATE issue SET line = ?1, col = ?2 WHERE rowid = ?3", name_);
  while (rows.step()) {
    std::string location = rows.text("location"), file = rows.text("file");
    if (location.size() <= file.size() || location.rfind(file + ":", 0) != 0) continue;
    unsigned line = 0, column = 0;
    if (std::sscanf(location.c_str() + file.size(), ":%u:%u", &line, &column) != 2) continue;
    update.reset();
    update.bind(1, static_cast<std::int64_t>(line)).bind(2, static_cast<std::int64_t>(column)).bind(3, rows.integer("id"));
    update.step();
  }
}

Store Store::open(const std::string& where, Access access) {
  auto connection = std::make_unique<Connection>();
  if (is_server(where)) {
    connection->db = open_postgresql(where, access == Access::read_only);
    std::string name = connection->db->name();
    return Store(std::move(connection), name, access);
  }
  if (access == Access::read_only && !std::filesystem::exists(where))
    throw Error(Location::of_file(where), "there is no history store here", "check --db, or run kpiflow ingest first");
  connection->db = open_sqlite(where, access == Access::read_only ? Opening::read_only : Opening::read_write);
  try {
    // A file that is not SQLite fails on its first read.
    return Store(std::move(connection), where, access);
  } catch (const Error& e) {
    if (std::string(e.message()).find("file is not a database") != std::string::npos)
      throw Error(Location::of_file(where), "this file is not a kpiflow history store", "name a new file with --db, or the store kpiflow made");
    throw;
  }
}

void Store::check_integrity() const {
  if (connection_->db->server()) return;  // the server keeps its own
  std::error_code error;
  auto size = std::filesystem::file_size(name_, error);
  if (error || size > (64u << 20)) return;
  Statement check(connection_->db, "PRAGMA quick_check", name_);
  if (check.step() && check.first_text() != "ok") throw failure(name_, fmt::format("quick_check: {}", check.first_text()), true);
}

Store Store::in_memory() {
  auto connection = std::make_unique<Connection>();
  connection->db = open_sqlite(":memory:", Opening::in_memory);
  return Store(std::move(connection), ":memory:", Access::read_write);
}

bool Store::on_server() const { return connection_->db->server(); }
bool Store::may_write() const { return !read_only_ && connection_->db->may_write(); }
std::optional<std::string> Store::lock_runs(const std::string& holder) { return connection_->db->lock_runs(holder); }

Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;


void Store::exec(const char* sql) const { connection_->db->exec(sql); }

Outcome Store::add(Submission submission, const std::vector<Observation>& observations, const std::vector<ActionUpdate>& actions) {
  Outcome outcome{};
  std::int64_t id = 0;
  in_transaction(*connection_->db, connection_->in_batch, [&] { outcome = add_rows(submission, observations, actions, id); });
  return outcome;
}

Outcome Store::ingest(const Submission& submission, const std::vector<Observation>& observations, const FileIssues& found,
                      const std::vector<ActionUpdate>& actions) {
  Outcome outcome{};
  in_transaction(*connection_->db, connection_->in_batch, [&] {
    std::int64_t id = 0;
    outcome = add_rows(submission, observations, actions, id);
    ingest_issue_rows(found);
    reading_row(found, true, id);
  });
  return outcome;
}

void Store::record_ingest_issues(const FileIssues& found) {
  in_transaction(*connection_->db, connection_->in_batch, [&] {
    ingest_issue_rows(found);
    reading_row(found, false, std::nullopt);
  });
}

void Store::reading_row(const FileIssues& found, bool storable, std::optional<std::int64_t> submission) {
  if (found.canonical.empty() || found.sha256.empty()) return;
  Statement row(connection_->db,
                "INSERT INTO reading (canonical, sha256, rules, asked, service, period, storable, submission) "
                "VALUES (:canonical, :sha256, :rules, :asked, :service, :period, :storable, :submission) "
                "ON CONFLICT (canonical) DO UPDATE SET sha256 = excluded.sha256, rules = excluded.rules, asked = excluded.asked, "
                "service = excluded.service, period = excluded.period, storable = excluded.storable, submission = excluded.submission",
                name_);
  row.set(":canonical", found.canonical).set(":sha256", found.sha256).set(":rules", found.rules).set(":asked", found.asked);
  row.set(":service", found.service).set(":period", found.period).set(":storable", storable).set(":submission", submission);
  row.step();
}

std::optional<std::string> Store::cached_rules(const std::string& key) const {
  Statement s(connection_->db, "SELECT book FROM rule_cache WHERE key = ?1", name_);
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return s.blob("book");
}

void Store::cache_rules(const std::string& key, const std::string& book) {
  if (!may_write()) return;
  in_transaction(*connection_->db, connection_->in_batch, [&] {
    // The latest few rule files: a council trying a change and going back.
    Statement put(connection_->db,
                  "INSERT INTO rule_cache (key, book, saved) VALUES (?1, ?2, ?3) "
                  "ON CONFLICT (key) DO UPDATE SET book = excluded.book, saved = excluded.saved",
                  name_);
    auto now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    put.bind(1, key).bind_blob(2, book).bind(3, fmt::format("{:%Y-%m-%dT%H:%M:%S}", now));
    put.step();
    Statement trim(connection_->db, "DELETE FROM rule_cache WHERE key NOT IN (SELECT key FROM rule_cache ORDER BY saved DESC LIMIT 4)", name_);
    trim.step();
  });
}

Store::Batch::Batch(Store& store) : store_(store) {
  store_.connection_->db->begin_write();
  store_.connection_->in_batch = true;
}

void Store::Batch::commit() {
  store_.connection_->db->exec("COMMIT");
  store_.connection_->db->begin_write();
}

Store::Batch::~Batch() {
  // Every return in the batch is whole (its savepoint was released or rolled
  // back), so what is done is kept, even when the batch ends by an error.
  store_.connection_->in_batch = false;
  try {
    store_.connection_->db->exec("COMMIT");
  } catch (const Error&) {
    try {
      store_.connection_->db->exec("ROLLBACK");
    } catch (const Error&) {
      // Nothing more can be done here; the next write reports the store's state.
    }
  }
}

Outcome Store::add_rows(const Submission& submission, const std::vector<Observation>& observations, const std::vector<ActionUpdate>& actions,
                        std::int64_t& stored_as) {
  {
    Statement action_row(connection_->db,
                         "INSERT INTO action_update (submission, action, period, progress, progress_raw, assessed, revised, commentary, sheet, "
                         "cell, commentary_cell, assessed_cell, revised_cell) VALUES (:submission, :action, :period, :progress, :progress_raw, "
                         ":assessed, :revised, :commentary, :sheet, :cell, :commentary_cell, :assessed_cell, :revised_cell)",
                         name_);
    Statement row(connection_->db,
                  "INSERT INTO observation (submission, indicator, period, value, state, raw, cumulative, estimated, "
                  "commentary, target_raw, sheet, cell, previous, commentary_cell, assessed, assessed_reason, assessed_cell) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                  name_);
    auto insert_observations = [&](std::int64_t id) {
      for (const auto& o : observations) {
        row.reset();
        row.bind(1, id).bind(2, o.indicator).bind(3, o.period).bind(4, o.value).bind(5, o.state ? std::optional<std::string>(name_of(*o.state)) : std::nullopt).bind(6, o.raw);
        row.bind(7, o.cumulative).bind(8, static_cast<std::int64_t>(o.estimated)).bind(9, o.commentary);
        row.bind(10, o.target_raw).bind(11, o.sheet).bind(12, o.cell).bind(13, o.previous).bind(14, o.commentary_cell);
        row.bind(15, o.assessed).bind(16, o.assessed_reason).bind(17, o.assessed_cell);
        row.step();
      }
      for (const auto& a : actions) {
        action_row.reset();
        action_row.set(":submission", id).set(":action", a.action).set(":period", a.period).set(":progress", stored(a.progress));
        action_row.set(":progress_raw", a.progress_raw).set(":assessed", a.assessed).set(":revised", a.revised).set(":commentary", a.commentary);
        action_row.set(":sheet", a.sheet).set(":cell", a.cell).set(":commentary_cell", a.commentary_cell).set(":assessed_cell", a.assessed_cell);
        action_row.set(":revised_cell", a.revised_cell);
        action_row.step();
      }
    };
    auto log = [&](std::int64_t id, const char* what) {
      Statement change(connection_->db, "INSERT INTO change (submission, what, at) VALUES (?1, ?2, ?3)", name_);
      change.bind(1, id).bind(2, std::string(what)).bind(3, submission.ingested);
      change.step();
    };
    {
      Statement same(connection_->db, "SELECT id, reading FROM submission WHERE service = ?1 AND period = ?2 AND sha256 = ?3", name_);
      same.bind(1, submission.service).bind(2, submission.period).bind(3, submission.sha256);
      if (same.step()) {
        std::int64_t id = stored_as = same.integer("id");
        if (same.text("reading") == submission.reading) return Outcome::already_stored;
        // The same bytes read under another rule file: its figures are replaced, in place.
        for (const char* table : {"observation", "action_update"}) {
          Statement clear(connection_->db, fmt::format("DELETE FROM {} WHERE submission = ?1", table).c_str(), name_);
          clear.bind(1, id);
          clear.step();
        }
        insert_observations(id);
        Statement mark(connection_->db, "UPDATE submission SET reading = ?1, file = ?2 WHERE id = ?3", name_);
        mark.bind(1, submission.reading).bind(2, submission.file).bind(3, id);
        mark.step();
        log(id, "reread");
        return Outcome::reread;
      }
    }
    std::int64_t id = 0;
    {
      Statement insert(connection_->db, "INSERT INTO submission (service, period, file, sha256, saved, ingested, submitted, reading, sent_by, subject) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id", name_);
      insert.bind(1, submission.service).bind(2, submission.period).bind(3, submission.file).bind(4, submission.sha256);
      insert.bind(5, submission.saved).bind(6, submission.ingested).bind(7, submission.submitted).bind(8, submission.reading);
      insert.bind(9, submission.sent_by).bind(10, submission.subject);
      insert.step();
      id = insert.integer("id");
    }
    log(id, "added");
    // The newer file supersedes: by the time it was saved, then by when it came in.
    Statement older(connection_->db,
                    "UPDATE submission SET superseded_by = ?1 WHERE service = ?2 AND period = ?3 AND id <> ?1 "
                    "AND superseded_by IS NULL AND (saved < ?4 OR (saved = ?4 AND id < ?1)) RETURNING id",
                    name_);
    older.bind(1, id).bind(2, submission.service).bind(3, submission.period).bind(4, submission.saved);
    bool superseded_others = false;
    while (older.step()) superseded_others = true;
    Statement newer(connection_->db,
                    "SELECT id FROM submission WHERE service = ?1 AND period = ?2 AND id <> ?3 AND superseded_by IS NULL "
                    "ORDER BY saved DESC, id DESC LIMIT 1",
                    name_);
    newer.bind(1, submission.service).bind(2, submission.period).bind(3, id);
    if (newer.step()) {  // an older file arriving late: stored, but not in force
      Statement mark(connection_->db, "UPDATE submission SET superseded_by = ?1 WHERE id = ?2", name_);
      mark.bind(1, newer.integer("id")).bind(2, id);
      mark.step();
    }
    insert_observations(id);
    stored_as = id;
    return superseded_others ? Outcome::superseded_older : Outcome::added;
  }
}

std::vector<Submission> Store::submissions(const std::string& service, const std::string& period) const {
  return submissions_where(*connection_->db, name_, "service = ?1 AND period = ?2 ORDER BY id", {service, period});
}

std::optional<Submission> Store::current(const std::string& service, const std::string& period) const {
  for (auto& s : submissions(service, period))
    if (!s.superseded_by) return s;
  return std::nullopt;
}

namespace {

constexpr const char* observation_columns =
    "indicator, period, value, state, raw, cumulative, estimated, commentary, target_raw, sheet, cell, previous, commentary_cell, "
    "assessed, assessed_reason, assessed_cell";

Observation observation_row(const Statement& s) {
  Observation o;
  o.indicator = s.text("indicator");
  o.period = s.text("period");
  o.value = s.maybe_real("value");
  o.state = s.named_as<State>("state");
  o.raw = s.text("raw");
  o.cumulative = s.maybe_real("cumulative");
  o.estimated = s.flag("estimated");
  o.commentary = s.text("commentary");
  o.target_raw = s.text("target_raw");
  o.sheet = s.text("sheet");
  o.cell = s.text("cell");
  o.previous = s.maybe_real("previous");
  o.commentary_cell = s.text("commentary_cell");
  o.assessed = s.text("assessed");
  o.assessed_reason = s.text("assessed_reason");
  o.assessed_cell = s.text("assessed_cell");
  return o;
}

Severity severity_named(const std::string& text) {
  return text == "warning" ? Severity::warning : text == "info" ? Severity::info : Severity::error;
}

// The columns both issue tables give, in this order.
constexpr const char* issue_columns = "code, severity, file, sheet, cell, part, line, col, service, indicator, message, hint, raw";

Issue issue_row(const Statement& s) {
  Issue issue;
  std::string code = s.text("code");
  auto known = code_named(code);
  if (!known) throw failure(s.store_name(), fmt::format("an issue has the code '{}', which this kpiflow does not know", code), true);
  issue.code = *known;
  issue.severity = severity_named(s.text("severity"));
  issue.where.file = s.text("file");
  issue.where.sheet = s.text("sheet");
  if (auto cell = parse_a1(s.text("cell"))) issue.where.cell = *cell;
  issue.where.part = s.text("part");
  issue.where.line = static_cast<std::uint32_t>(s.integer("line"));
  issue.where.column = static_cast<std::uint32_t>(s.integer("col"));
  issue.service = s.text("service");
  issue.indicator = s.text("indicator");
  issue.message = s.text("message");
  issue.hint = s.text("hint");
  issue.raw = s.text("raw");
  return issue;
}

}  // namespace

std::vector<Observation> Store::current_observations(const std::string& period, Detail detail) const {
  // The figures alone leave out the text (commentary is most of a row).
  constexpr const char* figures_only =
      "indicator, period, value, state, '' AS raw, cumulative, estimated, '' AS commentary, '' AS target_raw, '' AS sheet, '' AS cell, "
      "previous, '' AS commentary_cell, '' AS assessed, '' AS assessed_reason, '' AS assessed_cell";
  Statement s(connection_->db,
              fmt::format("SELECT {} FROM current_observation WHERE period = ?1{}", detail == Detail::whole ? observation_columns : figures_only,
                          detail == Detail::whole ? " ORDER BY service, indicator, submission" : " ORDER BY submission")
                  .c_str(),
              name_);
  s.bind(1, period);
  std::vector<Observation> out;
  while (s.step()) out.push_back(observation_row(s));
  return out;
}

namespace {
ActionUpdate action_update_row(const Statement& s) {
  ActionUpdate u;
  u.action = s.text("action");
  u.period = s.text("period");
  u.progress = s.named_as<Progress>("progress");
  u.progress_raw = s.text("progress_raw");
  u.assessed = s.text("assessed");
  u.revised = s.text("revised");
  u.commentary = s.text("commentary");
  u.sheet = s.text("sheet");
  u.cell = s.text("cell");
  u.commentary_cell = s.text("commentary_cell");
  u.assessed_cell = s.text("assessed_cell");
  u.revised_cell = s.text("revised_cell");
  return u;
}
}  // namespace

std::vector<Store::ActionInForce> Store::current_actions(const std::string& period) const {
  Statement s(connection_->db,
              "SELECT a.*, s.service AS service, s.file AS file FROM action_update a JOIN submission s ON s.id = a.submission "
              "WHERE a.period = ?1 AND s.superseded_by IS NULL ORDER BY s.service, a.submission, a.rowid",
              name_);
  s.bind(1, period);
  std::vector<ActionInForce> out;
  while (s.step()) out.push_back(ActionInForce{action_update_row(s), s.text("service"), s.text("file")});
  return out;
}

std::map<std::string, Store::ActionInForce> Store::latest_actions(const std::vector<std::string>& newest_first) const {
  std::map<std::string, ActionInForce> out;
  for (const auto& period : newest_first)
    for (auto& in : current_actions(period)) out.try_emplace(in.update.action, std::move(in));
  return out;
}

std::pair<std::size_t, std::size_t> Store::contents(std::int64_t submission) const {
  Statement s(connection_->db,
              "SELECT (SELECT count(*) FROM observation WHERE submission = ?1) AS figures, "
              "(SELECT count(*) FROM action_update WHERE submission = ?1) AS actions",
              name_);
  s.bind(1, submission);
  s.step();
  return {static_cast<std::size_t>(s.integer("figures")), static_cast<std::size_t>(s.integer("actions"))};
}

std::vector<ActionUpdate> Store::actions(std::int64_t submission) const {
  Statement s(connection_->db, "SELECT * FROM action_update WHERE submission = ?1 ORDER BY rowid", name_);
  s.bind(1, submission);
  std::vector<ActionUpdate> out;
  while (s.step()) out.push_back(action_update_row(s));
  return out;
}

std::vector<Submission> Store::current_submissions(const std::string& period) const {
  return submissions_where(*connection_->db, name_, "period = ?1 AND superseded_by IS NULL ORDER BY service", {period});
}

std::vector<std::string> Store::periods_in_force() const {
  Statement s(connection_->db, "SELECT DISTINCT period FROM submission WHERE superseded_by IS NULL", name_);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text("period"));
  return out;
}

std::vector<Observation> Store::observations(std::int64_t submission) const {
  Statement s(connection_->db, fmt::format("SELECT {} FROM observation WHERE submission = ?1 ORDER BY rowid", observation_columns).c_str(), name_);
  s.bind(1, submission);
  std::vector<Observation> out;
  while (s.step()) out.push_back(observation_row(s));
  return out;
}

void Store::ingest_issue_rows(const FileIssues& found) {
  {
    // The same file however its path is spelled, and the same bytes under
    // any name, have one set of issues: the latest.
    Statement clear(connection_->db,
                    "DELETE FROM ingest_issue WHERE period = ?1 AND (file = ?2 OR sha256 = ?3 OR (canonical <> '' AND canonical = ?4))",
                    name_);
    clear.bind(1, found.period).bind(2, found.file).bind(3, found.sha256).bind(4, found.canonical);
    clear.step();
    Statement row(connection_->db,
                  "INSERT INTO ingest_issue (period, file, sha256, service, recorded, code, severity, indicator, sheet, cell, part, "
                  "line, col, message, hint, raw, canonical) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                  name_);
    for (const Issue& issue : found.issues) {
      row.reset();
      row.bind(1, found.period).bind(2, found.file).bind(3, found.sha256).bind(4, found.service).bind(5, found.recorded);
      row.bind(6, std::string(to_string(issue.code))).bind(7, std::string(to_string(issue.severity))).bind(8, issue.indicator);
      row.bind(9, issue.where.sheet).bind(10, issue.where.cell ? to_a1(*issue.where.cell) : std::string());
      row.bind(11, issue.where.part).bind(12, static_cast<std::int64_t>(issue.where.line)).bind(13, static_cast<std::int64_t>(issue.where.column));
      row.bind(14, issue.message).bind(15, issue.hint).bind(16, issue.raw).bind(17, found.canonical);
      row.step();
    }
  }
}

std::vector<Issue> Store::ingest_issues(const std::string& period) const {
  // The issues of the returns in force, and of files that were not stored
  // (refused, or for no known service) unless their service has since sent
  // a return that is in force.
  Statement s(connection_->db,
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
  while (s.step()) out.push_back(issue_row(s));
  return out;
}

void Store::record_issues(const std::string& period, const std::vector<Issue>& issues) {
  in_transaction(*connection_->db, connection_->in_batch, [&] { issue_rows(period, issues); });
}

void Store::issue_rows(const std::string& period, const std::vector<Issue>& issues) {
  {
    Statement clear(connection_->db, "DELETE FROM issue WHERE period = ?1", name_);
    clear.bind(1, period);
    clear.step();
    Statement row(connection_->db,
                  "INSERT INTO issue (period, code, severity, service, indicator, location, file, sheet, cell, message, hint, raw, "
                  "part, line, col) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                  name_);
    for (const Issue& issue : issues) {
      row.reset();
      row.bind(1, period).bind(2, std::string(to_string(issue.code))).bind(3, std::string(to_string(issue.severity))).bind(4, issue.service);
      row.bind(5, issue.indicator).bind(6, issue.where.str()).bind(7, issue.where.file).bind(8, issue.where.sheet);
      row.bind(9, issue.where.cell ? to_a1(*issue.where.cell) : std::string()).bind(10, issue.message).bind(11, issue.hint).bind(12, issue.raw);
      row.bind(13, issue.where.part).bind(14, static_cast<std::int64_t>(issue.where.line)).bind(15, static_cast<std::int64_t>(issue.where.column));
      row.step();
    }
  }
}

void Store::record_validation(const std::string& period, const std::vector<Issue>& issues, const Validated& made) {
  in_transaction(*connection_->db, connection_->in_batch, [&] {
    issue_rows(period, issues);
    Statement note(connection_->db,
                   "INSERT INTO validation_basis (period, basis, services_due, returns) VALUES (?1, ?2, ?3, ?4) "
                   "ON CONFLICT (period) DO UPDATE SET basis = excluded.basis, services_due = excluded.services_due, returns = excluded.returns",
                   name_);
    note.bind(1, period).bind(2, made.basis).bind(3, made.services_due).bind(4, made.returns);
    note.step();
  });
}

std::optional<Store::Validated> Store::validated(const std::string& period) const {
  Statement s(connection_->db, "SELECT basis, services_due, returns FROM validation_basis WHERE period = ?1", name_);
  s.bind(1, period);
  if (!s.step()) return std::nullopt;
  return Validated{s.text("basis"), s.whole("services_due"), s.whole("returns")};
}

std::string Store::ingest_state() const {
  Statement s(connection_->db, "SELECT count(*) AS n, coalesce(max(rowid), 0) AS last FROM ingest_issue", name_);
  s.step();
  return fmt::format("{}:{}", s.integer("n"), s.integer("last"));
}

void Store::record_scorecard(const Scorecard& card, const std::string& rules_fingerprint) {
  in_transaction(*connection_->db, connection_->in_batch, [&] {
    {
      Statement basis(connection_->db,
                      "INSERT INTO scorecard_basis (period, rules, last_change) "
                      "VALUES (?1, ?2, (SELECT coalesce(max(id), 0) FROM change)) "
                      "ON CONFLICT (period) DO UPDATE SET rules = excluded.rules, last_change = excluded.last_change",
                      name_);
      basis.bind(1, card.period).bind(2, rules_fingerprint);
      basis.step();
    }
    for (const char* table : {"result", "rollup", "compliance", "action_result", "action_rollup"}) {
      Statement clear(connection_->db, fmt::format("DELETE FROM {} WHERE period = ?1", table).c_str(), name_);
      clear.bind(1, card.period);
      clear.step();
    }
    Statement result(connection_->db,
                     insert_into("result", {"period", "position", "indicator", "title", "service", "theme", "directorate", "key", "unit",
                                            "decimals", "polarity", "parts", "value", "basis", "scored", "target", "goal_low", "goal_high",
                                            "variance", "variance_share", "status", "state", "reason", "compared_with", "compared_period",
                                            "direction", "direction_reason", "estimated", "commentary", "raw", "file", "sheet", "cell",
                                            "assessment", "computed", "service_status", "service_reason"})
                         .c_str(),
                     name_);
    int position = 0;
    for (const Result& r : card.results) {
      result.reset();
      result.set(":period", card.period).set(":position", ++position).set(":indicator", r.indicator).set(":title", r.title);
      result.set(":service", r.service).set(":theme", r.theme).set(":directorate", r.directorate).set(":key", r.key);
      result.set(":unit", std::string(name_of(r.unit))).set(":decimals", r.decimals).set(":polarity", std::string(name_of(r.polarity)));
      result.set(":parts", r.parts).set(":value", r.value).set(":basis", r.basis).set(":scored", r.scored).set(":target", r.target);
      result.set(":goal_low", r.goal_low).set(":goal_high", r.goal_high).set(":variance", r.variance).set(":variance_share", r.variance_share);
      result.set(":status", stored(r.status)).set(":state", stored(r.state)).set(":reason", r.reason);
      result.set(":compared_with", r.compared_with).set(":compared_period", r.compared_period);
      result.set(":direction", std::string(name_of(r.direction))).set(":direction_reason", r.direction_reason);
      result.set(":estimated", r.estimated).set(":commentary", r.commentary).set(":raw", r.raw).set(":file", r.file);
      result.set(":sheet", r.sheet).set(":cell", r.cell);
      result.set(":assessment", r.assessment).set(":computed", stored(r.computed)).set(":service_status", stored(r.service_status));
      result.set(":service_reason", r.service_reason);
      result.step();
    }
    Statement rollup(connection_->db,
                     insert_into("rollup", {"period", "position", "dimension", "grp", "indicators", "red", "red_amber", "amber", "amber_green",
                                            "green", "in_measurement", "not_due", "missing", "no_target", "not_scored", "improving",
                                            "maintained", "declining", "direction_unknown", "assessed"})
                         .c_str(),
                     name_);
    position = 0;
    for (const Rollup& r : card.rollups) {
      const Tally& t = r.tally;
      rollup.reset();
      rollup.set(":period", card.period).set(":position", ++position).set(":dimension", r.dimension).set(":grp", r.group);
      rollup.set(":indicators", t.indicators).set(":red", t.red).set(":red_amber", t.red_amber).set(":amber", t.amber);
      rollup.set(":amber_green", t.amber_green).set(":green", t.green).set(":in_measurement", t.in_measurement);
      rollup.set(":not_due", t.not_due).set(":missing", t.missing).set(":no_target", t.no_target).set(":not_scored", t.not_scored);
      rollup.set(":improving", t.improving).set(":maintained", t.maintained).set(":declining", t.declining);
      rollup.set(":direction_unknown", t.direction_unknown).set(":assessed", t.assessed);
      rollup.step();
    }
    Statement compliance(connection_->db,
                         insert_into("compliance", {"period", "position", "service", "name", "received", "on_time", "deadline", "received_on",
                                                    "working_days_late", "figures_due", "figures_given"})
                             .c_str(),
                         name_);
    position = 0;
    for (const Compliance& c : card.compliance) {
      compliance.reset();
      compliance.set(":period", card.period).set(":position", ++position).set(":service", c.service).set(":name", c.name);
      compliance.set(":received", c.received).set(":on_time", c.on_time).set(":deadline", c.deadline).set(":received_on", c.received_on);
      compliance.set(":working_days_late", c.working_days_late).set(":figures_due", c.figures_due).set(":figures_given", c.figures_given);
      compliance.step();
    }
    Statement action(connection_->db,
                     insert_into("action_result", {"period", "position", "action", "title", "service", "theme", "lead", "milestone", "due", "revised",
                                                   "progress", "status", "state", "reason", "service_status", "direction", "direction_reason",
                                                   "commentary", "file", "sheet", "cell"})
                         .c_str(),
                     name_);
    position = 0;
    for (const ActionResult& a : card.actions) {
      action.reset();
      action.set(":period", card.period).set(":position", ++position).set(":action", a.action).set(":title", a.title).set(":service", a.service);
      action.set(":theme", a.theme).set(":lead", a.lead).set(":milestone", a.milestone).set(":due", a.due).set(":revised", a.revised);
      action.set(":progress", stored(a.progress)).set(":status", stored(a.status)).set(":state", stored(a.state)).set(":reason", a.reason);
      action.set(":service_status", stored(a.service_status)).set(":direction", std::string(name_of(a.direction)));
      action.set(":direction_reason", a.direction_reason).set(":commentary", a.commentary).set(":file", a.file).set(":sheet", a.sheet);
      action.set(":cell", a.cell);
      action.step();
    }
    Statement action_rollup(connection_->db,
                            insert_into("action_rollup", {"period", "position", "dimension", "grp", "actions", "delivered", "on_target", "scheduled",
                                                          "rephased_minor", "rephased_major", "not_viable", "no_update", "not_started", "red",
                                                          "amber", "green", "improving", "maintained", "declining"})
                                .c_str(),
                            name_);
    position = 0;
    for (const ActionRollup& r : card.action_rollups) {
      const ActionTally& t = r.tally;
      action_rollup.reset();
      action_rollup.set(":period", card.period).set(":position", ++position).set(":dimension", r.dimension).set(":grp", r.group);
      action_rollup.set(":actions", t.actions).set(":delivered", t.delivered).set(":on_target", t.on_target).set(":scheduled", t.scheduled);
      action_rollup.set(":rephased_minor", t.rephased_minor).set(":rephased_major", t.rephased_major).set(":not_viable", t.not_viable);
      action_rollup.set(":no_update", t.no_update).set(":not_started", t.not_started).set(":red", t.red).set(":amber", t.amber);
      action_rollup.set(":green", t.green).set(":improving", t.improving).set(":maintained", t.maintained).set(":declining", t.declining);
      action_rollup.step();
    }
  });
}

namespace {

Result result_row(const Statement& result) {
  Result r;
  r.period = result.text("period");
  r.indicator = result.text("indicator");
  r.title = result.text("title");
  r.service = result.text("service");
  r.theme = result.text("theme");
  r.directorate = result.text("directorate");
  r.key = result.flag("key");
  r.unit = result.named_as<Unit>("unit").value_or(Unit::number);
  r.decimals = result.whole("decimals");
  r.polarity = result.named_as<Polarity>("polarity").value_or(Polarity::up);
  r.parts = result.text("parts");
  r.value = result.maybe_real("value");
  r.basis = result.text("basis");
  r.scored = result.maybe_real("scored");
  r.target = result.text("target");
  r.goal_low = result.maybe_real("goal_low");
  r.goal_high = result.maybe_real("goal_high");
  r.variance = result.maybe_real("variance");
  r.variance_share = result.maybe_real("variance_share");
  r.status = result.named_as<Status>("status");
  r.state = result.named_as<State>("state");
  r.reason = result.text("reason");
  r.compared_with = result.maybe_real("compared_with");
  r.compared_period = result.text("compared_period");
  r.direction = result.named_as<Direction>("direction").value_or(Direction::unknown);
  r.direction_reason = result.text("direction_reason");
  r.estimated = result.flag("estimated");
  r.commentary = result.text("commentary");
  r.raw = result.text("raw");
  r.file = result.text("file");
  r.sheet = result.text("sheet");
  r.cell = result.text("cell");
  r.assessment = result.text("assessment");
  r.computed = result.named_as<Status>("computed");
  r.service_status = result.named_as<Status>("service_status");
  r.service_reason = result.text("service_reason");
  return r;
}

}  // namespace

void Store::each_result(const std::string& period, const std::function<void(const Result&)>& row, Order order) const {
  Statement result(connection_->db,
                   order == Order::rule_file
                       ? "SELECT * FROM result WHERE period = ?1 ORDER BY position"
                       : "SELECT *, min(position) OVER (PARTITION BY theme) AS theme_first FROM result WHERE period = ?1 ORDER BY theme_first, position",
                   name_);
  result.bind(1, period);
  result.cursor().stream();  // a million rows are written without holding them
  while (result.step()) row(result_row(result));
}

std::vector<Store::FigureShown> Store::figures_shown(std::int64_t submission, const std::string& period) const {
  Statement s(connection_->db,
              "SELECT o.indicator, o.period, o.value, o.state, o.raw, o.cumulative, o.estimated, o.commentary, o.target_raw, o.sheet, o.cell, "
              "o.previous, o.commentary_cell, o.assessed, o.assessed_reason, o.assessed_cell, r.title AS shown_title, r.unit AS shown_unit, r.decimals AS shown_decimals "
              "FROM observation o LEFT JOIN result r ON r.period = ?2 AND r.indicator = o.indicator "
              "WHERE o.submission = ?1 ORDER BY o.rowid",
              name_);
  s.bind(1, submission).bind(2, period);
  std::vector<FigureShown> out;
  while (s.step()) {
    FigureShown f{observation_row(s), s.text("shown_title"), s.named_as<Unit>("shown_unit").value_or(Unit::number), s.whole("shown_decimals")};
    out.push_back(std::move(f));
  }
  return out;
}

std::size_t Store::result_count(const std::string& period) const {
  Statement count(connection_->db, "SELECT count(*) FROM result WHERE period = ?1", name_);
  count.bind(1, period);
  count.step();
  return static_cast<std::size_t>(count.first_integer());
}

void Store::each_value(const std::string& period, const std::function<void(const std::string&, double)>& figure) const {
  Statement s(connection_->db, "SELECT indicator, value FROM current_observation WHERE period = ?1 AND value IS NOT NULL", name_);
  s.bind(1, period);
  while (s.step()) figure(s.text("indicator"), *s.maybe_real("value"));
}

std::optional<Scorecard> Store::scorecard(const std::string& period) const {
  auto card = scorecard_totals(period);
  if (!card) return std::nullopt;
  each_result(period, [&](const Result& r) { card->results.push_back(r); });
  return card;
}

std::optional<Scorecard> Store::scorecard_totals(const std::string& period) const {
  Scorecard card;
  card.period = period;
  Statement action(connection_->db, "SELECT * FROM action_result WHERE period = ?1 ORDER BY position", name_);
  action.bind(1, period);
  while (action.step()) {
    ActionResult a;
    a.period = period;
    a.action = action.text("action");
    a.title = action.text("title");
    a.service = action.text("service");
    a.theme = action.text("theme");
    a.lead = action.text("lead");
    a.milestone = action.text("milestone");
    a.due = action.text("due");
    a.revised = action.text("revised");
    a.progress = action.named_as<Progress>("progress");
    a.status = action.named_as<Status>("status");
    a.state = action.named_as<State>("state");
    a.reason = action.text("reason");
    a.service_status = action.named_as<Status>("service_status");
    a.direction = action.named_as<Direction>("direction").value_or(Direction::unknown);
    a.direction_reason = action.text("direction_reason");
    a.commentary = action.text("commentary");
    a.file = action.text("file");
    a.sheet = action.text("sheet");
    a.cell = action.text("cell");
    card.actions.push_back(std::move(a));
  }
  Statement action_rollup(connection_->db, "SELECT * FROM action_rollup WHERE period = ?1 ORDER BY position", name_);
  action_rollup.bind(1, period);
  while (action_rollup.step()) {
    ActionRollup r;
    ActionTally& t = r.tally;
    r.dimension = action_rollup.text("dimension");
    r.group = action_rollup.text("grp");
    t.actions = action_rollup.whole("actions");
    t.delivered = action_rollup.whole("delivered");
    t.on_target = action_rollup.whole("on_target");
    t.scheduled = action_rollup.whole("scheduled");
    t.rephased_minor = action_rollup.whole("rephased_minor");
    t.rephased_major = action_rollup.whole("rephased_major");
    t.not_viable = action_rollup.whole("not_viable");
    t.no_update = action_rollup.whole("no_update");
    t.not_started = action_rollup.whole("not_started");
    t.red = action_rollup.whole("red");
    t.amber = action_rollup.whole("amber");
    t.green = action_rollup.whole("green");
    t.improving = action_rollup.whole("improving");
    t.maintained = action_rollup.whole("maintained");
    t.declining = action_rollup.whole("declining");
    card.action_rollups.push_back(std::move(r));
  }
  if (result_count(period) == 0 && card.actions.empty()) return std::nullopt;
  Statement rollup(connection_->db, "SELECT * FROM rollup WHERE period = ?1 ORDER BY position", name_);
  rollup.bind(1, period);
  while (rollup.step()) {
    Rollup r;
    Tally& t = r.tally;
    r.dimension = rollup.text("dimension");
    r.group = rollup.text("grp");
    t.indicators = rollup.whole("indicators");
    t.red = rollup.whole("red");
    t.red_amber = rollup.whole("red_amber");
    t.amber = rollup.whole("amber");
    t.amber_green = rollup.whole("amber_green");
    t.green = rollup.whole("green");
    t.in_measurement = rollup.whole("in_measurement");
    t.not_due = rollup.whole("not_due");
    t.missing = rollup.whole("missing");
    t.no_target = rollup.whole("no_target");
    t.not_scored = rollup.whole("not_scored");
    t.improving = rollup.whole("improving");
    t.assessed = rollup.whole("assessed");
    t.maintained = rollup.whole("maintained");
    t.declining = rollup.whole("declining");
    t.direction_unknown = rollup.whole("direction_unknown");
    card.rollups.push_back(std::move(r));
  }
  Statement compliance(connection_->db, "SELECT * FROM compliance WHERE period = ?1 ORDER BY position", name_);
  compliance.bind(1, period);
  while (compliance.step()) {
    Compliance c;
    c.service = compliance.text("service");
    c.name = compliance.text("name");
    c.received = compliance.flag("received");
    c.on_time = compliance.flag("on_time");
    c.deadline = compliance.text("deadline");
    c.received_on = compliance.text("received_on");
    c.working_days_late = compliance.whole("working_days_late");
    c.figures_due = compliance.whole("figures_due");
    c.figures_given = compliance.whole("figures_given");
    card.compliance.push_back(std::move(c));
  }
  return card;
}

std::vector<Issue> Store::issues(const std::string& period) const {
  Statement s(connection_->db, fmt::format("SELECT {} FROM issue WHERE period = ?1 ORDER BY rowid", issue_columns).c_str(), name_);
  s.bind(1, period);
  std::vector<Issue> out;
  while (s.step()) out.push_back(issue_row(s));
  return out;
}

std::optional<Staleness> Store::staleness(const std::string& period, const std::string& rules_fingerprint) const {
  Statement basis(connection_->db, "SELECT rules, last_change FROM scorecard_basis WHERE period = ?1", name_);
  basis.bind(1, period);
  if (!basis.step()) return std::nullopt;
  Staleness out;
  out.rules_changed = basis.text("rules") != rules_fingerprint;
  // Only returns for this period or before it can change its scorecard.
  auto at = parse_period(period);
  Statement changed(connection_->db, "SELECT DISTINCT c.submission, s.period FROM change c JOIN submission s ON s.id = c.submission WHERE c.id > ?1",
                    name_);
  changed.bind(1, basis.integer("last_change"));
  while (changed.step()) {
    auto p = parse_period(changed.text("period"));
    bool earlier = !at || !p || p->year < at->year || (p->year == at->year && (p->kind != at->kind || p->index <= at->index));
    if (earlier) ++out.returns_changed;
  }
  return out;
}

std::string Store::made_from(const std::string& period) const {
  Statement basis(connection_->db, "SELECT rules, last_change FROM scorecard_basis WHERE period = ?1", name_);
  basis.bind(1, period);
  if (!basis.step()) return {};
  return fmt::format("{} {}", basis.text("rules"), basis.integer("last_change"));
}

std::int64_t Store::last_change() const {
  Statement last(connection_->db, "SELECT coalesce(max(id), 0) AS id FROM change", name_);
  last.step();
  return last.integer("id");
}

std::vector<Submission> Store::read_under_other_rules(const std::string& rules_fingerprint) const {
  return submissions_where(*connection_->db, name_, "superseded_by IS NULL AND reading <> ?1 ORDER BY period, service", {rules_fingerprint});
}

std::optional<Reading> Store::last_reading(const std::string& canonical, const std::string& sha256, const std::string& rules,
                                           const std::string& asked) const {
  Statement s(connection_->db,
              "SELECT r.service, r.period, r.storable, r.submission FROM reading r "
              "WHERE r.canonical = ?1 AND r.sha256 = ?2 AND r.rules = ?3 AND r.asked = ?4 "
              "AND (r.submission IS NULL OR EXISTS (SELECT 1 FROM submission s WHERE s.id = r.submission AND s.reading = ?3))",
              name_);
  s.bind(1, canonical).bind(2, sha256).bind(3, rules).bind(4, asked);
  if (!s.step()) return std::nullopt;
  Reading out;
  out.service = s.text("service");
  out.period = s.text("period");
  out.storable = s.flag("storable");
  out.submission = s.maybe_integer("submission");
  if (out.storable && !out.submission) return std::nullopt;
  Statement issues(connection_->db,
                   fmt::format("SELECT {} FROM ingest_issue WHERE period = ?1 AND sha256 = ?2 ORDER BY rowid", issue_columns).c_str(), name_);
  issues.bind(1, out.period).bind(2, sha256);
  while (issues.step()) out.issues.push_back(issue_row(issues));
  return out;
}

namespace {

// Every table, parents before children; each copied with its ids (a rowid
// where the table has no id of its own), so references and the order rows
// were written in survive the copy.
struct Copied {
  const char* table;
  const char* key;  // the column that numbers its rows
};
constexpr Copied copied_tables[] = {
    {"submission", "id"},        {"change", "id"},           {"observation", "rowid"},   {"action_update", "rowid"},
    {"ingest_issue", "rowid"},   {"reading", "rowid"},       {"issue", "rowid"},         {"result", "rowid"},
    {"rollup", "rowid"},         {"compliance", "rowid"},    {"action_result", "rowid"}, {"action_rollup", "rowid"},
    {"scorecard_basis", "rowid"}, {"validation_basis", "rowid"}, {"rule_cache", "rowid"}};

std::vector<std::string> columns_of(Database& db, const Copied& t) {
  std::vector<std::string> out{t.key};
  Statement s(db, fmt::format("SELECT * FROM {} LIMIT 0", t.table).c_str(), db.name());
  s.step();
  for (const auto& [name, index] : columns_in(s))
    if (name != t.key) out.push_back(name);
  return out;
}

std::string select_all(const Copied& t, const std::vector<std::string>& columns) {
  std::string list;
  for (const auto& c : columns) list += fmt::format("{}{}", list.empty() ? "" : ", ", c);
  return fmt::format("SELECT {} FROM {} ORDER BY {}", list, t.table, t.key);
}

// A table's rows, each value written the same way whichever database holds
// it, hashed a thousand rows at a time: equal on both stores when they hold
// the same rows.
std::pair<std::int64_t, std::string> table_digest(Database& db, const Copied& t, const std::vector<std::string>& columns) {
  Statement s(db, select_all(t, columns).c_str(), db.name());
  std::int64_t rows = 0;
  std::string chunk, chunks;
  while (s.step()) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      int col = static_cast<int>(i);
      switch (s.cursor().kind_at(col)) {
        case Cursor::Kind::null: chunk += "\\N"; break;
        case Cursor::Kind::integer: chunk += std::to_string(s.cursor().integer_at(col)); break;
        case Cursor::Kind::real: chunk += fmt::format("{:.17g}", s.cursor().real_at(col)); break;
        case Cursor::Kind::blob: chunk += sha256_of(s.cursor().blob_at(col)); break;
        case Cursor::Kind::text: chunk += s.cursor().text_at(col); break;
      }
      chunk += '\x1f';
    }
    chunk += '\x1e';
    if (++rows % 1000 == 0) chunks += sha256_of(std::exchange(chunk, {}));
  }
  chunks += sha256_of(chunk);
  return {rows, sha256_of(chunks)};
}

}  // namespace

std::vector<TableCopy> copy(Store& from, Store& to) {
  Database& source = *from.connection_->db;
  Database& target = *to.connection_->db;
  for (const char* table : {"submission", "result", "ingest_issue"}) {
    Statement any(target, fmt::format("SELECT count(*) FROM {}", table).c_str(), to.name_);
    any.step();
    if (any.first_integer() > 0)
      throw Error(Location::of_file(to.name_), "the store to copy into already holds a history; it was not changed",
                  "copy into a new store: a file that does not exist yet, or an empty database or schema on the server");
  }
  std::vector<TableCopy> out;
  source.begin_read();
  try {
    in_transaction(target, false, [&] {
      for (const Copied& t : copied_tables) {
        std::vector<std::string> columns = columns_of(source, t);
        std::string names, values;
        for (std::size_t i = 0; i < columns.size(); ++i) {
          names += fmt::format("{}{}", i ? ", " : "", columns[i]);
          values += fmt::format("{}?{}", i ? ", " : "", i + 1);
        }
        Statement read(source, select_all(t, columns).c_str(), from.name_);
        Statement write(target, fmt::format("INSERT INTO {} ({}) VALUES ({})", t.table, names, values).c_str(), to.name_);
        // A submission may be superseded by a later one: those links are made once every submission is in.
        std::vector<std::pair<std::int64_t, std::int64_t>> superseded;
        std::int64_t rows = 0;
        while (read.step()) {
          write.reset();
          for (std::size_t i = 0; i < columns.size(); ++i) {
            int col = static_cast<int>(i);
            Cursor& c = read.cursor();
            if (columns[i] == "superseded_by" && c.kind_at(col) != Cursor::Kind::null) {
              superseded.emplace_back(c.integer_at(0), c.integer_at(col));
              write.cursor().bind_null(col + 1);
              continue;
            }
            switch (c.kind_at(col)) {
              case Cursor::Kind::null: write.cursor().bind_null(col + 1); break;
              case Cursor::Kind::integer: write.cursor().bind_integer(col + 1, c.integer_at(col)); break;
              case Cursor::Kind::real: write.cursor().bind_real(col + 1, c.real_at(col)); break;
              case Cursor::Kind::blob: write.cursor().bind_blob(col + 1, c.blob_at(col)); break;
              case Cursor::Kind::text: write.cursor().bind_text(col + 1, c.text_at(col)); break;
            }
          }
          write.step();
          ++rows;
        }
        Statement link(target, "UPDATE submission SET superseded_by = ?1 WHERE id = ?2", to.name_);
        for (const auto& [id, by] : superseded) {
          link.reset();
          link.bind(1, by).bind(2, id);
          link.step();
        }
        target.continue_numbering(t.table, t.key);
        out.push_back(TableCopy{t.table, rows, {}, {}});
      }
    });
    source.exec("COMMIT");
  } catch (...) {
    try {
      source.exec("ROLLBACK");
    } catch (const Error&) {
    }
    throw;
  }
  // Read back from both, independently of what was written.
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::vector<std::string> columns = columns_of(source, copied_tables[i]);
    auto [rows_from, digest_from] = table_digest(source, copied_tables[i], columns);
    auto [rows_to, digest_to] = table_digest(target, copied_tables[i], columns);
    out[i].digest_from = digest_from;
    out[i].digest_to = digest_to;
    if (rows_from != out[i].rows || rows_to != out[i].rows) out[i].digest_to = fmt::format("{} rows", rows_to);
  }
  return out;
}

void FiguresInForce::read_whole(const Period& period) {
  std::tuple<int, int, int> key(period.year, static_cast<int>(period.kind), period.index);
  if (whole_.empty() || whole_.count(period.str()) || !whole_read_.insert(key).second) return;  // read whole already
  auto& figures = periods_[key];
  figures.clear();
  for (auto& o : store_.current_observations(period.str(), Store::Detail::whole)) figures.insert_or_assign(o.indicator, std::move(o));
}

const Observation* FiguresInForce::find(const std::string& indicator, const Period& period) {
  auto [it, added] = periods_.try_emplace(std::tuple(period.year, static_cast<int>(period.kind), period.index));
  if (added)
    for (auto& o : store_.current_observations(period.str(), whole_.empty() || whole_.count(period.str()) ? Store::Detail::whole : Store::Detail::figures))
      // Two returns in force may give a figure for the same period (a
      // lagged figure repeated, or corrected, in the next return): the later one stands.
      it->second.insert_or_assign(o.indicator, std::move(o));
  auto found = it->second.find(indicator);
  return found == it->second.end() ? nullptr : &found->second;
}

void FiguresInForce::keep_figures_only(const Period& period) {
  auto found = periods_.find(std::tuple(period.year, static_cast<int>(period.kind), period.index));
  if (found == periods_.end()) return;
  for (auto& [indicator, o] : found->second) {
    // Swapped with empty strings, not cleared, so the memory is given back.
    std::string().swap(o.raw);
    std::string().swap(o.commentary);
    std::string().swap(o.target_raw);
    std::string().swap(o.sheet);
    std::string().swap(o.cell);
    std::string().swap(o.commentary_cell);
  }
}

}  // namespace kpiflow::store
