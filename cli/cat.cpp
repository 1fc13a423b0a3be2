// kpiflow cat: every non-empty cell of a return, one line each, in a format
// scripts and tests can rely on (docs/cat.md).
#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "reader/reader.hpp"

namespace kpiflow::cli {

namespace {

using reader::Cell;
using reader::CellType;

enum class Format { tsv, csv, jsonl };

// Output is gathered in a large buffer and written in blocks: printing two
// million cells must cost little next to reading them.
class Output {
 public:
  Output() { buffer_.reserve(limit_ + 4096); }
  ~Output() { flush(); }
  std::string& buffer() { return buffer_; }
  void maybe_flush() {
    if (buffer_.size() >= limit_) flush();
  }
  void flush() {
    if (buffer_.empty()) return;
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), stdout) != buffer_.size()) failed_ = true;
    buffer_.clear();
  }
  bool failed() {
    flush();
    return failed_ || std::fflush(stdout) != 0;
  }

 private:
  static constexpr std::size_t limit_ = 1 << 20;
  std::string buffer_;
  bool failed_ = false;
};

void append_number(std::string& out, double value) {
  char digits[32];
  auto result = std::to_chars(digits, digits + sizeof digits, value);  // shortest text that reads back exactly
  out.append(digits, result.ptr);
}

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        else out += c;
    }
  }
  out += '"';
}

bool needs_tsv_escape(std::string_view text) {
  for (char c : text)
    if (c == '\t' || c == '\n' || c == '\r' || c == '\\') return true;
  return false;
}

void append_tsv_field(std::string& out, std::string_view text) {
  if (!needs_tsv_escape(text)) {
    out += text;
    return;
  }
  for (char c : text) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
}

void append_csv_field(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// The value as text, for TSV and CSV.
void append_plain_value(std::string& out, const Cell& cell) {
  switch (cell.type) {
    case CellType::number: append_number(out, cell.number); return;
    case CellType::boolean: out += cell.number != 0 ? "true" : "false"; return;
    case CellType::date: out += reader::to_iso(cell.date); return;
    case CellType::formula_no_value: return;
    case CellType::string:
    case CellType::error: out += cell.text; return;
  }
}

class Printer {
 public:
  Printer(Format format, Output& output) : format_(format), output_(output) {
    if (format_ == Format::tsv) output_.buffer() += "sheet\tref\ttype\tvalue\tformula\tnum_fmt\tfill\thidden\n";
    if (format_ == Format::csv) output_.buffer() += "sheet,ref,type,value,formula,num_fmt,fill,hidden\n";
  }

  void set_sheet(const reader::SheetInfo& sheet) {
    sheet_ = &sheet;
    json_sheet_.clear();
    append_json_string(json_sheet_, sheet.name);
    tsv_sheet_.clear();
    append_tsv_field(tsv_sheet_, sheet.name);
    csv_sheet_.clear();
    append_csv_field(csv_sheet_, sheet.name);
  }

  void print(const Cell& cell) {
    std::string& out = output_.buffer();
    switch (format_) {
      case Format::jsonl: print_json(out, cell); break;
      case Format::tsv: print_delimited(out, cell, tsv_sheet_, '\t', append_tsv_field); break;
      case Format::csv: print_delimited(out, cell, csv_sheet_, ',', append_csv_field); break;
    }
    output_.maybe_flush();
  }

 private:
  bool hidden() const { return sheet_->visibility != reader::Visibility::visible; }

  void print_json(std::string& out, const Cell& cell) {
    out += "{\"sheet\":";
    out += json_sheet_;
    out += ",\"ref\":\"";
    append_a1(out, cell.ref);
    out += "\",\"type\":\"";
    out += reader::to_string(cell.type);
    out += "\",\"value\":";
    switch (cell.type) {
      case CellType::number: append_number(out, cell.number); break;
      case CellType::boolean: out += cell.number != 0 ? "true" : "false"; break;
      case CellType::date: out += '"'; out += reader::to_iso(cell.date); out += '"'; break;
      case CellType::formula_no_value: out += "null"; break;
      case CellType::string:
      case CellType::error: append_json_string(out, cell.text); break;
    }
    if (!cell.formula.empty()) {
      out += ",\"formula\":";
      append_json_string(out, cell.formula);
    }
    if (!cell.format->code.empty()) {
      out += ",\"num_fmt\":";
      append_json_string(out, cell.format->code);
    }
    if (!cell.format->fill.empty()) {
      out += ",\"fill\":\"";
      out += cell.format->fill;
      out += '"';
    }
    if (hidden()) out += ",\"hidden\":true";
    out += "}\n";
  }

  template <typename Field>
  void print_delimited(std::string& out, const Cell& cell, const std::string& sheet, char separator, Field field) {
    out += sheet;
    out += separator;
    append_a1(out, cell.ref);
    out += separator;
    out += reader::to_string(cell.type);
    out += separator;
    if (cell.type == CellType::string || cell.type == CellType::error) {
      field(out, cell.text);
    } else {
      append_plain_value(out, cell);
    }
    out += separator;
    field(out, cell.formula);
    out += separator;
    field(out, cell.format->code);
    out += separator;
    out += cell.format->fill;
    out += separator;
    if (hidden()) out += "true";
    out += '\n';
  }

  Format format_;
  Output& output_;
  const reader::SheetInfo* sheet_ = nullptr;
  std::string json_sheet_, tsv_sheet_, csv_sheet_;  // the sheet's name, escaped once
};

const char* usage_line = "usage: kpiflow cat FILE [--sheet NAME | --all-sheets] [--format tsv|csv|jsonl]";

}  // namespace

