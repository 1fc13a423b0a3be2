// store: the history store, the spine between the stages (docs/store.md):
// a SQLite file for one officer, or a schema on a PostgreSQL server for a team. Every figure read from a return is kept with where it
// came from; a newer submission for the same service and period supersedes
// the older one, which is kept; ingesting the same file again changes nothing.
#pragma once

#include <map>
#include <unordered_map>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "model/figures.hpp"
#include "model/error.hpp"
#include "model/issue.hpp"
#include "model/action.hpp"
#include "model/observation.hpp"
#include "model/scorecard.hpp"

namespace kpiflow::store {

// One return as received.
struct Submission {
  std::int64_t id = 0;
  std::string service;   // the rule file's service id
  std::string period;    // "2017/18 Q2"
  std::string file;      // as given on the command line
  std::string sha256;    // of the file's bytes
  std::string saved;     // the file's modification time, ISO 8601 UTC
  std::string submitted; // the date the return says it was submitted (ISO 8601), or empty
  std::string ingested;  // when it was read, ISO 8601 UTC
  std::optional<std::int64_t> superseded_by;
  std::string reading;   // the fingerprint of the rule file it was read under (empty: before schema 2)
  std::string sent_by;   // sent by e-mail: the sender as the message shows them; else empty
  std::string subject;   // and the e-mail's subject
  // The date it counts as received: the date it gives; empty when it gives
  // none. The file's time says when it was last saved, not when it was
  // sent (a copy made today is years "late"), so it never stands in.
  std::string received() const { return submitted.substr(0, 10); }
};

using kpiflow::Observation;

// reread: the same bytes were stored, read under another rule file; their
// figures are replaced by what this one reads.
enum class Outcome { added, already_stored, superseded_older, reread };

// Whether a recorded scorecard still matches what it was made from.
struct Staleness {
  bool rules_changed = false;  // the rule file is not the one transform used
  int returns_changed = 0;     // returns stored or read again since
  bool stale() const { return rules_changed || returns_changed > 0; }
};

// What ingesting one file found, kept so that validation reports it too.
struct FileIssues {
  std::string period;    // the period asked for (or the return's own)
  std::string file;      // as given on the command line
  std::string sha256;
  std::string service;   // empty when not known
  std::string recorded;  // ISO 8601 UTC
  std::vector<Issue> issues;
  std::string canonical; // the file's canonical path: another spelling of it replaces these issues
  // What the reading depended on besides the bytes: the rule file's
  // fingerprint and the --period and --service it was read with.
  std::string rules, asked;
};

// A file as ingest last read it: enough to say what it gave without
// parsing it again, while its bytes, the rule file and the options are the same.
struct Reading {
  std::string service, period;
  bool storable = false;
  std::optional<std::int64_t> submission;  // the return it was stored as
  std::vector<Issue> issues;
};

// Whether --db names a PostgreSQL server ("postgresql://...", "postgres://...",
// or libpq's "host=... dbname=..."), not a file.
bool is_server(std::string_view where);
// An address as messages and --help show it: any password in it as ***.
std::string shown_address(std::string_view where);

// read_only: for the commands that only read (export); the store must exist
// and be of this kpiflow's schema, and nothing is written to it.
enum class Access { read_write, read_only };

class Store;

// A table copied by copy(): its rows, and a digest of them read back from
// each store (the same when both hold the same rows).
struct TableCopy {
  std::string table;
  std::int64_t rows = 0;
  std::string digest_from, digest_to;
  bool same() const { return digest_from == digest_to; }
};
// Every row of one store into another, new and empty, store (SQLite to
// PostgreSQL and back), in one transaction, then both read back and compared.
std::vector<TableCopy> copy(Store& from, Store& to);

class Store {
 public:
  // Creates the file and its tables when new, and upgrades a store of an
  // earlier kpiflow (forward migrations); refuses, untouched, a file that is
  // not a kpiflow store or was written by a newer kpiflow, and reports a
  // damaged one as damaged.
  // `where` is a file's path, or a PostgreSQL address (postgresql://...,
  // or libpq's "host=... dbname=..."): the same store on a server.
  static Store open(const std::string& where, Access access = Access::read_write);
  static Store in_memory();
  // Throws Error "the history store is damaged" when PRAGMA quick_check
  // finds damage. It reads the whole file, so only ingest, which runs first
  // and adds the most, asks it, and only of a store under 64 MiB; any other
  // command meets damage as SQLite finds it, reported the same way.
  void check_integrity() const;
  // Whether the store is on a server; whether this connection may write
  // (a read-only role may not: validate then reports without recording).
  bool on_server() const;
  // As messages name it: the file, or the server's address with any password hidden.
  const std::string& name() const { return name_; }
  bool may_write() const;
  // On a server, a run's lock: an advisory lock held while this store is
  // open; nullopt when it is ours, else who holds it. A file's is
  // pipeline::RunLock, beside it.
  std::optional<std::string> lock_runs(const std::string& holder);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // Adds a submission and its observations in one transaction. The same
  // service, period and sha256 again changes nothing (already_stored).
  Outcome add(Submission submission, const std::vector<Observation>& observations, const std::vector<ActionUpdate>& actions = {});
  // A return and what ingesting it found, in one transaction: a return is
  // never stored without its issues. found.issues may be all there is (a
  // refused file is not stored).
  Outcome ingest(const Submission& submission, const std::vector<Observation>& observations, const FileIssues& found,
                 const std::vector<ActionUpdate>& actions = {});

