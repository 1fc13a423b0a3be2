// store: the SQLite history store, the spine between the stages
// (docs/store.md). Every figure read from a return is kept with where it
// came from; a newer submission for the same service and period supersedes
// the older one, which is kept; ingesting the same file again changes nothing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"

struct sqlite3;

namespace kpiflow::store {

// One return as received.
struct Submission {
  std::int64_t id = 0;
  std::string service;   // the rule file's service id
  std::string period;    // "2017/18 Q2"
  std::string file;      // as given on the command line
  std::string sha256;    // of the file's bytes
  std::string saved;     // the file's modification time, ISO 8601 UTC
  std::string ingested;  // when it was read, ISO 8601 UTC
  std::optional<std::int64_t> superseded_by;
};

// One indicator's figure for one period, from one submission.
struct Observation {
  std::string indicator;   // the rule file's id (a return's Ref)
  std::string period;      // the period the figure is for
  std::optional<double> value;       // in the indicator's unit; empty when a state or unreadable
  std::optional<std::string> state;  // M, not_due, missing, no_target
  std::string raw;                   // the cell as read, for messages and audit
  std::optional<double> cumulative;  // "60 (122 cum)": the year to date the return gave
  bool estimated = false;            // shaded as an estimate
  std::string commentary;
  std::string target_raw;            // the return's own target, as written
  std::string sheet, cell;           // where it was read
};

enum class Outcome { added, already_stored, superseded_older };

class Store {
 public:
  // Creates the file and its tables when new; refuses a file that is not a
  // kpiflow store or was written by a newer kpiflow.
  static Store open(const std::filesystem::path& path);
  static Store in_memory();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // Adds a submission and its observations in one transaction. The same
  // service, period and sha256 again changes nothing (already_stored).
  Outcome add(Submission submission, const std::vector<Observation>& observations);

  // The submission in force for a service and period, if any.
  std::optional<Submission> current(const std::string& service, const std::string& period) const;
  std::vector<Submission> submissions(const std::string& service, const std::string& period) const;
  // The observations of the submissions in force, for one period.
  std::vector<Observation> current_observations(const std::string& period) const;

 private:
  explicit Store(sqlite3* db, std::string name);
  void exec(const char* sql) const;
  sqlite3* db_ = nullptr;
  std::string name_;
};

// The SHA-256 of a file's bytes, as lower-case hex (OpenSSL).
std::string sha256_of_file(const std::filesystem::path& path);
std::string sha256_of(std::string_view bytes);

}  // namespace kpiflow::store
