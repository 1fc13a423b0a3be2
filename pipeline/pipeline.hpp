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

#include <filesystem>
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

// The returns given: files as they are; folders searched (and their folders)
// for what may be a return, including the formats refused with a reason
// (.xls, .ods), never hidden files or Excel's lock files. Sorted per folder.
// Throws Error for a path that does not exist.
std::vector<std::filesystem::path> returns_in(const std::vector<std::string>& given);

struct Ingest {
  std::vector<ingest::Ingested> files;   // in the order given
  std::vector<ingest::Reread> reread;    // stored earlier, read under another rule file
  int not_stored() const;
};
Ingest ingest(store::Store& store, const std::vector<std::filesystem::path>& files, const rules::RuleBook& book,
              const ingest::ReturnOptions& options);

// A period's findings, recorded in the store as the chase list.
validate::Findings validate(store::Store& store, const rules::RuleBook& book, const Period& period);

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
};
Published publish(const store::Store& store, const rules::RuleBook& book, const Period& period, const std::string& db_name,
                  const std::filesystem::path& folder, const publish::Options& options);

}  // namespace kpiflow::pipeline
