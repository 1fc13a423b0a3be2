// libFuzzer target for the reader. The first byte picks what the rest is:
//   0: the bytes of an .xlsx file (zip structure, sniffing, package parts)
//   1: the bytes of a .csv file (encodings, quoting)
//   2: XML parts, separated by two NUL bytes: worksheet, shared strings,
//      styles, workbook; packed into a zip here, so mutations reach the XML
//      readers instead of failing the zip's checksums.
// Refusals (kpiflow::Error) are the expected outcome for most inputs; a
// crash, a sanitizer report, a hang or any other exception is a bug, and so
// is any input on which the cell scanner and expat read different cells.
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reader/reader.hpp"
#include "support/package_builder.hpp"

namespace {

std::vector<std::string> split_parts(std::string_view rest) {
  std::vector<std::string> parts;
  while (parts.size() < 3) {
    std::size_t at = rest.find(std::string_view("\0\0", 2));
    if (at == std::string_view::npos) break;
    parts.emplace_back(rest.substr(0, at));
    rest.remove_prefix(at + 2);
  }
  parts.emplace_back(rest);
  parts.resize(4);
  return parts;
}

// Every cell read, as text, or "refused" when the reader refused the file.
std::string read_everything(std::string bytes, const char* name, bool scanner) {
  kpiflow::reader::Limits limits;
  limits.max_part_bytes = 64u << 20;
  limits.max_file_bytes = 64u << 20;
  limits.sheet_scanner = scanner;
  std::string out;
  try {
    auto book = kpiflow::reader::Workbook::from_bytes(std::move(bytes), name, limits);
    for (std::size_t i = 0; i < book.sheets().size(); ++i) {
      book.read_sheet(i, [&](const kpiflow::reader::Cell& cell) {
        out += kpiflow::to_a1(cell.ref);
        out += ' ';
        out += kpiflow::reader::to_string(cell.type);
        out += ' ';
        out += std::to_string(cell.number);
        out += cell.text;
        out += '|';
        out += cell.formula;
        out += '|';
        out += cell.format->code;
        if (cell.type == kpiflow::reader::CellType::date) out += kpiflow::reader::to_iso(cell.date);
        out += '\n';
      });
    }
  } catch (const kpiflow::Error&) {
    return "refused";
  }
  return out;
}

// The cell scanner and expat must agree on every input: the same cells, or
// both refuse.
void read_both_ways(const std::string& bytes, const char* name) {
  std::string fast = read_everything(bytes, name, true);
  std::string slow = read_everything(bytes, name, false);
  if (fast != slow) {
    std::fprintf(stderr, "cell scanner and expat disagree\n--- scanner:\n%s\n--- expat:\n%s\n", fast.c_str(), slow.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  {
    switch (data[0] % 3) {
      case 0: read_both_ways(std::string(rest), "fuzz.xlsx"); break;
      case 1: read_everything(std::string(rest), "fuzz.csv", true); break;
      case 2: {
        auto parts = split_parts(rest);
        kpiflow::test::WorkbookParts p;
        p.replace["xl/worksheets/sheet1.xml"] = parts[0];
        p.shared_strings = {"<t>x</t>"};
        p.replace["xl/sharedStrings.xml"] = parts[1];
        p.styles_body = "<cellXfs/>";
        p.replace["xl/styles.xml"] = parts[2];
        if (!parts[3].empty()) p.replace["xl/workbook.xml"] = parts[3];
        read_both_ways(kpiflow::test::workbook_bytes(p), "fuzz.xlsx");
        break;
      }
    }
  }
  return 0;
}