  // What the file at this canonical path gave when last read, if it had
  // these bytes and was read under this rule file with these options.
  std::optional<Reading> last_reading(const std::string& canonical, const std::string& sha256, const std::string& rules,
                                      const std::string& asked) const;

  // Many returns' writes committed together: each return stays all or
  // nothing (a savepoint), and the store is synced once per batch rather
  // than once per return. A batch not committed when it ends is committed
  // then; see docs/store.md for what a kill or a power cut can lose.
  class Batch {
   public:
    explicit Batch(Store& store);
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;
    ~Batch();
    // Commits the returns so far and opens the next batch.
    void commit();

   private:
    Store& store_;
  };

  // A rule book as rules::to_cache wrote it, kept under rules::cache_key;
  // a read-only store keeps nothing.
  std::optional<std::string> cached_rules(const std::string& key) const;
  void cache_rules(const std::string& key, const std::string& book);

  // The submission in force for a service and period, if any.
  std::optional<Submission> current(const std::string& service, const std::string& period) const;
  std::vector<Submission> submissions(const std::string& service, const std::string& period) const;
  // The periods some return in force is for, in no particular order.
  std::vector<std::string> periods_in_force() const;
  // The submissions in force for a period, by service.
  std::vector<Submission> current_submissions(const std::string& period) const;
  std::vector<Observation> observations(std::int64_t submission) const;
  // The observations of the submissions in force, for one period: whole,
  // or only their figures and states (no text: raw, commentary, cells).
  enum class Detail { whole, figures };
  std::vector<Observation> current_observations(const std::string& period, Detail detail = Detail::whole) const;

  // The action updates of the returns in force for a period, by service,
  // each with its service and file.
  struct ActionInForce {
    ActionUpdate update;
    std::string service, file;
  };
  std::vector<ActionInForce> current_actions(const std::string& period) const;
  // Each action's latest update among periods (newest first): the one of
  // the first period that has one, with the period it is from.
  std::map<std::string, ActionInForce> latest_actions(const std::vector<std::string>& newest_first) const;
  // How many figures and actions a return gave.
  std::pair<std::size_t, std::size_t> contents(std::int64_t submission) const;
  // A return's actions table as ingested, in the return's order.
  std::vector<ActionUpdate> actions(std::int64_t submission) const;
  // Ingest's issues for a file replace those of its earlier ingest.
  void record_ingest_issues(const FileIssues& found);
  // The ingest issues that still stand for a period: those of the returns
  // in force, and of files refused since no return for their service came in.
  std::vector<Issue> ingest_issues(const std::string& period) const;
  // Validation's whole list for a period, replacing the last one: the
  // chase list is made from it.
  void record_issues(const std::string& period, const std::vector<Issue>& issues);
  // That list, as validation last recorded it.
  std::vector<Issue> issues(const std::string& period) const;
  // The same with what it was made from (pipeline's basis: the rule file,
  // the returns, ingest's issues, the day), and the counts it found, so
  // that a validation nothing it is made from has changed under is read back.
  struct Validated {
    std::string basis;
    int services_due = 0, returns = 0;
  };
  void record_validation(const std::string& period, const std::vector<Issue>& issues, const Validated& made);
  std::optional<Validated> validated(const std::string& period) const;
  // Where ingest's issues stand ("count:last row"): any file ingested or refused changes it.
  std::string ingest_state() const;

