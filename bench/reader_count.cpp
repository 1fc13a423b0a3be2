// The kpiflow reader doing what the floor does (count cells, sum numbers),
// so the two compare like for like. --expat reads the sheet through expat
// instead of cell_scanner.cpp.
//
// usage: reader_count FILE.xlsx [--expat]
#include <cstdio>
#include <cstring>

#include "reader/reader.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: reader_count FILE.xlsx [--expat]\n");
    return 2;
  }
  kpiflow::reader::Limits limits;
  limits.sheet_scanner = !(argc > 2 && std::strcmp(argv[2], "--expat") == 0);
  try {
    auto book = kpiflow::reader::Workbook::open(argv[1], limits);
    long cells = 0;
    double sum = 0;
    for (std::size_t i = 0; i < book.sheets().size(); ++i) {
      book.read_sheet(i, [&](const kpiflow::reader::Cell& cell) {
        ++cells;
        if (cell.type == kpiflow::reader::CellType::number || cell.type == kpiflow::reader::CellType::date) sum += cell.number;
      });
    }
    std::printf("cells %ld sum %.17g\n", cells, sum);
  } catch (const kpiflow::Error& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 2;
  }
  return 0;
}
