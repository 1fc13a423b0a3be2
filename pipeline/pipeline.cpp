#include "pipeline/pipeline.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "model/text.hpp"
#include "transform/transform.hpp"

namespace kpiflow::pipeline {

namespace {

bool looks_like_a_return(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  if (name.empty() || name[0] == '.' || name.rfind("~$", 0) == 0) return false;  // hidden, or Excel's lock file
  std::string ext = ascii_lower(path.extension().string());
  for (const char* e : {".xlsx", ".xlsm", ".csv", ".tsv", ".xls", ".xlsb", ".ods"})
    if (ext == e) return true;
  return false;
}

}  // namespace

std::vector<std::filesystem::path> returns_in(const std::vector<std::string>& given) {
  std::vector<std::filesystem::path> out;
  for (const auto& item : given) {
    std::filesystem::path path(item);
    if (std::filesystem::is_directory(path)) {
      std::vector<std::filesystem::path> found;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path))
        if (entry.is_regular_file() && looks_like_a_return(entry.path())) found.push_back(entry.path());
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (std::filesystem::exists(path)) {
      out.push_back(path);
    } else {
      throw Error(Location::of_file(item), "no such file or folder", "check the path");
    }
  }
  return out;
}

int Ingest::not_stored() const {
  return static_cast<int>(std::count_if(files.begin(), files.end(), [](const ingest::Ingested& i) { return !i.outcome; }));
}

Ingest ingest(store::Store& store, const std::vector<std::filesystem::path>& files, const rules::RuleBook& book,
              const ingest::ReturnOptions& options) {
  Ingest out;
  for (const auto& path : files) out.files.push_back(ingest::ingest_into(store, path, book, options));
  out.reread = ingest::reread_stale(store, book, options.limits);
  return out;
}

validate::Findings validate(store::Store& store, const rules::RuleBook& book, const Period& period) {
  validate::Findings findings = validate::validate(book, store, period);
  store.record_issues(period.str(), findings.issues);
  return findings;
}

Scorecard transform(store::Store& store, const rules::RuleBook& book, const Period& period) {
  Scorecard card = transform::score(book, store, period);
  store.record_scorecard(card, book.fingerprint);
  return card;
}

std::vector<std::filesystem::path> publish(const store::Store& store, const rules::RuleBook& book, const Period& period,
                                           const std::string& db_name, const std::filesystem::path& folder,
                                           const publish::Options& options) {
  publish::Bundle bundle = publish::gather(store, period, db_name, book.fingerprint);
  std::error_code made;
  std::filesystem::create_directories(folder, made);
  if (made)
    throw Error(Location::of_file(folder.string()), fmt::format("cannot make the folder: {}", made.message()),
                "check the path and that it can be written");
  publish::write_consolidated(folder / "consolidated.xlsx", book, bundle);
  publish::write_scorecard(folder / "scorecard.xlsx", book, bundle, options);
  return {folder / "consolidated.xlsx", folder / "scorecard.xlsx"};
}

}  // namespace kpiflow::pipeline
