#include "support/read_cells.hpp"

#include <charconv>

namespace kpiflow::test {

std::vector<ReadCell> read_all(const reader::Workbook& book) {
  std::vector<ReadCell> out;
  for (std::size_t i = 0; i < book.sheets().size(); ++i) {
    book.read_sheet(i, [&](const reader::Cell& cell) {
      ReadCell r;
      r.sheet = book.sheets()[i].name;
      r.ref = to_a1(cell.ref);
      r.type = std::string(reader::to_string(cell.type));
      switch (cell.type) {
        case reader::CellType::number: {
          char buf[32];
          auto res = std::to_chars(buf, buf + sizeof buf, cell.number);
          r.value.assign(buf, res.ptr);
          break;
        }
        case reader::CellType::boolean: r.value = cell.number != 0 ? "true" : "false"; break;
        case reader::CellType::date: r.value = reader::to_iso(cell.date); break;
        case reader::CellType::formula_no_value: break;
        default: r.value = std::string(cell.text);
      }
      r.formula = std::string(cell.formula);
      r.num_fmt = cell.format->code;
      r.fill = cell.format->fill;
      out.push_back(std::move(r));
    });
  }
  return out;
}

std::vector<ReadCell> read_bytes(std::string bytes, const std::string& name) {
  return read_all(reader::Workbook::from_bytes(std::move(bytes), name));
}

std::vector<std::string> brief(const std::vector<ReadCell>& cells) {
  std::vector<std::string> out;
  for (const auto& c : cells) out.push_back(c.ref + "=" + c.type + ":" + c.value);
  return out;
}

std::string refusal(std::string bytes, const std::string& name, const reader::Limits& limits) {
  try {
    read_all(reader::Workbook::from_bytes(std::move(bytes), name, limits));
  } catch (const Error& error) {
    return error.what();
  }
  return {};
}

}  // namespace kpiflow::test
