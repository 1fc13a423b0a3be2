#include "pipeline/office.hpp"

#include <fmt/format.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "model/error.hpp"
#include "model/output_file.hpp"
#include "model/text.hpp"

extern char** environ;

namespace kpiflow::pipeline {

namespace {

// A folder removed with everything in it when it goes out of scope.
struct Scratch {
  std::filesystem::path dir;
  ~Scratch() {
    std::error_code ignored;
    if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
  }
};

}  // namespace

void to_pdf(const std::filesystem::path& workbook, const std::filesystem::path& pdf, std::chrono::seconds limit) {
  Scratch scratch;
  std::string pattern = (pdf.parent_path().empty() ? std::filesystem::path(".") : pdf.parent_path()) / ".kpiflow-pdf-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr)
    throw Error(Location::of_file(pdf.string()), "cannot make a temporary folder beside it", "check the folder can be written");
  scratch.dir = std::filesystem::absolute(pattern);
  std::string profile = "-env:UserInstallation=file://" + (scratch.dir / "profile").string();
  std::string outdir = scratch.dir.string();
  std::string input = std::filesystem::absolute(workbook).string();
  std::vector<std::string> args{"soffice", profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", outdir, input};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  // Its chatter goes to a log in the scratch folder, quoted when it fails.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  std::string log = (scratch.dir / "office.log").string();
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  // Its own process group, so that a stop reaches the helpers it starts.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  // Found on PATH by posix_spawnp, under either of LibreOffice's command names.
  pid_t child = 0;
  int spawned = ENOENT;
  for (const char* name : {"soffice", "libreoffice"}) {
    argv[0] = const_cast<char*>(name);
    spawned = posix_spawnp(&child, name, &actions, &attributes, argv.data(), environ);
    if (spawned != ENOENT) break;
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned == ENOENT)
    throw Error(Location::of_file(pdf.string()), "LibreOffice is not installed, and the PDF is made by it",
                "install it (Debian: apt-get install libreoffice-calc-nogui; ./bootstrap.sh does), or leave out --pdf");
  if (spawned != 0)
    throw Error(Location::of_file(pdf.string()), fmt::format("cannot start LibreOffice: {}", std::strerror(spawned)),
                "check LibreOffice runs: soffice --headless --version");

  auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  for (;;) {
    pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) break;
    if (done < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-child, SIGKILL);
      ::waitpid(child, &status, 0);
      throw Error(Location::of_file(pdf.string()), fmt::format("LibreOffice did not finish the PDF within {} s, and was stopped", limit.count()),
                  "run the export again; if it recurs, convert scorecard.xlsx by hand and report it");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::filesystem::path made = scratch.dir / (workbook.stem().string() + ".pdf");
  std::error_code missing;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !std::filesystem::exists(made, missing)) {
    std::string said;
    if (FILE* f = std::fopen(log.c_str(), "r")) {
      char buffer[512];
      std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, f);
      std::fclose(f);
      said = excerpt(trim(std::string_view(buffer, n)), 300);
    }
    throw Error(Location::of_file(pdf.string()),
                fmt::format("LibreOffice could not convert {} to PDF{}", workbook.filename().string(), said.empty() ? "" : fmt::format(": {}", said)),
                "check the workbook opens in LibreOffice; the workbooks are written whatever the PDF does");
  }
  write_whole(pdf, [&](const std::filesystem::path& temporary) { std::filesystem::rename(made, temporary); });
}

}  // namespace kpiflow::pipeline
