// libFuzzer target for the reader. The first byte picks what the rest is:
//   0: the bytes of an .xlsx file (zip structure, sniffing, package parts)
//   1: the bytes of a .csv file (encodings, quoting)
//   2: XML parts, separated by two NUL bytes: worksheet, shared strings,
//      styles, workbook; packed into a zip here, so mutations reach the XML
//      readers instead of failing the zip's checksums.
// Refusals (kpiflow::Error) are the expected outcome for most inputs; a
// crash, a sanitizer report, a hang or any other exception is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/ingest.hpp"
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

void read_everything(std::string bytes, const char* name) {
  kpiflow::ingest::Limits limits;
  limits.max_part_bytes = 64u << 20;
  limits.max_file_bytes = 64u << 20;
  auto book = kpiflow::ingest::Workbook::from_bytes(std::move(bytes), name, limits);
  std::size_t total = 0;
  for (std::size_t i = 0; i < book.sheets().size(); ++i) {
    book.read_sheet(i, [&](const kpiflow::ingest::Cell& cell) {
      total += cell.text.size() + cell.formula.size() + cell.format->code.size();
      if (cell.type == kpiflow::ingest::CellType::date) total += kpiflow::ingest::to_iso(cell.date).size();
    });
  }
  (void)total;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 3) {
      case 0: read_everything(std::string(rest), "fuzz.xlsx"); break;
      case 1: read_everything(std::string(rest), "fuzz.csv"); break;
      case 2: {
        auto parts = split_parts(rest);
        kpiflow::test::WorkbookParts p;
        p.replace["xl/worksheets/sheet1.xml"] = parts[0];
        p.shared_strings = {"<t>x</t>"};
        p.replace["xl/sharedStrings.xml"] = parts[1];
        p.styles_body = "<cellXfs/>";
        p.replace["xl/styles.xml"] = parts[2];
        if (!parts[3].empty()) p.replace["xl/workbook.xml"] = parts[3];
        read_everything(kpiflow::test::workbook_bytes(p), "fuzz.xlsx");
        break;
      }
    }
  } catch (const kpiflow::Error&) {
  }
  return 0;
}
