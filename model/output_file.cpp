#include "model/output_file.hpp"

#include <unistd.h>

#include <random>
#include <string>
#include <system_error>

#include "model/error.hpp"

namespace kpiflow {

void write_whole(const std::filesystem::path& target, const std::function<void(const std::filesystem::path&)>& write) {
  std::filesystem::path folder = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  std::random_device random;
  std::filesystem::path temporary =
      folder / ("." + target.filename().string() + ".kpiflow-" + std::to_string(::getpid()) + "-" + std::to_string(random() % 1000000));
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
