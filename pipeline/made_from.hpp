// Inside pipeline/: the note kept beside files a step wrote (.kpiflow-export,
// .kpiflow-chase) of what they were made from, as one digest, and of each
// file's own digest, so that a rerun leaves them as they are when neither
// changed, and writes them again when someone edited or removed one.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kpiflow::pipeline {

// True when the note names this basis and every file still has the bytes it recorded.
bool still_as_made(const std::filesystem::path& note, const std::string& basis, const std::vector<std::filesystem::path>& files);
// Written whole, after the files.
void note_made(const std::filesystem::path& note, const std::string& basis, const std::vector<std::filesystem::path>& files);

// Before files are written again: the folder made, and (when keep_previous
// is not empty) those there now copied into keep_previous, made when new.
void make_room(const std::filesystem::path& folder, const std::vector<std::filesystem::path>& files, const std::filesystem::path& keep_previous);

}  // namespace kpiflow::pipeline
