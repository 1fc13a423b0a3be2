// The zip container of a workbook: parts found by name, read within limits.
#pragma once

#include <zip.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "reader/reader.hpp"

namespace kpiflow::reader {

class Package {
 public:
  // bytes must outlive the package when reading from memory.
  static Package open_file(const std::filesystem::path& path, const Location& where, const Limits& limits);
  static Package open_memory(std::string_view bytes, const Location& where, const Limits& limits);
  Package(Package&&) noexcept;
  Package& operator=(Package&&) = delete;
  ~Package();

  // Part names compare without case and without a leading '/', and a
  // backslash counts as '/', as Excel itself reads them.
  std::optional<std::size_t> find(std::string_view part_name) const;
  const std::string& part_name(std::size_t index) const { return names_[index]; }

  // A part read a piece at a time, refusing it when it unpacks beyond the
  // limits (a zip bomb) or its data is damaged.
  class Reader {
   public:
    Reader(const Package& package, std::size_t index);
    Reader(Reader&&) noexcept;
    Reader& operator=(Reader&&) = delete;
    ~Reader();
    // 0 at the end.
    std::size_t read(char* buffer, std::size_t capacity);

   private:
    const Package* package_;
    std::size_t index_;
    zip_file_t* file_ = nullptr;
    std::uint64_t compressed_ = 0;
    std::uint64_t total_ = 0;
  };
  Reader open(std::size_t index) const { return Reader(*this, index); }

  // A whole part in memory: only for the small ones (relationships, workbook).
  std::string read_all(std::size_t index) const;

  const Location& where() const { return where_; }
  const Limits& limits() const { return limits_; }

 private:
  Package(zip_t* archive, Location where, Limits limits);
  zip_t* archive_;
  Location where_;
  Limits limits_;
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::size_t> by_key_;
};

// "/xl/Worksheets\\Sheet1.xml" -> "xl/worksheets/sheet1.xml"
std::string part_key(std::string_view name);

}  // namespace kpiflow::reader
