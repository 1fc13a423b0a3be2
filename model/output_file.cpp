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

// Whether a temporary file's writer is gone: a process of this machine
// that no longer runs, or any writer of a day ago (a writer on another
// machine of the share cannot be asked; no write takes a day).
bool writer_gone(const std::filesystem::path& file, const std::string& rest) {
  std::string here = this_host() + "-";
  if (rest.rfind(here, 0) == 0) {
    pid_t pid = static_cast<pid_t>(std::atol(rest.c_str() + here.size()));
    if (pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH) return true;
  }
  std::error_code age;
  auto written = std::filesystem::last_write_time(file, age);
  return !age && std::filesystem::file_time_type::clock::now() - written > std::chrono::hours(24);
}

// The temporary files in folder whose writer is gone; only those of target when given.
void remove_leftovers(const std::filesystem::path& folder, const std::filesystem::path* target) {
  std::error_code ec;
  std::string prefix = target ? temporary_prefix(*target) : std::string(".");
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    auto mark = name.find(".kpiflow-");
    if (mark == std::string::npos || !it->is_regular_file(ec)) continue;
    if (writer_gone(it->path(), name.substr(mark + 9))) {
      std::error_code ignored;
      std::filesystem::remove(it->path(), ignored);
    }
  }
}

}  // namespace

void remove_leftovers(const std::filesystem::path& folder) { remove_leftovers(folder, nullptr); }

void write_whole(const std::filesystem::path& target, const std::function<void(const std::filesystem::path&)>& write) {
  std::filesystem::path folder = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  remove_leftovers(folder, &target);
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

void write_whole(const std::filesystem::path& target, std::string_view bytes, const std::string& what) {
  write_whole(target, [&](const std::filesystem::path& temporary) {
    std::ofstream file(temporary, std::ios::binary);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file) throw Error(Location::of_file(target.string()), "cannot write " + what, "check the disk is not full and the folder can be written");
  });
}

}  // namespace kpiflow
