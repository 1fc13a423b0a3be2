// Outputs written whole (model/output_file.cpp): issue 14's list found a
// killed export's temporary files left in the output folder for good, and a
// folder that could not be written reported by libxlsxwriter's own line.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "model/error.hpp"
#include "model/output_file.hpp"

namespace fs = std::filesystem;
using namespace kpiflow;

namespace {

std::string host() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  std::string out(name[0] ? name : "host");
  for (char& c : out)
    if (c == '-' || c == '.' || c == '/') c = '_';
  return out;
}

// A process id no process has now: a child that has exited and been reaped.
pid_t finished_pid() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) out.insert(entry.path().filename().string());
  return out;
}

}  // namespace

TEST_SUITE("model") {
  TEST_CASE("a write removes what earlier writes of the same file left behind, once their writer is gone") {
    fs::path dir = fs::temp_directory_path() / ("kpiflow-leftovers-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string dead = ".scorecard.xlsx.kpiflow-" + host() + "-" + std::to_string(finished_pid()) + "-1";
    std::string running = ".scorecard.xlsx.kpiflow-" + host() + "-" + std::to_string(::getppid()) + "-2";
    std::string elsewhere_now = ".scorecard.xlsx.kpiflow-otherhost-123-3";
    std::string elsewhere_old = ".scorecard.xlsx.kpiflow-otherhost-456-4";
    std::string other_file = ".consolidated.xlsx.kpiflow-" + host() + "-" + std::to_string(finished_pid()) + "-5";
    for (const auto& name : {dead, running, elsewhere_now, elsewhere_old, other_file}) std::ofstream(dir / name) << "half a workbook";
    fs::last_write_time(dir / elsewhere_old, fs::file_time_type::clock::now() - std::chrono::hours(25));

    write_whole(dir / "scorecard.xlsx", [](const fs::path& temporary) { std::ofstream(temporary) << "whole"; });

    // The dead writer's and the day-old one go; a live writer's, a recent one
    // from another machine, and another file's leftovers stay.
    CHECK(names_in(dir) == std::set<std::string>{"scorecard.xlsx", running, elsewhere_now, other_file});
    fs::remove_all(dir);
  }

  TEST_CASE("a folder that cannot be written is said before anything is written, in kpiflow's words") {
    fs::path target = fs::temp_directory_path() / ("kpiflow-no-such-folder-" + std::to_string(::getpid())) / "scorecard.xlsx";
    bool called = false;
    try {
      write_whole(target, [&](const fs::path&) { called = true; });
      FAIL("written");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == target.string() + ": cannot write in its folder: No such file or directory; hint: check the folder exists and you may write to it");
    }
    CHECK_FALSE(called);
  }
}
