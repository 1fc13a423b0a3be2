// What the bytes are, whatever the file is called: a zip package, an OLE
// compound file (a password-protected workbook or a legacy .xls), an old
// XML or HTML "spreadsheet", or text.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <system_error>

#include "reader/book.hpp"
#include "model/text.hpp"

namespace kpiflow::reader {

ByteStream::ByteStream(const Source& source) : source_(source) {
  if (!source.in_memory) {
    file_ = std::fopen(source.path.c_str(), "rb");
    if (file_ == nullptr) {
      throw Error(source.where(), fmt::format("cannot open the file: {}", std::strerror(errno)),
                  "check the path and that you may read the file");
    }
  }
}

ByteStream::~ByteStream() {
  if (file_ != nullptr) std::fclose(file_);
}

std::size_t ByteStream::read(char* buffer, std::size_t capacity) {
  if (file_ == nullptr) {
    std::size_t n = std::min(capacity, source_.bytes.size() - at_);
    std::memcpy(buffer, source_.bytes.data() + at_, n);
    at_ += n;
    return n;
  }
  std::size_t n = std::fread(buffer, 1, capacity, file_);
  if (n == 0 && std::ferror(file_)) {
    throw Error(source_.where(), fmt::format("cannot read the file: {}", std::strerror(errno)),
                "check the file is not being written to, then try again");
  }
  return n;
}

namespace {

std::string lower_extension(const std::string& name) {
  return ascii_lower(std::filesystem::path(name).extension().string());
}

bool contains_nocase(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return ascii_lower(a) == ascii_lower(b); });
  return it != haystack.end();
}

// An OLE compound file holding an encrypted OOXML package has a stream
// named EncryptedPackage (its name is stored in UTF-16LE).
bool holds_encrypted_package(const Source& source) {
  static const std::string needle = [] {
    std::string s;
    for (char c : std::string_view("EncryptedPackage")) {
      s += c;
      s += '\0';
    }
    return s;
  }();
  ByteStream stream(source);
  std::string window;
  std::vector<char> buffer(1 << 16);
  for (std::size_t n; (n = stream.read(buffer.data(), buffer.size())) > 0;) {
    window.append(buffer.data(), n);
    if (window.find(needle) != std::string::npos) return true;
    window.erase(0, window.size() > needle.size() ? window.size() - needle.size() : 0);
  }
  return false;
}

std::unique_ptr<Workbook::Impl> open_source(Source source, const Limits& limits) {
  const Location where = source.where();
  std::uintmax_t size = 0;
  if (source.in_memory) {
    size = source.bytes.size();
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(source.path, ec))
      throw Error(where, "this is a folder, not a file", "name a return file (.xlsx, .csv)");
    size = std::filesystem::file_size(source.path, ec);
    if (ec) throw Error(where, fmt::format("cannot open the file: {}", ec.message()), "check the path");
  }
  if (size > limits.max_file_bytes) {
    throw Error(where, fmt::format("the file is {} MiB, over the limit of {} MiB", size >> 20, limits.max_file_bytes >> 20),
                "check it is the right file; if so, raise --max-file-mib");
  }

  char head[512] = {};
  std::size_t got = 0;
  {
    ByteStream stream(source);
    while (got < sizeof head) {
      std::size_t n = stream.read(head + got, sizeof head - got);
      if (n == 0) break;
      got += n;
    }
  }
  std::string_view start(head, got);
  const std::string ext = lower_extension(source.name);

  if (start.substr(0, 4) == std::string_view("PK\x03\x04", 4) || start.substr(0, 4) == std::string_view("PK\x05\x06", 4))
    return open_package(std::move(source), limits);

  if (start.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
    if (holds_encrypted_package(source)) {
      throw Error(where, "the workbook is password-protected",
                  "save it without a password (File > Info > Protect Workbook > Encrypt with Password, clear "
                  "it) and send it again");
    }
    // Outlook keeps a message in the same container as a legacy workbook.
    if (ext == ".msg")
      throw Error(where, "this is an Outlook message (.msg), not a return, and kpiflow does not open it",
                  "save the attached return itself (in Outlook: the attachment's menu, Save As), or save the message as .eml");
    throw Error(where, "this is a legacy Excel 97-2003 workbook (.xls), which kpiflow does not read",
                "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)");
  }

  // Text-based formats. Skip a UTF-8 byte-order mark and leading space.
  std::string_view text = start;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string_view trimmed = trim(text);
  if (trimmed.substr(0, 5) == "<?xml" || trimmed.substr(0, 1) == "<") {
    if (contains_nocase(start, "urn:schemas-microsoft-com:office:spreadsheet") || contains_nocase(start, "progid=\"Excel.Sheet\"")) {
      throw Error(where, "this is an Excel 2003 XML spreadsheet, which kpiflow does not read",
                  "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)");
    }
    if (contains_nocase(start, "<html") || contains_nocase(start, "<table") || contains_nocase(start, "<!doctype html")) {
      throw Error(where, "this is a web page (HTML) saved with a spreadsheet name, not a workbook",
                  "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)");
    }
  }

  if (ext == ".csv" || ext == ".tsv" || ext == ".txt" || ext == ".tab") return open_text(std::move(source), limits);

  if (got == 0) throw Error(where, "the file is empty", "ask the service to send the return again");
  if (ext == ".xls") {
    throw Error(where, "this .xls file is neither a workbook nor a zip package",
                "open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)");
  }
  throw Error(where, "not a zip package, so not an .xlsx workbook (it may be damaged or renamed)",
              "open it in Excel and save it as Excel Workbook (.xlsx); a CSV return should end in .csv");
}

}  // namespace

Workbook::Workbook(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Workbook::Workbook(Workbook&&) noexcept = default;
Workbook& Workbook::operator=(Workbook&&) noexcept = default;
Workbook::~Workbook() = default;

Workbook Workbook::open(const std::filesystem::path& path, const Limits& limits) {
  Source source;
  source.path = path;
  source.name = path.string();
  return Workbook(open_source(std::move(source), limits));
}

Workbook Workbook::from_bytes(std::string bytes, std::string name, const Limits& limits) {
  Source source;
  source.bytes = std::move(bytes);
  source.name = std::move(name);
  source.in_memory = true;
  return Workbook(open_source(std::move(source), limits));
}

const std::string& Workbook::name() const { return impl_->source.name; }
const std::vector<SheetInfo>& Workbook::sheets() const { return impl_->sheets; }
bool Workbook::date1904() const { return impl_->date1904; }
const std::vector<Notice>& Workbook::notices() const { return impl_->notices; }

std::string Notice::str() const { return one_line(where, message, hint); }

SheetSummary Workbook::read_sheet(std::size_t index, const CellSink& sink) const {
  if (index >= impl_->sheets.size())
    throw Error(Location::of_file(impl_->source.name), fmt::format("there is no sheet number {}", index + 1));
  return impl_->read_sheet(index, sink);
}

std::string_view to_string(CellType type) {
  switch (type) {
    case CellType::number: return "number";
    case CellType::string: return "string";
    case CellType::boolean: return "bool";
    case CellType::error: return "error";
    case CellType::date: return "date";
    case CellType::formula_no_value: return "formula-no-value";
  }
  return "number";
}

}  // namespace kpiflow::reader
