// ingest: a return read into observations, with every problem found on the
// way as an Issue at its file, sheet and cell (docs/ingest.md).
//
// Phases, in order (returns.cpp):
//   the file         read with reader.hpp; refused files become unreadable-file
//   the service      --service, the file name, or the metadata block
//   the sheet        the service's sheet name or pattern (a lone sheet is used as it is)
//   the period       metadata block, sheet name, file name, --period, the value column's header
//   the header row   the first row with a Ref alias, and the period's value column
//   the rows         mapped by Ref (title as a fallback), values read per unit (values.cpp)
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reader/reader.hpp"
#include "model/issue.hpp"
#include "model/action.hpp"
#include "model/observation.hpp"
#include "model/period.hpp"
#include "rules/rules.hpp"
#include "store/store.hpp"

namespace kpiflow::ingest {

struct ReturnOptions {
  std::optional<Period> period;  // --period: used when the return does not say; checked when it does
  std::string service;           // --service: the rule file's id, when the return does not say
  // The service whose e-mail address (the rule file's `email`) sent it: used
  // when neither the file name nor a metadata block names one.
  std::string sent_by_service;
  reader::Limits limits;
};

// Who sent a return attached to an e-mail, and when: its provenance.
struct Sent {
  std::string from;     // "Jo Bloggs <jo.bloggs@northfield.gov.uk>"
  std::string date;     // ISO 8601 with offset
  std::string subject;
};

// A return as it arrived: a file of its own, or a spreadsheet attached to an
// e-mail saved whole (its bytes given, named "folder/message.eml/return.xlsx").
struct Delivery {
  std::filesystem::path path;        // what messages name it by
  std::optional<std::string> bytes;  // given (an attachment's); else read from path
  std::filesystem::path saved_as;    // the file on disk whose time it was saved at: path, or the .eml
  std::optional<Sent> sent;          // by e-mail
  std::string sent_by_service;       // see ReturnOptions
  // Why it cannot be read at all, found before reading (an e-mail with no
  // spreadsheet attached, an Outlook .msg): recorded as unreadable-file.
  std::optional<std::pair<std::string, std::string>> refused;  // message, hint
};

struct Return {
  std::string file;                // as given
  std::string service;             // the rule file's id; empty when not found
  std::optional<Period> period;
  std::string sheet;
  std::string submitted;           // the date in the metadata block (ISO 8601), or empty
  std::vector<Observation> observations;
  std::vector<ActionUpdate> actions;  // the actions table's rows, when the return has one
  std::vector<Issue> issues;
  // False when the return cannot be stored: a file-level error (unreadable,
  // wrong or unknown service or period, no header). Its issues still stand.
  bool storable = false;
};

// Never throws for a problem in the return: those are issues. Throws Error
// only when it cannot run (an unknown --service).
Return read_return(const std::filesystem::path& path, const rules::RuleBook& book, const ReturnOptions& options);
// The same from the file's bytes, already read (path names it in messages).
Return read_return(const std::filesystem::path& path, std::string bytes, const rules::RuleBook& book, const ReturnOptions& options);

// A return read and kept: its figures stored when it can be (idempotent; a
// newer return supersedes), its issues recorded for validation either way.
// A file answered from the store (read before: same bytes, rule file and
// options) is not parsed: its issues are the store's, its figures and
// actions are counted, not read back (read.observations and read.actions
// are empty), since a rerun needs to say how many, not what.
struct Ingested {
  Return read;
  std::string period;                     // stored under: the return's own, else --period; empty when neither
  std::optional<store::Outcome> outcome;  // empty when not stored
  std::size_t figures = 0, actions = 0;   // what the return gave
};
Ingested ingest_into(store::Store& store, const std::filesystem::path& path, const rules::RuleBook& book, const ReturnOptions& options);
// The same for many files, each handed to `each` as it is stored, in the
// order given; the files are parsed on other threads meanwhile. A file
// already read (same bytes, place, rule file and options) is not parsed.
void ingest_all(store::Store& store, const std::vector<std::filesystem::path>& paths, const rules::RuleBook& book, const ReturnOptions& options,
                const std::function<void(Ingested&&)>& each);
// The same for returns as they arrived (kpiflow run: files and e-mails'
// attachments). A return sent by e-mail that gives no submission date of
// its own counts as received on the e-mail's date.
void ingest_all(store::Store& store, const std::vector<Delivery>& deliveries, const rules::RuleBook& book, const ReturnOptions& options,
                const std::function<void(Ingested&&)>& each);

// How a stored return is read depends on the rule file as well as on its
// bytes: the returns in force that were read under another rule file are
// read again from the path they were ingested from, when the file there
// still has the bytes stored (docs/store.md).
struct Reread {
  store::Submission stored;
  std::optional<Ingested> done;  // empty when it could not be read again
  std::string why_not;
};
std::vector<Reread> reread_stale(store::Store& store, const rules::RuleBook& book, const reader::Limits& limits = {});

}  // namespace kpiflow::ingest
