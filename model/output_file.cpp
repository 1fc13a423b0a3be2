#include "model/output_file.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <chrono>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <system_error>

#include "model/error.hpp"

namespace kpiflow {

namespace {

std::string this_host() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "host";
  std::string out(name);
  for (char& c : out)
    if (c == '-' || c == '.' || c == '/') c = '_';  // the name's fields are separated by '-'
  return out;
}

// ".consolidated.xlsx.kpiflow-HOST-PID-N": what a run writes before renaming.
std::string temporary_prefix(const std::filesystem::path& target) { return "." + target.filename().string() + ".kpiflow-"; }

// A run killed (or a disk that filled) mid-write leaves its temporary file
// behind. The next write of the same target removes those whose writer is
// gone: a process of this machine that no longer runs, or any left a day
// ago (a writer on another machine of the share cannot be asked; no write
// takes a day).
void remove_leftovers(const std::filesystem::path& folder, const std::filesystem::path& target) {
  std::error_code ec;
  std::string prefix = temporary_prefix(target), here = this_host() + "-";
  auto now = std::filesystem::file_time_type::clock::now();
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    std::string rest = name.substr(prefix.size());
    bool gone = false;
    if (rest.rfind(here, 0) == 0) {
      pid_t pid = static_cast<pid_t>(std::atol(rest.c_str() + here.size()));
      gone = pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH;
    }
    std::error_code age;
    auto written = std::filesystem::last_write_time(it->path(), age);
    if (!age && now - written > std::chrono::hours(24)) gone = true;
    if (gone) {
      std::error_code ignored;
      std::filesystem::remove(it->path(), ignored);
    }
  }
}

}  // namespace

void write_whole(const std::filesystem::path& target, const std::function<void(const std::filesystem::path&)>& write) {
  std::filesystem::path folder = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  remove_leftovers(folder, target);
  std::random_device random;
  std::filesystem::path temporary =
      folder / (temporary_prefix(target) + this_host() + "-" + std::to_string(::getpid()) + "-" + std::to_string(random() % 1000000));
  // Whether the folder takes a file at all, asked before the writer (whose
  // own refusal is a line on the terminal and "Usually a permissions error").
  {
    std::ofstream probe(temporary, std::ios::binary);
    if (!probe) {
      int why = errno;
      throw Error(Location::of_file(target.string()), std::string("cannot write in its folder: ") + std::strerror(why),
                  "check the folder exists and you may write to it");
    }
  }
  try {
    write(temporary);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  std::error_code ec;
  std::filesystem::rename(temporary, target, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw Error(Location::of_file(target.string()), "cannot write the file: " + ec.message(),
                "check the folder exists, you may write to it, and the file is not open in Excel");
  }
}

}  // namespace kpiflow
