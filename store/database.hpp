// store's own: the two databases a store can live in, SQLite (a file, one
// officer) and PostgreSQL (a server, a team), behind the few operations the
// store's queries need. Not part of the store's public header: the rest of
// kpiflow sees only store::Store.
//
// The store's SQL is written once, in SQLite's spelling with its ?1 and
// :name parameters; what PostgreSQL spells differently (parameters, types,
// rowid, the schema's version, the write lock) is translated here, and
// nowhere else.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/error.hpp"
#include "store/store.hpp"

namespace kpiflow::store {

// Every failure of the database itself reads the same way. A damaged file
// says so, with what to do, rather than blaming the disk.
// A server's failures carry their own hint.
Error failure(const std::string& name, const std::string& detail, bool damaged = false, const char* hint = nullptr);

// One statement: bound, stepped through its rows, read by column.
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void bind_null(int i) = 0;
  virtual void bind_integer(int i, std::int64_t n) = 0;
  virtual void bind_real(int i, double v) = 0;
  virtual void bind_text(int i, std::string_view text) = 0;
  virtual void bind_blob(int i, std::string_view bytes) = 0;
  // The index of a named parameter (":unit"), 0 when the SQL has none.
  virtual int parameter(const char* name) = 0;
  // Asked before the first step of a query whose rows may be many (a
  // period's results, as export writes them): they are read a batch at a
  // time, not all at once. SQLite always steps row by row.
  virtual void stream() {}
  // True while there is a row; the first step runs the statement.
  virtual bool step() = 0;
  // Ready to run again, its bindings cleared.
  virtual void reset() = 0;
  virtual int column_count() = 0;
  virtual std::string column_name(int col) = 0;
  virtual bool null_at(int col) = 0;
  virtual std::int64_t integer_at(int col) = 0;
  virtual double real_at(int col) = 0;
  virtual std::string text_at(int col) = 0;
  virtual std::string blob_at(int col) = 0;
  enum class Kind { null, integer, real, text, blob };
  virtual Kind kind_at(int col) = 0;

  // Kept with the statement, so that a row's lookups after the first
  // compare the name literal's address, not its text.
  bool in_use = false;
  std::map<std::string, int, std::less<>> columns;
  std::vector<std::pair<const char*, int>> seen;
  std::vector<std::pair<const char*, int>> parameters;
};

// What the store's constructor needs to know before it trusts a database.
struct Marks {
  std::int64_t version = 0;      // the schema version kpiflow wrote; 0 when none
  bool ours = true;              // marked as kpiflow's (or not marked at all)
  std::int64_t tables = 0;       // tables and views of anyone's
  bool has_submission = false;   // kpiflow's first table is there
};

class Database {
 public:
  explicit Database(std::string name) : name_(std::move(name)) {}
  virtual ~Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& name() const { return name_; }
  virtual bool server() const = 0;
  // Statements without parameters, several at once (migrations).
  virtual void exec(const std::string& sql) = 0;
  virtual std::unique_ptr<Cursor> prepare(const char* sql) = 0;
  // A statement prepared once per connection and kept by its SQL: ingest
  // stores thousands of returns with the same few statements.
  Cursor* kept(const char* sql) {
    auto it = kept_.find(sql);
    return it == kept_.end() ? nullptr : it->second.get();
  }
  Cursor* keep(const char* sql, std::unique_ptr<Cursor> cursor) { return (kept_[sql] = std::move(cursor)).get(); }

  // A write transaction, taken with the store's write lock (SQLite's
  // BEGIN IMMEDIATE; on PostgreSQL an advisory lock on this store), so that
  // two writers queue rather than one failing.
  virtual void begin_write() = 0;
  // A read of several statements from one snapshot (store copy).
  virtual void begin_read() = 0;
  // After rows were copied in with their ids: new rows are numbered after them.
  virtual void continue_numbering(const std::string& table, const std::string& column) = 0;
  virtual Marks marks() = 0;
  // Read again under the write lock: another kpiflow may have just made the store.
  virtual std::int64_t version() = 0;
  virtual void set_version(std::int64_t version) = 0;
  // Before the first write: SQLite's journal mode (only once the file is known to be ours).
  virtual void prepare_for_writes() {}
  // A migration's SQL as this database spells it.
  virtual std::string dialect(const std::string& sql) const = 0;
  // After the migrations (all of them, in order): PostgreSQL fixes a view's
  // `*` when it is made, so its views are made again over the tables as they now are.
  virtual void after_migrations(const std::vector<const char*>& migrations) = 0;
  // Whether this connection may write (a read-only role may not).
  virtual bool may_write() = 0;
  // A run's lock, held while the connection is: nullopt when taken, else
  // who holds it. SQLite's is a file beside the store (pipeline::RunLock).
  virtual std::optional<std::string> lock_runs(const std::string& holder) = 0;

 protected:
  void forget_kept() { kept_.clear(); }

 private:
  std::string name_;
  std::unordered_map<std::string, std::unique_ptr<Cursor>> kept_;
};


enum class Opening { read_write, read_only, in_memory };
std::unique_ptr<Database> open_sqlite(const std::string& path, Opening how);
std::unique_ptr<Database> open_postgresql(const std::string& conninfo, bool read_only);


}  // namespace kpiflow::store
