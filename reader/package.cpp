#include "reader/package.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace kpiflow::reader {

namespace {

std::string zip_error_text(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

std::string mib(std::uint64_t bytes) {
  if (bytes >= (1ull << 30)) return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1ull << 30));
  if (bytes >= (1ull << 20)) return fmt::format("{:.0f} MiB", static_cast<double>(bytes) / (1ull << 20));
  if (bytes >= (1ull << 10)) return fmt::format("{:.0f} KiB", static_cast<double>(bytes) / (1ull << 10));
  return fmt::format("{} bytes", bytes);
}

[[noreturn]] void refuse_zip(const Location& where, int code) {
  if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_EOF || code == ZIP_ER_READ ||
      code == ZIP_ER_SEEK) {
    throw Error(where, fmt::format("the zip package is truncated or damaged ({})", zip_error_text(code)),
                "ask the service to send the file again, or open it in Excel and save a new copy");
  }
  throw Error(where, fmt::format("cannot open the zip package: {}", zip_error_text(code)),
              "check the file can be opened in Excel, then try again");
}

zip_t* open_source(zip_source_t* source, const Location& where) {
  zip_error_t error;
  zip_error_init(&error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    int code = zip_error_code_zip(&error);
    zip_error_fini(&error);
    zip_source_free(source);
    refuse_zip(where, code);
  }
  zip_error_fini(&error);
  return archive;
}

}  // namespace

std::string part_key(std::string_view name) {
  std::string key;
  key.reserve(name.size());
  for (char c : name) {
    if (c == '\\') c = '/';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    key += c;
  }
  std::size_t start = key.find_first_not_of('/');
  return start == std::string::npos ? std::string() : key.substr(start);
}

Package::Package(zip_t* archive, Location where, Limits limits)
    : archive_(archive), where_(std::move(where)), limits_(limits) {
  zip_int64_t count = zip_get_num_entries(archive_, 0);
  names_.reserve(static_cast<std::size_t>(std::max<zip_int64_t>(count, 0)));
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(archive_, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS);
    names_.emplace_back(name ? name : "");
    // The first of two entries with the same name wins, as in Excel.
    by_key_.emplace(part_key(names_.back()), static_cast<std::size_t>(i));
  }
}

Package Package::open_file(const std::filesystem::path& path, const Location& where, const Limits& limits) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_file_create(path.c_str(), 0, -1, &error);
  if (source == nullptr) {
    int code = zip_error_code_zip(&error);
    zip_error_fini(&error);
    refuse_zip(where, code);
  }
  zip_error_fini(&error);
  return Package(open_source(source, where), where, limits);
}

Package Package::open_memory(std::string_view bytes, const Location& where, const Limits& limits) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_error_fini(&error);
  if (source == nullptr) refuse_zip(where, ZIP_ER_MEMORY);
  return Package(open_source(source, where), where, limits);
}

Package::Package(Package&& other) noexcept
    : archive_(std::exchange(other.archive_, nullptr)),
      where_(std::move(other.where_)),
      limits_(other.limits_),
      names_(std::move(other.names_)),
      by_key_(std::move(other.by_key_)) {}

Package::~Package() {
  if (archive_ != nullptr) zip_discard(archive_);
}

std::optional<std::size_t> Package::find(std::string_view part_name) const {
  auto it = by_key_.find(part_key(part_name));
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

Package::Reader::Reader(const Package& package, std::size_t index) : package_(&package), index_(index) {
  const Location where = package.where_.in_part(package.names_[index]);
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(package.archive_, index, 0, &stat) != 0) {
    throw Error(where, fmt::format("cannot read the part: {}", zip_strerror(package.archive_)),
                "open the file in Excel and save a new copy");
  }
  if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE) {
    throw Error(where, "the zip entries are encrypted",
                "save the workbook without a password and send it again");
  }
  if ((stat.valid & ZIP_STAT_SIZE) && stat.size > package.limits_.max_part_bytes) {
    throw Error(where,
                fmt::format("the part unpacks to {}, over the limit of {} (a zip bomb, or a far larger sheet "
                            "than a return needs)",
                            mib(stat.size), mib(package.limits_.max_part_bytes)),
                "check the file; if it is genuine, raise --max-part-mib");
  }
  compressed_ = (stat.valid & ZIP_STAT_COMP_SIZE) ? stat.comp_size : 0;
  file_ = zip_fopen_index(package.archive_, index, 0);
  if (file_ == nullptr) {
    throw Error(where, fmt::format("cannot unpack the part: {}", zip_strerror(package.archive_)),
                "open the file in Excel and save a new copy (Excel writes plain deflate)");
  }
}

Package::Reader::Reader(Reader&& other) noexcept
    : package_(other.package_),
      index_(other.index_),
      file_(std::exchange(other.file_, nullptr)),
      compressed_(other.compressed_),
      total_(other.total_) {}

Package::Reader::~Reader() {
  if (file_ != nullptr) zip_fclose(file_);
}

std::size_t Package::Reader::read(char* buffer, std::size_t capacity) {
  zip_int64_t n = zip_fread(file_, buffer, capacity);
  if (n < 0) {
    throw Error(package_->where_.in_part(package_->names_[index_]),
                fmt::format("the part is damaged: {}", zip_file_strerror(file_)),
                "ask the service to send the file again");
  }
  total_ += static_cast<std::uint64_t>(n);
  const Limits& limits = package_->limits_;
  if (total_ > limits.max_part_bytes) {
    throw Error(package_->where_.in_part(package_->names_[index_]),
                fmt::format("the part unpacks to more than {} (a zip bomb, or a far larger sheet than a "
                            "return needs)",
                            mib(limits.max_part_bytes)),
                "check the file; if it is genuine, raise --max-part-mib");
  }
  if (total_ > limits.ratio_floor_bytes &&
      static_cast<double>(total_) > limits.max_compression_ratio * static_cast<double>(compressed_)) {
    throw Error(package_->where_.in_part(package_->names_[index_]),
                fmt::format("the part unpacks to more than {:.0f} times its packed size (a zip bomb)",
                            limits.max_compression_ratio),
                "check the file; if it is genuine, raise --max-ratio");
  }
  return static_cast<std::size_t>(n);
}

std::string Package::read_all(std::size_t index) const {
  Reader reader(*this, index);
  std::string out;
  char buffer[65536];
  for (std::size_t n; (n = reader.read(buffer, sizeof buffer)) > 0;) out.append(buffer, n);
  return out;
}

}  // namespace kpiflow::reader
