// Outputs are written whole or not at all: to a temporary file beside the
// target, then renamed over it, so a reader on the shared drive never sees
// half a workbook and a failed run leaves the old file as it was.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace kpiflow {

// Calls write with a temporary path in the target's folder, then renames it
// to target. Removes the temporary file and rethrows if write throws.
// Throws Error when the folder cannot be written or the rename fails.
// Temporary files an earlier write of the same target left behind (killed,
// or the disk full) are removed first when their writer is gone.
void write_whole(const std::filesystem::path& target, const std::function<void(const std::filesystem::path& temporary)>& write);

// The same for bytes already made (a JSON list, an e-mail, an HTML report):
// what says what the file is ("the JSON file") when it cannot be written.
void write_whole(const std::filesystem::path& target, std::string_view bytes, const std::string& what);

// Removes from folder every temporary file write_whole left whose writer is
// gone (killed mid-write, or the disk full), whichever its target: a run
// that finds its outputs up to date writes none of them again, and must
// still not leave a dead run's temporary files beside them.
void remove_leftovers(const std::filesystem::path& folder);

}  // namespace kpiflow
