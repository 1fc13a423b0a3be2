// What Workbook hides: one implementation per kind of file.
#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "reader/reader.hpp"

namespace kpiflow::reader {

// A file's bytes, from disk or memory, read front to back.
struct Source {
  std::filesystem::path path;  // empty when in memory
  std::string bytes;           // in memory
  std::string name;            // for messages
  bool in_memory = false;
  Location where() const { return Location::of_file(name); }
};

class ByteStream {
 public:
  explicit ByteStream(const Source& source);
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;
  ~ByteStream();
  std::size_t read(char* buffer, std::size_t capacity);

 private:
  const Source& source_;
  std::FILE* file_ = nullptr;
  std::size_t at_ = 0;
};

struct Workbook::Impl {
  Source source;
  Limits limits;
  std::vector<SheetInfo> sheets;
  bool date1904 = false;
  std::vector<Notice> notices;

  virtual ~Impl() = default;
  virtual SheetSummary read_sheet(std::size_t index, const CellSink& sink) const = 0;
};

// package: read the structure of a zip workbook (sheet list, strings, styles).
std::unique_ptr<Workbook::Impl> open_package(Source source, const Limits& limits);
// text: a CSV or TSV return; one sheet named after the file.
std::unique_ptr<Workbook::Impl> open_text(Source source, const Limits& limits);

}  // namespace kpiflow::reader