int run_cat(const std::vector<std::string>& args) {
  po::options_description options("options");
  reader::Limits limits;
  std::string format_name = "tsv";
  double max_part_mib = static_cast<double>(limits.max_part_bytes >> 20);
  double max_file_mib = static_cast<double>(limits.max_file_bytes >> 20);
  options.add_options()
      ("help,h", "show this help")
      ("sheet", po::value<std::string>(), "print only this sheet (default: the first visible sheet)")
      ("all-sheets", "print every sheet, hidden ones included (they are marked hidden)")
      ("format", po::value<std::string>(&format_name)->default_value("tsv"), "tsv, csv or jsonl (docs/cat.md)")
      ("max-part-mib", po::value<double>(&max_part_mib)->default_value(max_part_mib),
       "refuse a workbook part that unpacks to more than this")
      ("max-ratio", po::value<double>(&limits.max_compression_ratio)->default_value(limits.max_compression_ratio),
       "refuse a part that unpacks to more than this many times its packed size")
      ("max-file-mib", po::value<double>(&max_file_mib)->default_value(max_file_mib), "refuse a larger file");
  const CommandLine command{"cat", "print every non-empty cell of a return with its sheet and cell", usage_line,
                            "One line per cell, row by row; columns sheet, ref, type, value, formula, num_fmt, fill,\n"
                            "hidden. The formats are described in docs/cat.md.\n",
                            "file"};
  po::variables_map vm;
  if (auto stop = parse(command, options, args, vm)) return *stop;
  auto usage_error = [&](const std::string& message) { return cli::usage_error(command, message); };
  if (!vm.count("file")) return usage_error("name the return to print");
  const auto& files = vm["file"].as<std::vector<std::string>>();
  if (files.size() != 1) return usage_error("name one file (kpiflow cat prints one return)");
  if (vm.count("sheet") && vm.count("all-sheets")) return usage_error("--sheet and --all-sheets do not go together");
  Format format;
  if (format_name == "tsv") format = Format::tsv;
  else if (format_name == "csv") format = Format::csv;
  else if (format_name == "jsonl") format = Format::jsonl;
  else return usage_error(fmt::format("unknown --format '{}'; use tsv, csv or jsonl", format_name));
  if (!(max_part_mib > 0) || !(max_file_mib > 0) || !(limits.max_compression_ratio > 1))
    return usage_error("--max-part-mib and --max-file-mib must be positive, --max-ratio above 1");
  limits.max_part_bytes = static_cast<std::uint64_t>(max_part_mib * 1024 * 1024);
  limits.max_file_bytes = static_cast<std::uint64_t>(max_file_mib * 1024 * 1024);

  const reader::Workbook book = reader::Workbook::open(files[0], limits);
  const auto& sheets = book.sheets();
  std::vector<std::size_t> chosen;
  if (vm.count("all-sheets")) {
    for (std::size_t i = 0; i < sheets.size(); ++i) chosen.push_back(i);
  } else if (vm.count("sheet")) {
    const std::string& wanted = vm["sheet"].as<std::string>();
    for (std::size_t i = 0; i < sheets.size(); ++i)
      if (sheets[i].name == wanted) chosen.push_back(i);
    if (chosen.empty()) {
      std::string names;
      for (const auto& sheet : sheets) names += (names.empty() ? "'" : ", '") + sheet.name + "'";
      throw Error(Location::of_file(book.name()), fmt::format("there is no sheet named '{}'", wanted),
                  fmt::format("the sheets are {}", names.empty() ? "(none)" : names));
    }
  } else {
    for (std::size_t i = 0; i < sheets.size() && chosen.empty(); ++i)
      if (sheets[i].visibility == reader::Visibility::visible) chosen.push_back(i);
    if (chosen.empty() && !sheets.empty()) chosen.push_back(0);
  }

  // Warnings go to stderr, after the output is flushed, so the cells on
  // stdout stay machine-readable.
  std::vector<reader::Notice> notices = book.notices();
  Output output;
  Printer printer(format, output);
  for (std::size_t index : chosen) {
    printer.set_sheet(sheets[index]);
    reader::SheetSummary summary = book.read_sheet(index, [&](const Cell& cell) { printer.print(cell); });
    notices.insert(notices.end(), summary.notices.begin(), summary.notices.end());
  }
  if (output.failed()) {
    std::fprintf(stderr, "kpiflow cat: could not write the output: %s\n", std::strerror(errno));
    return exit_could_not_run;
  }
  for (const auto& notice : notices) std::fprintf(stderr, "kpiflow cat: warning: %s\n", notice.str().c_str());
  return exit_clean;
}

}  // namespace kpiflow::cli
