#include "pipeline/made_from.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "model/digest.hpp"
#include "model/error.hpp"
#include "model/output_file.hpp"

namespace kpiflow::pipeline {

namespace {

// Files by their place from the note's folder: consolidated.xlsx, feedback/x.xlsx, ../drafts/y.eml.
std::string key(const std::filesystem::path& note, const std::filesystem::path& file) {
  return file.lexically_relative(note.parent_path()).generic_string();
}

}  // namespace

bool still_as_made(const std::filesystem::path& note, const std::string& basis, const std::vector<std::filesystem::path>& files) {
  try {
    std::ifstream in(note);
    if (!in) return false;
    auto kept = nlohmann::json::parse(in);
    if (kept.value("made_from", "") != basis || !kept["files"].is_object() || kept["files"].size() != files.size()) return false;
    for (const auto& f : files)
      if (kept["files"].value(key(note, f), "") != sha256_of_file(f)) return false;
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;  // not ours, or cut short: written again
  }
}

void note_made(const std::filesystem::path& note, const std::string& basis, const std::vector<std::filesystem::path>& files) {
  nlohmann::json kept{{"made_from", basis}, {"files", nlohmann::json::object()}};
  for (const auto& f : files) kept["files"][key(note, f)] = sha256_of_file(f);
  write_whole(note, [&](const std::filesystem::path& temporary) {
    std::ofstream to(temporary);
    to << kept.dump(2) << "\n";
    if (!to.flush())
      throw Error(Location::of_file(note.string()), "cannot write the note of what the files beside it were made from",
                  "check the folder can be written and has room");
  });
}

void make_room(const std::filesystem::path& folder, const std::vector<std::filesystem::path>& files, const std::filesystem::path& keep_previous) {
  std::error_code made;
  std::filesystem::create_directories(folder, made);
  if (made)
    throw Error(Location::of_file(folder.string()), fmt::format("cannot make the folder: {}", made.message()),
                "check the path and that it can be written");
  if (keep_previous.empty()) return;
  for (const auto& file : files) {
    if (!std::filesystem::exists(file)) continue;
    std::filesystem::create_directories(keep_previous, made);
    if (!made) std::filesystem::copy_file(file, keep_previous / file.filename(), std::filesystem::copy_options::overwrite_existing, made);
    if (made)
      throw Error(Location::of_file(keep_previous.string()), fmt::format("cannot keep the previous {}: {}", file.filename().string(), made.message()),
                  "check the output folder can be written and has room");
  }
}

}  // namespace kpiflow::pipeline
