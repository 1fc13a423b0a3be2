// The structure of a zip workbook: [Content_Types].xml, relationships, the
// sheet list with visibility, the date system, and the parts every sheet
// needs (shared strings, styles, theme).
#include <fmt/format.h>

#include <map>

#include "reader/package_book.hpp"
#include "reader/xml.hpp"

namespace kpiflow::reader {

namespace {

struct Relationship {
  std::string type;    // the last segment of the type URI: worksheet, styles...
  std::string target;  // a part name, resolved
  std::string raw;     // the target as written
};

std::string last_segment(std::string_view uri) {
  std::size_t slash = uri.rfind('/');
  return std::string(slash == std::string_view::npos ? uri : uri.substr(slash + 1));
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto hex = [](char c) {
      return (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
    };
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// A relationship's target, relative to the part that holds the relationship,
// or absolute from the package root when it starts with '/'.
std::string resolve_target(std::string_view source_part, std::string_view target) {
  std::string decoded = percent_decode(target);
  for (char& c : decoded)
    if (c == '\\') c = '/';
  std::string joined;
  if (!decoded.empty() && decoded[0] == '/') {
    joined = decoded.substr(1);
  } else {
    std::size_t slash = source_part.rfind('/');
    joined = slash == std::string_view::npos ? decoded : std::string(source_part.substr(0, slash + 1)) + decoded;
  }
  std::vector<std::string> segments;
  std::size_t at = 0;
  while (at <= joined.size()) {
    std::size_t next = joined.find('/', at);
    if (next == std::string::npos) next = joined.size();
    std::string segment = joined.substr(at, next - at);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    at = next + 1;
  }
  std::string out;
  for (const auto& s : segments) {
    if (!out.empty()) out += '/';
    out += s;
  }
  return out;
}

std::string rels_part_for(std::string_view part) {
  std::size_t slash = part.rfind('/');
  std::string dir = slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
  std::string base(slash == std::string_view::npos ? part : part.substr(slash + 1));
  return dir + "_rels/" + base + ".rels";
}

class RelsHandler : public XmlHandler {
 public:
  RelsHandler(std::string source_part, std::map<std::string, Relationship>& out)
      : source_(std::move(source_part)), out_(out) {}
  void start(std::string_view name, const char** attrs) override {
    if (name != "Relationship") return;
    const char* id = attribute(attrs, "Id");
    const char* type = attribute(attrs, "Type");
    const char* target = attribute(attrs, "Target");
    const char* mode = attribute(attrs, "TargetMode");
    if (id == nullptr || type == nullptr || target == nullptr) return;
    if (mode != nullptr && std::string_view(mode) == "External") return;
    out_.emplace(id, Relationship{last_segment(type), resolve_target(source_, target), target});
  }
  void end(std::string_view) override {}

 private:
  std::string source_;
  std::map<std::string, Relationship>& out_;
};

std::map<std::string, Relationship> read_rels(const Package& package, const std::string& source_part) {
  std::map<std::string, Relationship> rels;
  if (auto index = package.find(rels_part_for(source_part))) {
    RelsHandler handler(source_part, rels);
    parse_part(package, *index, handler);
  }
  return rels;
}

class ContentTypesHandler : public XmlHandler {
 public:
  std::vector<std::string> types;
  void start(std::string_view name, const char** attrs) override {
    // Only overrides name parts: a Default for .bin is only vbaProject.bin.
    if (name == "Override")
      if (const char* type = attribute(attrs, "ContentType")) types.emplace_back(type);
  }
  void end(std::string_view) override {}
};

struct SheetEntry {
  std::string name;
  std::string rel_id;
  Visibility visibility = Visibility::visible;
};

class WorkbookHandler : public XmlHandler {
 public:
  std::vector<SheetEntry> sheets;
  bool date1904 = false;
  void start(std::string_view name, const char** attrs) override {
    if (name == "workbookPr") {
      if (const char* v = attribute(attrs, "date1904")) date1904 = std::string_view(v) == "1" || std::string_view(v) == "true";
    } else if (name == "sheet") {
      SheetEntry entry;
      if (const char* v = attribute(attrs, "name")) entry.name = v;
      if (const char* v = attribute(attrs, "id")) entry.rel_id = v;
      if (const char* v = attribute(attrs, "state")) {
        std::string_view state(v);
        if (state == "hidden") entry.visibility = Visibility::hidden;
        else if (state == "veryHidden") entry.visibility = Visibility::very_hidden;
      }
      sheets.push_back(std::move(entry));
    }
  }
  void end(std::string_view) override {}
};

// Some producers write targets relative to the package root, not to the
// part that holds the relationship; Excel finds them anyway, and so do we.
std::optional<std::size_t> find_target(const Package& package, const Relationship& rel) {
  if (auto index = package.find(rel.target)) return index;
  return package.find(rel.raw);
}

}  // namespace

std::unique_ptr<Workbook::Impl> open_package(Source source, const Limits& limits) {
  auto book = std::make_unique<PackageBook>();
  book->source = std::move(source);
  book->limits = limits;
  const Location where = book->source.where();
  book->package = std::make_unique<Package>(
      book->source.in_memory ? Package::open_memory(book->source.bytes, where, limits)
                             : Package::open_file(book->source.path, where, limits));
  const Package& package = *book->package;

  if (auto mimetype = package.find("mimetype")) {
    std::string type = package.read_all(*mimetype);
    if (type.find("opendocument.spreadsheet") != std::string::npos) {
      throw Error(where, "this is an OpenDocument spreadsheet (.ods), which kpiflow does not read",
                  "open it in LibreOffice or Excel and save it as Excel Workbook (.xlsx)");
    }
    throw Error(where, fmt::format("this is an OpenDocument file ('{}'), not a workbook", type.substr(0, 80)),
                "send the return as an Excel workbook (.xlsx)");
  }

  ContentTypesHandler content_types;
  if (auto index = package.find("[Content_Types].xml")) parse_part(package, *index, content_types);
  else
    book->notices.push_back(Notice{where, "the package has no [Content_Types].xml: its parts were found by their names",
                                   "this file was not written by Excel; if anything looks wrong, ask for a copy saved from Excel"});
  for (const auto& type : content_types.types) {
    if (type.find("sheet.binary") != std::string::npos)
      throw Error(where, "this is an Excel binary workbook (.xlsb), which kpiflow does not read",
                  "open it in Excel and save it as Excel Workbook (.xlsx)");
    if (type.find("wordprocessingml.document.main") != std::string::npos)
      throw Error(where, "this is a Word document, not a workbook", "send the return as an Excel workbook (.xlsx)");
    if (type.find("presentationml.presentation.main") != std::string::npos)
      throw Error(where, "this is a PowerPoint presentation, not a workbook",
                  "send the return as an Excel workbook (.xlsx)");
  }

  std::string workbook_part;
  for (const auto& [id, rel] : read_rels(package, "")) {
    if (rel.type == "officeDocument" && package.find(rel.target)) workbook_part = rel.target;
  }
  if (workbook_part.empty() && package.find("xl/workbook.xml")) workbook_part = "xl/workbook.xml";
  if (workbook_part.size() > 4 && workbook_part.substr(workbook_part.size() - 4) == ".bin")
    throw Error(where, "this is an Excel binary workbook (.xlsb), which kpiflow does not read",
                "open it in Excel and save it as Excel Workbook (.xlsx)");
  if (workbook_part.empty()) {
    throw Error(where, "the zip package holds no workbook (no xl/workbook.xml)",
                "this is a zip file but not an Excel workbook: check you sent the right file");
  }

  WorkbookHandler workbook;
  parse_part(package, *package.find(workbook_part), workbook);
  book->date1904 = workbook.date1904;

  std::map<std::string, Relationship> rels = read_rels(package, workbook_part);
  std::optional<std::size_t> strings_part, styles_part, theme_part;
  for (const auto& [id, rel] : rels) {
    if (rel.type == "sharedStrings") strings_part = find_target(package, rel);
    else if (rel.type == "styles") styles_part = find_target(package, rel);
    else if (rel.type == "theme" && !theme_part) theme_part = find_target(package, rel);
  }
  if (!strings_part) strings_part = package.find("xl/sharedStrings.xml");
  if (!styles_part) styles_part = package.find("xl/styles.xml");
  if (!theme_part) theme_part = package.find("xl/theme/theme1.xml");

  for (const auto& entry : workbook.sheets) {
    auto rel = rels.find(entry.rel_id);
    if (rel == rels.end()) {
      throw Error(where.in_part(workbook_part),
                  fmt::format("sheet '{}' points to relationship '{}', which does not exist", entry.name, entry.rel_id),
                  "open the file in Excel and save a new copy");
    }
    if (rel->second.type != "worksheet") continue;  // chart, dialog and macro sheets hold no cells
    std::optional<std::size_t> part = find_target(package, rel->second);
    if (!part) {
      throw Error(where.in_part(workbook_part),
                  fmt::format("sheet '{}' is stored in '{}', which is missing from the package", entry.name,
                              rel->second.target),
                  "the file is damaged: ask the service to send it again");
    }
    book->sheets.push_back(SheetInfo{entry.name, entry.visibility});
    book->sheet_parts.push_back(*part);
  }

  if (strings_part) book->strings = parse_shared_strings(package, *strings_part);
  book->styles = parse_styles(package, styles_part, theme_part);
  return book;
}

}  // namespace kpiflow::reader
