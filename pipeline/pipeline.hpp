// pipeline: running the stages and recording what they make in the store,
// with what it was made from, in one place, so that the command line only
// parses options and prints, and a nightly `kpiflow run` can chain the same
// steps. Each step takes the store the caller opened.
//
//   ingest     the returns named, then those stored under another rule file
//   validate   a period's findings, recorded as the chase list
//   transform  a period's scorecard, recorded with the rule file and returns it saw
//   publish    consolidated.xlsx and scorecard.xlsx, refusing an out-of-date scorecard
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "export/export.hpp"
#include "ingest/ingest.hpp"
#include "model/period.hpp"
#include "model/scorecard.hpp"
#include "rules/rules.hpp"
#include "store/store.hpp"
#include "validate/validate.hpp"

namespace kpiflow::pipeline {

// The rule book and the store every command starts from. The book is read
// from the store's cache when the store holds this rule file's (same name,
// same text, same register): parsing a large council's YAML costs seconds
// and every command needs it. A store that does not exist yet is made only
// when `create` is true, and only once the rule file has been read without
// error, so a bad rule file leaves no empty store behind.
struct Opened {
  rules::RuleBook book;
  store::Store store;
};
// rules::Parts::without_indicators is for export (see rules::from_cache);
// a rule file not yet kept in the store is read whole.
Opened open(const std::filesystem::path& rules_path, const std::filesystem::path& db, store::Access access, bool create,
            rules::Parts parts = rules::Parts::all);

struct Ingest {
  std::vector<ingest::Ingested> files;   // in the order given
  std::vector<ingest::Reread> reread;    // stored earlier, read under another rule file
  int not_stored() const;
};
Ingest ingest(store::Store& store, const std::vector<std::filesystem::path>& files, const rules::RuleBook& book,
              const ingest::ReturnOptions& options);
// The same for returns as they arrived (files and e-mails' attachments),
// each handed to `each` once stored and not kept; returns what was read again.
std::vector<ingest::Reread> ingest(store::Store& store, const std::vector<ingest::Delivery>& returns, const rules::RuleBook& book,
                                   const ingest::ReturnOptions& options, const std::function<void(ingest::Ingested&&)>& each);

// A period's findings, recorded in the store as the chase list.
// today (default: the system's date) says which deadlines have passed.
validate::Findings validate(store::Store& store, const rules::RuleBook& book, const Period& period,
                            std::optional<std::chrono::year_month_day> today = std::nullopt);

// A period's scorecard, recorded with the rule file and the returns it was made from.
// A scorecard nothing has changed under since it was recorded is read back,
// not scored again; Want::totals reads back its roll-ups and compliance only
// (the results may then be absent).
enum class Want { results, totals };
Scorecard transform(store::Store& store, const rules::RuleBook& book, const Period& period, Want want = Want::results);

// Writes consolidated.xlsx and scorecard.xlsx into folder (made when new).
// Throws Error when the scorecard is missing or out of date. When nothing
// they are made from has changed since they were written (the store's
// scorecards, returns and issues, the rule file, the options, kpiflow
// itself), and the files are as written, they are not written again: the
// folder's .kpiflow-export says what they were made from.
struct Published {
  std::vector<std::filesystem::path> files;
  bool written = true;  // false: up to date, left as they were
  // With pdf: why scorecard.pdf could not be made (one line, with what to do);
  // the workbooks are written all the same, and the PDF is tried again next time.
  std::string pdf_failed;
  std::filesystem::path pdf, html;  // the report's files, when asked for and made
};
// Besides the workbooks: scorecard.pdf, the scorecard as LibreOffice prints
// it (office.hpp), and scorecard.html, the report to put on a website.
struct Circulate {
  bool pdf = false, html = false;
};
// keep_previous: when not empty and the workbooks must be written again,
// those there now are first copied into it (made when new).
Published publish(const store::Store& store, const rules::RuleBook& book, const Period& period, const std::string& db_name,
                  const std::filesystem::path& folder, const publish::Options& options, const std::filesystem::path& keep_previous = {},
                  Circulate circulate = {});

// issues.xlsx, validate's workbook of the findings, into folder (made when
// new), written again only when the findings, the rule file or kpiflow
// changed, or the file is not as written; keep_previous as for publish.
Published report_issues(const rules::RuleBook& book, const validate::Findings& findings, const std::filesystem::path& folder,
                        const std::filesystem::path& keep_previous = {});

// Chasing (docs/run.md): chase.xlsx and a feedback workbook per service
// with something to do (feedback/), in folder; with emails set, a draft
// e-mail per owner there (.eml, the feedback attached). Validates and
// scores the period first (recording both). When nothing they are made from
// changed (the findings, compliance this period and the last, the date,
// the rule file, the sender), and the files are as written, none is
// written again.
struct Chasing {
  std::chrono::year_month_day today;
  // The period's findings when the caller has just validated it as of today
  // (kpiflow run); else chase validates.
  const validate::Findings* findings = nullptr;
  std::filesystem::path emails;           // empty: no drafts
  std::string from_name, from_address;    // the drafts' sender; may be empty
};
struct Chased {
  std::filesystem::path workbook;
  std::vector<std::filesystem::path> feedback, drafts;
  int services = 0, owners = 0, items = 0;  // with something to chase
  bool written = true;                      // false: up to date, left as they were
};
Chased chase(store::Store& store, const rules::RuleBook& book, const Period& period, const std::filesystem::path& folder, const Chasing& how);

// Templates (docs/template.md): a return to fill in for each service with
// indicators (or only `service`, an id), into folder, with each service's
// figures for the periods before from history (null: none). Throws Error
// when `service` is not one of the rule file's.
std::vector<std::filesystem::path> templates(const store::Store* history, const rules::RuleBook& book, const Period& period,
                                             const std::filesystem::path& folder, const std::string& service,
                                             const publish::TemplateOptions& options);

// ---- kpiflow run: the quarter unattended (docs/run.md) ----

// What is in an inbox: every return under it, each a file of its own or a
// spreadsheet attached to an e-mail saved whole (.eml), and what was passed
// over and why. Follows no link (a link is listed, never followed, so a
// loop or a way out of the inbox cannot be taken); a folder or file that
// cannot be read is listed, and the rest is found.
struct PassedOver {
  enum class Kind {
    other,       // a lock, temporary, hidden or other file: named in the log only
    link,        // a link, not followed
    unreadable,  // a folder or file that could not be read: the person running it is told
    next_run,    // still being written: read by a later run
  };
  std::string path;
  std::string why;
  Kind kind = Kind::other;
};
struct Inbox {
  std::vector<ingest::Delivery> returns;  // sorted by path
  std::vector<PassedOver> passed_over;
  int emails = 0;                         // .eml files opened
};
struct Looking {
  // A file changed less than this long ago may still be being copied in or
  // saved: it is left for the next run.
  std::chrono::seconds settle{60};
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};
Inbox look_in(const std::filesystem::path& inbox, const rules::RuleBook& book, const Looking& how = {});

// Copies each file of the inbox that returns were read from into folder, in
// the same place under it. A copy already there with the same bytes is
// left; one with other bytes (a corrected return saved under the same name)
// is kept, and the new file goes beside it as "name (2).xlsx". Returns the
// files that could not be copied, with why.
std::vector<PassedOver> archive(const std::filesystem::path& inbox, const std::vector<ingest::Delivery>& returns,
                                const std::filesystem::path& folder);

// The returns given on a command line (kpiflow ingest): a file as it is (an
// .eml opened as above); a folder searched as look_in does, with no wait for
// files to settle. Throws Error for a path that does not exist.
Inbox returns_in(const std::vector<std::string>& given, const rules::RuleBook& book);

// The period a run is for when none is given: the latest whose deadline has
// passed, or, when later, the latest that has ended and whose returns are
// arriving (some are in the store). Only periods of financial years the rule
// file sets targets for are chosen by their deadline. Empty when neither.
struct Chosen {
  Period period;
  std::string why;  // "the latest period whose deadline (13 Oct 2017) has passed"
};
std::optional<Chosen> period_to_run(const store::Store& store, const rules::RuleBook& book, std::chrono::year_month_day today);

// Kept while a run works with a store (a file beside it, store.db.lock,
// locked with flock: the lock goes with the process, so a killed run's is
// taken over; a store on a server: an advisory lock in the database, held by
// a connection of the lock's own, which goes with the process too). Throws
// Error naming the holder and since when.
class RunLock {
 public:
  explicit RunLock(const std::filesystem::path& db);
  RunLock(RunLock&&) noexcept;
  RunLock& operator=(RunLock&&) = delete;
  ~RunLock();
  const std::string& taken_over() const { return taken_over_; }  // a dead run's lock, when one was left

 private:
  int fd_ = -1;
  std::string taken_over_;
  std::optional<store::Store> server_;
};

// The network filesystem a path is on ("NFS", "SMB/CIFS", ...), where
// SQLite's locks cannot be trusted; empty for a local disk. The
// environment's KPIFLOW_FILESYSTEM_TYPE (a statfs magic number, 0x6969)
// stands in for the real one, so tests can check the refusal.
std::string network_filesystem(const std::filesystem::path& path);

}  // namespace kpiflow::pipeline
