#include "rules/register.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>

#include "reader/reader.hpp"
#include "rules/load.hpp"
#include "rules/yaml_map.hpp"

namespace kpiflow::rules {

namespace {

// The register's headings and the rule-file key each stands for.
const std::map<std::string, std::string>& headings() {
  static const std::map<std::string, std::string> table = {
      {"id", "id"},           {"ref", "id"},           {"title", "title"},       {"indicator", "title"},
      {"service", "service"}, {"theme", "theme"},      {"definition", "definition"}, {"description", "definition"},      {"outcome", "theme"},     {"key", "key"},
      {"key kpi", "key"},     {"unit", "unit"},        {"decimals", "decimals"}, {"polarity", "polarity"},
      {"frequency", "frequency"}, {"due", "due"},      {"aggregation", "aggregation"}, {"profile", "profile"},
      {"tolerance", "tolerance"}, {"minimum", "minimum"}, {"maximum", "maximum"}, {"max change", "max_change"},
      {"max_change", "max_change"}};
  return table;
}

std::string heading_key(std::string text) {
  text = ascii_lower(trim(text));
  for (char& c : text)
    if (c == '_') c = ' ';
  return text;
}

std::string yaml_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// "10%, 35%, 70%, 100%" -> ["10%", "35%", "70%", "100%"]
std::string list_of(const std::string& text) {
  std::string out = "[";
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string item(trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (!item.empty()) out += (out.size() > 1 ? ", " : "") + yaml_quoted(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out + "]";
}

}  // namespace

std::vector<Indicator> read_register(std::string bytes, const std::string& shown_name, const std::string& sheet, const RuleBook& book) {
  reader::Workbook workbook = reader::Workbook::from_bytes(std::move(bytes), shown_name);
  std::size_t index = workbook.sheets().size();
  for (std::size_t i = 0; i < workbook.sheets().size(); ++i) {
    const auto& info = workbook.sheets()[i];
    if (sheet.empty() ? info.visibility == reader::Visibility::visible : info.name == sheet) {
      index = i;
      break;
    }
  }
  if (index == workbook.sheets().size())
    throw Error(Location::of_file(shown_name), sheet.empty() ? "the register has no visible sheet" : fmt::format("the register has no sheet '{}'", sheet),
                "name the register's sheet with 'sheet:' under 'indicators_from:'");
  std::string sheet_name = workbook.sheets()[index].name;

  std::map<std::uint32_t, std::map<std::uint32_t, std::string>> rows;
  std::optional<Error> unprintable;  // the first cell holding what a rule file may not: thrown once the sheet is read
  workbook.read_sheet(index, [&](const reader::Cell& cell) {
    std::string text(trim(reader::cell_text(cell)));
    if (text.empty()) return;
    if (!unprintable) {
      try {
        check_printable(text, shown_name);
      } catch (const Error& e) {
        unprintable.emplace(Location::of_cell(shown_name, sheet_name, cell.ref), e.message(), "delete it: the register holds printable text only");
      }
    }
    rows[cell.ref.row][cell.ref.col] = std::move(text);
  });
  if (unprintable) throw *unprintable;
  if (rows.empty()) throw Error(Location{shown_name, sheet_name, {}, {}, 0, 0}, "the register is empty", "put the headings in the first row");

  // The heading row: what each column means.
  auto header = rows.begin();
  std::map<std::uint32_t, std::string> key_of;  // column -> rule-file key ("targets 2017/18" for a target column)
  for (const auto& [col, text] : header->second) {
    std::string h = heading_key(text);
    Location at = Location::of_cell(shown_name, sheet_name, CellRef{header->first, col});
    if (h.rfind("target", 0) == 0) {
      std::string year(trim(h.substr(6)));
      if (year.size() != 7 || year[4] != '/')
        throw Error(at, fmt::format("the heading '{}' names no financial year", text), "head target columns 'Target 2017/18'");
      key_of[col] = "targets " + year;
      continue;
    }
    auto it = headings().find(h);
    if (it == headings().end()) {
      std::vector<std::string_view> known;
      for (const auto& entry : headings()) known.push_back(entry.first);
      std::string near = closest(h, known);
      throw Error(at, fmt::format("the register's heading '{}' is not a column kpiflow knows{}", text, near.empty() ? "" : fmt::format("; did you mean '{}'?", near)),
                  "the headings are: Ref, Title, Service, Theme, Key, Unit, Decimals, Polarity, Frequency, Due, Aggregation, Target 2017/18 "
                  "(one per year), Profile, Tolerance, Minimum, Maximum, Max change");
    }
    key_of[col] = it->second;
  }

  std::vector<Indicator> out;
  for (auto row = std::next(header); row != rows.end(); ++row) {
    // The row as rule-file YAML, one key a line, remembering each line's cell.
    std::string yaml;
    std::vector<CellRef> cell_of_line{CellRef{row->first, 0}};  // line 0 unused: lines are one-based
    std::map<std::string, std::string> targets;
    std::map<std::string, CellRef> target_cells;
    std::string minimum, maximum;
    CellRef range_cell{row->first, 0};
    auto line = [&](const std::string& text, std::uint32_t col) {
      yaml += text + "\n";
      cell_of_line.push_back(CellRef{row->first, col});
    };
    for (const auto& [col, text] : row->second) {
      auto key = key_of.find(col);
      if (key == key_of.end()) continue;  // a note beside the table
      const std::string& k = key->second;
      if (k.rfind("targets ", 0) == 0) {
        targets[k.substr(8)] = text;
        target_cells[k.substr(8)] = CellRef{row->first, col};
      } else if (k == "minimum" || k == "maximum") {
        (k == "minimum" ? minimum : maximum) = text;
        range_cell = CellRef{row->first, col};
      } else if (k == "due" || k == "profile") {
        line(k + ": " + list_of(text), col);
      } else {
        line(k + ": " + yaml_quoted(text), col);
      }
    }
    if (!targets.empty()) {
      line("targets:", target_cells.begin()->second.col);
      for (const auto& [year, text] : targets) line("  " + yaml_quoted(year) + ": " + yaml_quoted(text), target_cells[year].col);
    }
    if (!minimum.empty() || !maximum.empty()) {
      if (minimum.empty() || maximum.empty())
        throw Error(Location::of_cell(shown_name, sheet_name, range_cell), "a valid range needs both a minimum and a maximum", "fill in both, or neither");
      line("range: [" + yaml_quoted(minimum) + ", " + yaml_quoted(maximum) + "]", range_cell.col);
    }
    try {
      out.push_back(read_indicator(shown_name, YAML::Load(yaml), out.size(), book));
      out.back().where = Location::of_cell(shown_name, sheet_name, CellRef{row->first, 0});
    } catch (const Error& e) {
      std::uint32_t at = e.where().line;
      CellRef cell = at > 0 && at < cell_of_line.size() ? cell_of_line[at] : CellRef{row->first, 0};
      throw Error(Location::of_cell(shown_name, sheet_name, cell), e.message(), e.hint());
    } catch (const YAML::Exception& e) {
      throw Error(Location::of_cell(shown_name, sheet_name, CellRef{row->first, 0}), fmt::format("the row cannot be read: {}", e.msg),
                  "check the row's cells");
    }
  }
  return out;
}

}  // namespace kpiflow::rules
