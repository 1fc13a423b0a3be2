// A zip workbook once its structure is read: what sheet_reader.cpp needs.
#pragma once

#include <memory>
#include <vector>

#include "reader/book.hpp"
#include "reader/package.hpp"
#include "reader/shared_strings.hpp"
#include "reader/styles.hpp"

namespace kpiflow::reader {

struct PackageBook : Workbook::Impl {
  std::unique_ptr<Package> package;
  SharedStrings strings;
  Styles styles;
  std::vector<std::size_t> sheet_parts;  // parallel to sheets

  SheetSummary read_sheet(std::size_t index, const CellSink& sink) const override;
};

// The cells of one worksheet part, for tests and the fuzz target.
SheetSummary read_sheet_part(const Package& package, std::size_t part, const std::string& sheet_name,
                             const SharedStrings& strings, const Styles& styles, bool date1904,
                             const CellSink& sink);

}  // namespace kpiflow::reader