  // Transform's scorecard for a period, replacing the last one, with what it
  // was made from: the rule file's fingerprint and the returns so far.
  void record_scorecard(const Scorecard& scorecard, const std::string& rules_fingerprint = {});
  // Whether the period's scorecard is out of date; empty when none is recorded.
  std::optional<Staleness> staleness(const std::string& period, const std::string& rules_fingerprint) const;
  // What the period's scorecard was recorded with ("<rules> <last change>"),
  // empty when none; and the latest change to any return. Export keeps
  // these with what it writes, to know when it need not write again.
  std::string made_from(const std::string& period) const;
  std::int64_t last_change() const;
  // The returns in force that were read under another rule file.
  std::vector<Submission> read_under_other_rules(const std::string& rules_fingerprint) const;
  // The scorecard as transform last recorded it; empty when it has not run.
  std::optional<Scorecard> scorecard(const std::string& period) const;
  // The same without its results (roll-ups and compliance only); the
  // results are read one at a time, in the scorecard's order, so that an
  // export of a million rows never holds them all.
  std::optional<Scorecard> scorecard_totals(const std::string& period) const;
  // In the rule file's order; by_theme: theme by theme (each where its first
  // indicator is), in the rule file's order within each.
  enum class Order { rule_file, by_theme };
  void each_result(const std::string& period, const std::function<void(const Result&)>& row, Order order = Order::rule_file) const;
  std::size_t result_count(const std::string& period) const;
  // A return's figures as ingested, in the return's order, each with the
  // title, unit and decimals its indicator's result for the period shows
  // (the scorecard's words, without the rule book).
  struct FigureShown {
    Observation figure;
    std::string title;
    Unit unit = Unit::number;
    int decimals = 0;
  };
  std::vector<FigureShown> figures_shown(std::int64_t submission, const std::string& period) const;
  // Each figure of the returns in force for a period, by indicator.
  void each_value(const std::string& period, const std::function<void(const std::string&, double)>& figure) const;

 private:
  friend std::vector<TableCopy> copy(Store& from, Store& to);
  struct Connection;  // the database's handle: the rest of kpiflow never sees it
  Store(std::unique_ptr<Connection> connection, std::string name, Access access);
  void exec(const char* sql) const;
  void backfill_issue_places();
  void checks_as_comparisons();
  // stored_as: the return's id, new or found.
  Outcome add_rows(const Submission& submission, const std::vector<Observation>& observations, const std::vector<ActionUpdate>& actions,
                   std::int64_t& stored_as);
  void ingest_issue_rows(const FileIssues& found);
  void issue_rows(const std::string& period, const std::vector<Issue>& issues);
  void reading_row(const FileIssues& found, bool storable, std::optional<std::int64_t> submission);
  std::unique_ptr<Connection> connection_;
  std::string name_;
  bool read_only_ = false;
};


// The figures of the returns in force, each period read from the store
// once, for scoring (rules::evaluate) and direction of travel.
class FiguresInForce : public Figures {
 public:
  // Every period's figures are read whole when whole_periods is empty; else
  // only those periods' are, and the others' figures and states alone, so
  // that years of history cost their figures, not their commentary.
  explicit FiguresInForce(const Store& store, std::set<std::string> whole_periods = {}) : store_(store), whole_(std::move(whole_periods)) {}
  const Observation* find(const std::string& indicator, const Period& period) override;
  const Store& store() const { return store_; }
  // Drops a period's text once it is scored: a later period needs its
  // figures (year to date, direction of travel), never its commentary.
  void keep_figures_only(const Period& period);
  // Reads a period whole (commentary, cells) when it was read for its
  // figures alone: a result shown from an earlier period (carried forward,
  // a lagged figure) shows that period's text.
  void read_whole(const Period& period);

 private:
  const Store& store_;
  std::set<std::string> whole_;
  // By the period's year, kind and index, not its text: a lookup per
  // indicator and period scored must not format the period's name.
  std::map<std::tuple<int, int, int>, std::unordered_map<std::string, Observation>> periods_;
  std::set<std::tuple<int, int, int>> whole_read_;  // read by read_whole
};

}  // namespace kpiflow::store
