// A return, from file to observations: which service and period it is,
// where its header row is, and which row is which indicator. Every problem
// is an Issue at its cell; nothing here throws for bad data.
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <tuple>
#include <fnmatch.h>

#include <algorithm>
#include <deque>
#include <fstream>
#include <future>
#include <thread>
#include <map>
#include <mutex>

#include "model/digest.hpp"
#include "ingest/actions.hpp"
#include "ingest/grid.hpp"
#include "ingest/value.hpp"
#include "ingest/ingest.hpp"
#include "model/text.hpp"

namespace kpiflow::ingest {

using namespace kpiflow::reader;  // ingest is built on the reader

namespace {

// Returns are small; a sheet far beyond any return is refused rather than held.
constexpr std::uint64_t max_return_cells = 1'000'000;
constexpr std::uint32_t header_search_rows = 50;

// Lower case, single spaces: how header texts and titles are compared.
std::string normal(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : trim(text)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += ascii_lower(c);
  }
  return out;
}

bool names_service(std::string_view text, const rules::Service& service) {
  std::string said = normal(text);
  return !said.empty() && (said == normal(service.id) || said == normal(service.name));
}

struct Finding {
  const rules::Service* service = nullptr;
  std::string how;              // "the file name", "--service", "the metadata block"
  bool from_metadata = false;   // then the metadata cell needs no check against it
};

struct Context {
  const rules::RuleBook& book;
  Return& out;
  std::string file;

  void add(Code code, Location where, std::string message, std::string hint, std::string indicator = {}, std::string raw = {}) {
    Issue issue = Issue::of(code, std::move(where), std::move(message), std::move(hint));
    issue.service = out.service;
    issue.indicator = std::move(indicator);
    issue.raw = std::move(raw);
    out.issues.push_back(std::move(issue));
  }
  Location at(const std::string& sheet, CellRef cell) const { return Location::of_cell(file, sheet, cell); }
  Location whole_file() const { return Location::of_file(file); }
};

std::optional<std::size_t> sheet_for(const Workbook& workbook, const rules::Service& service) {
  const auto& sheets = workbook.sheets();
  std::size_t visible = 0, last_visible = 0;
  for (std::size_t i = 0; i < sheets.size(); ++i)
    if (sheets[i].visibility == Visibility::visible) ++visible, last_visible = i;
  for (bool hidden_too : {false, true})
    for (std::size_t i = 0; i < sheets.size(); ++i) {
      if (!hidden_too && sheets[i].visibility != Visibility::visible) continue;
      if (fnmatch(service.sheet.c_str(), sheets[i].name.c_str(), FNM_CASEFOLD) == 0) return i;
    }
  // A return with one sheet (every CSV) is that sheet, whatever it is called.
  if (visible == 1) return last_visible;
  return std::nullopt;
}

// The service --service or the file name gives.
std::optional<Finding> service_named(const std::filesystem::path& path, const rules::RuleBook& book, const ReturnOptions& options) {
  if (!options.service.empty()) {
    const rules::Service* s = book.service(options.service);
    if (s == nullptr) {
      std::string ids;
      for (const auto& each : book.services) ids += (ids.empty() ? "" : ", ") + each.id;
      throw Error(Location::of_file(book.file), fmt::format("--service '{}' is not a service of the rule file", options.service),
                  fmt::format("use one of: {}", ids));
    }
    return Finding{s, "--service"};
  }
  if (const rules::Service* s = rules::service_in_name(book, path.stem().string())) return Finding{s, "the file name"};
  return std::nullopt;
}

// The service whose e-mail address sent the return, when nothing in it says.
std::optional<Finding> sent_by(const rules::RuleBook& book, const ReturnOptions& options) {
  if (options.sent_by_service.empty()) return std::nullopt;
  if (const rules::Service* s = book.service(options.sent_by_service)) return Finding{s, "the sender's e-mail address"};
  return std::nullopt;
}

// Each sheet is read once, however many services' metadata blocks look at it.
class Sheets {
 public:
  explicit Sheets(const Workbook& workbook) : workbook_(workbook) {}
  // Throws Error as Grid::read does.
  const Grid& grid(std::size_t index) {
    auto it = grids_.find(index);
    if (it == grids_.end()) it = grids_.emplace(index, Grid::read(workbook_, index, max_return_cells)).first;
    return it->second;
  }

 private:
  const Workbook& workbook_;
  std::map<std::size_t, Grid> grids_;
};

std::optional<Finding> find_service(const Workbook& workbook, Sheets& sheets, const std::filesystem::path& path,
                                    const rules::RuleBook& book, const ReturnOptions& options) {
  if (auto named = service_named(path, book, options)) return named;
  // The metadata block of each service that has one.
  for (const auto& s : book.services) {
    if (s.service_cell.empty()) continue;
    auto index = sheet_for(workbook, s);
    if (!index) continue;
    const Grid* grid = nullptr;
    try {
      grid = &sheets.grid(*index);
    } catch (const Error&) {
      continue;  // reported when the sheet is read for its figures
    }
    if (const auto* cell = grid->at(*parse_a1(s.service_cell)); cell && names_service(cell->text(), s))
      return Finding{&s, "the metadata block", true};
  }
  return sent_by(book, options);
}

struct PeriodClaim {
  Period period;
  std::string how;
  Location where;
};

std::optional<Period> period_in_cell(const Grid::Value& cell, const rules::RuleBook& book) {
  Period::Kind kind = book.scorecard.frequency == rules::Frequency::monthly ? Period::Kind::month : Period::Kind::quarter;
  if (cell.type == CellType::date && cell.date.has_date) {
    // A date: the period's end, as many templates write it.
    std::chrono::year_month_day day{std::chrono::year{cell.date.year}, std::chrono::month{static_cast<unsigned>(cell.date.month)},
                                    std::chrono::day{static_cast<unsigned>(cell.date.day)}};
    return period_of(day, kind, book.scorecard.year_start_month);
  }
  return parse_period(cell.text(), book.scorecard.year_start_month);
}

// The return's own statements of its period, in order of authority.
std::vector<PeriodClaim> period_claims(const Context& c, const rules::Service& service, const Grid& grid, const std::string& sheet,
                                       const std::filesystem::path& path, const ReturnOptions& options) {
  std::vector<PeriodClaim> claims;
  int start = c.book.scorecard.year_start_month;
  if (!service.period_cell.empty()) {
    CellRef ref = *parse_a1(service.period_cell);
    if (const auto* cell = grid.at(ref)) {
      if (auto p = period_in_cell(*cell, c.book)) claims.push_back({*p, fmt::format("cell {} says '{}'", service.period_cell, excerpt(cell->text())), c.at(sheet, ref)});
    }
  }
  // A CSV's one sheet is named after the file: the file name speaks for it below.
  if (auto p = sheet == path.stem().string() ? std::nullopt : find_period(sheet, start)) claims.push_back({*p, fmt::format("the sheet name '{}'", excerpt(sheet)), Location{c.file, sheet, {}, {}, 0, 0}});
  if (auto p = find_period(path.filename().string(), start))
    claims.push_back({*p, fmt::format("the file name '{}'", path.filename().string()), c.whole_file()});
  if (options.period) claims.push_back({*options.period, "--period", c.whole_file()});
  return claims;
}

struct Columns {
  std::uint32_t row = 0;  // the header row
  std::optional<std::uint32_t> ref, title, value, target, commentary, previous, assessed, assessed_reason, figure_period;
};

// A heading that names a period without its year, in a return whose period
// is known: "Q2", "Qtr 2", "Quarter 2" for a quarter, "Jun" or "June" for a
// month (read as written within the wanted period's financial year, as
// parse_period reads "Q2 2017/18" and "Jun 2017/18"); or a date (30/06/2018,
// or a date cell), for the period holding it.
bool names_period(const std::string& header, const Period& wanted, int start) {
  if (auto p = parse_period(header + " " + wanted.financial_year(), start); p && *p == wanted) return true;
  auto day = date_written(header);
  return day && period_of(*day, wanted.kind, start) == wanted;
}

bool matches(const std::string& header, const std::vector<std::string>& aliases, const std::optional<Period>& period, int start) {
  for (const auto& alias : aliases) {
    if (alias == "{period}" || alias == "{previous}") {
      if (!period) continue;
      Period wanted = alias == "{period}" ? *period : period->previous();
      auto p = parse_period(header, start);
      if (p ? *p == wanted : names_period(header, wanted, start)) return true;
    } else if (header == normal(alias)) {
      return true;
    }
  }
  return false;
}

std::string aliases_text(const std::vector<std::string>& aliases, const std::optional<Period>& period) {
  std::string out;
  for (const auto& alias : aliases) {
    std::string shown = alias == "{period}" && period ? period->str() : alias == "{previous}" && period ? period->previous().str() : alias;
    out += (out.empty() ? "'" : " or '") + shown + "'";
  }
  return out;
}

bool has_actions(const rules::RuleBook& book, const rules::Service& service) {
  return std::any_of(book.actions.begin(), book.actions.end(), [&](const rules::Action& a) { return a.service == service.id; });
}
bool has_indicators(const rules::RuleBook& book, const rules::Service& service) {
  return std::any_of(book.indicators.begin(), book.indicators.end(), [&](const rules::Indicator& i) { return i.service == service.id; });
}

// The header row: the first with a Ref column. When the period is not yet
// known, the latest period heading a column of that row is taken.
std::optional<Columns> find_columns(Context& c, const rules::Service& service, const Grid& grid, const std::string& sheet,
                                    std::optional<Period>& period) {
  int start = c.book.scorecard.year_start_month;
  const auto& aliases = service.columns;
  for (const auto& [row, cells] : grid.rows()) {
    if (row >= header_search_rows) break;
    Columns found;
    found.row = row;
    for (const auto& [col, cell] : cells)
      if (!found.ref && matches(normal(cell.text()), aliases.ref, period, start)) found.ref = col;
    if (!found.ref) continue;
    if (!period) {
      std::optional<Period> latest;
      for (const auto& [col, cell] : cells) {
        auto p = parse_period(cell.text(), start);
        if (p && p->kind != Period::Kind::year && (!latest || p->year * 100 + p->index > latest->year * 100 + latest->index)) latest = p;
      }
      period = latest;
    }
    for (const auto& [col, cell] : cells) {
      std::string header = normal(cell.text());
      if (col == *found.ref) continue;
      auto take = [&](std::optional<std::uint32_t>& slot, const std::vector<std::string>& names) {
        if (!slot && matches(header, names, period, start)) slot = col;
      };
      take(found.value, aliases.value);
      take(found.title, aliases.indicator);
      take(found.target, aliases.target);
      take(found.commentary, aliases.commentary);
      take(found.previous, aliases.previous);
      take(found.assessed, aliases.assessed);
      take(found.assessed_reason, aliases.assessed_reason);
      take(found.figure_period, aliases.figure_period);
    }
    if (!period) {
      c.add(Code::unknown_period, c.whole_file(), "the return does not say which period it is for",
            "fill in the period in the return's metadata block, name it in the file name (housing-2017-18-Q2.xlsx), or give --period");
      return std::nullopt;
    }
    // An actions table above the measures: its header is not theirs.
    if (!found.value && has_actions(c.book, service) && heads_actions(cells, service)) continue;
    if (!found.value) {
      c.add(Code::missing_header, c.at(sheet, CellRef{row, 0}),
            fmt::format("the header row {} has no column headed {} for the period's figures", row + 1, aliases_text(aliases.value, period)),
            period ? "head the figures' column with the period, as the template does" : "say the period in the return, or give --period");
      return std::nullopt;
    }
    // A column the rule file names and the return lacks is said, not
    // passed over: a commentary column headed otherwise would leave every
    // commentary blank, and validate would chase the service for it.
    if (aliases.named) {
      std::string headings;
      for (const auto& [col, cell] : cells)
        if (!trim(cell.text()).empty()) headings += fmt::format("{}'{}'", headings.empty() ? "" : ", ", excerpt(trim(cell.text()), 40));
      for (auto [slot, names, meaning, key] :
           {std::tuple{found.title, &aliases.indicator, "the indicators' titles", "indicator"}, std::tuple{found.target, &aliases.target, "the targets", "target"},
            std::tuple{found.commentary, &aliases.commentary, "the commentary", "commentary"},
            std::tuple{found.previous, &aliases.previous, "the period before's figures", "previous"}}) {
        if (slot || names->empty()) continue;
        c.add(Code::column_not_found, c.at(sheet, CellRef{row, 0}),
              fmt::format("the header row {} has no column headed {} for {}, so none is read; its headings are {}", row + 1,
                          aliases_text(*names, period), meaning, headings),
              fmt::format("head the column as the rule file says, or add its heading to 'columns: {}:' for the service in the rule file", key));
      }
    }
    return found;
  }
  c.add(Code::missing_header, Location{c.file, sheet, {}, {}, 0, 0},
        fmt::format("no header row with {} in its first {} rows", aliases_text(aliases.ref, period), header_search_rows),
        "use the service's template, or give the headers it uses under 'columns:' in the rule file");
  return std::nullopt;
}

const rules::Indicator* by_title(const rules::RuleBook& book, const std::string& service, std::string_view title) {
  std::string wanted = normal(title);
  if (wanted.empty()) return nullptr;
  for (const auto& indicator : book.indicators)
    if (indicator.service == service && normal(indicator.title) == wanted) return &indicator;
  return nullptr;
}

std::string closest_ref(const rules::RuleBook& book, const std::string& service, const std::string& ref) {
  std::vector<std::string_view> ids;
  for (const auto& indicator : book.indicators)
    if (indicator.service == service) ids.push_back(indicator.id);
  return closest(ref, ids);
}

// The date the metadata block gives: a date cell, or 2017-10-13 / 13/10/2017.
std::optional<std::string> submitted_date(const Grid::Value& cell) {
  if (cell.type == CellType::date && cell.date.has_date) return fmt::format("{:04}-{:02}-{:02}", cell.date.year, cell.date.month, cell.date.day);
  if (auto day = date_written(trim(cell.text())); day && static_cast<int>(day->year()) >= 1900) return iso(*day);
  return std::nullopt;
}

// Without a `submitted` cell in the rule file, the date sent is found by its
// label above the header row, as returns write it ("Date submitted:",
// "Submitted", "Date sent", "Date returned", "Submission date"): the first
// filled cell to the label's right. Only labels that say the return was
// sent count: "Date" alone, or "Period end", is not when it was sent.
std::optional<CellRef> submitted_label(const Grid& grid, std::uint32_t header_row) {
  static const char* const labels[] = {"submitted",       "date submitted", "submission date", "date of submission", "date sent",
                                       "sent",            "date returned",  "returned",        "date received",      "received",
                                       "submitted on",    "sent on",        "returned on",     "completed on",       "date completed"};
  for (const auto& [row, cells] : grid.rows()) {
    if (row >= header_row) break;
    for (auto it = cells.begin(); it != cells.end(); ++it) {
      std::string label(trim(name_words(it->second.text())));
      if (std::find_if(std::begin(labels), std::end(labels), [&](const char* l) { return label == l; }) == std::end(labels)) continue;
      for (auto next = std::next(it); next != cells.end() && next->first <= it->first + 3; ++next)
        if (!trim(next->second.text()).empty()) return CellRef{row, next->first};
    }
  }
  return std::nullopt;
}

// The period a figure is for, from a "period of figure" cell: any period
// form, or a date (the month holding it, as "data as at 31/03/2017" means).
std::optional<Period> figure_period_of(const Grid::Value& cell, int start) {
  if (auto p = parse_period(cell.text(), start)) return p;
  if (auto day = date_written(trim(cell.text()))) return period_of(*day, Period::Kind::month, start);
  return std::nullopt;
}

// Rows this far past the last row that names an indicator are not part of
// the table: notes, a pivot, data pasted below. Nearer ones are read, so a
// mistyped Ref in the table is still caught with its "did you mean".
constexpr std::uint32_t rows_past_table = 20;

void read_rows(Context& c, const rules::Service& service, const Grid& grid, const std::string& sheet, const Columns& columns,
               const Period& period, std::optional<std::uint32_t> end_row) {
  auto text_at = [&](std::uint32_t row, std::optional<std::uint32_t> col) {
    const Grid::Value* cell = col ? grid.at(CellRef{row, *col}) : nullptr;
    return cell ? std::string(trim(cell->text())) : std::string();
  };
  std::uint32_t last_indicator_row = columns.row;
  for (const auto& [row, cells] : grid.rows()) {
    if (row <= columns.row) continue;
    if (end_row && row >= *end_row) break;
    std::string ref = text_at(row, columns.ref);
    if ((!ref.empty() && c.book.indicator(ref) != nullptr) || by_title(c.book, service.id, text_at(row, columns.title)) != nullptr)
      last_indicator_row = row;
  }
  struct Below {
    std::uint64_t rows = 0;
    CellRef first, last;
  } below;

  std::map<std::string, CellRef> seen;
  for (const auto& [row, cells] : grid.rows()) {
    if (row <= columns.row) continue;
    if (end_row && row >= *end_row) break;
    auto cell_at = [&](std::optional<std::uint32_t> col) -> const Grid::Value* { return col ? grid.at(CellRef{row, *col}) : nullptr; };
    std::string ref = text_at(row, columns.ref);
    std::string title = text_at(row, columns.title);
    const Grid::Value* value = cell_at(columns.value);
    bool has_value = value != nullptr && !trim(value->text()).empty();
    if (ref.empty() && title.empty()) continue;
    CellRef ref_cell{row, *columns.ref};
    if (row > last_indicator_row + rows_past_table) {
      if (below.rows++ == 0) below.first = ref_cell;
      below.last = ref_cell;
      continue;
    }

    const rules::Indicator* indicator = ref.empty() ? nullptr : c.book.indicator(ref);
    if (indicator == nullptr) {
      const rules::Indicator* titled = by_title(c.book, service.id, title);
      if (titled != nullptr) {
        c.add(Code::title_matched, c.at(sheet, ref_cell),
              ref.empty() ? fmt::format("no Ref for '{}'; matched by its title to {}", excerpt(title), titled->id)
                          : fmt::format("Ref '{}' is not in the rule file; matched by its title '{}' to {}", excerpt(ref), excerpt(title), titled->id),
              fmt::format("write {} in the Ref column", titled->id), titled->id, ref);
        indicator = titled;
      } else if (ref.empty()) {
        if (has_value)
          c.add(Code::unknown_indicator, c.at(sheet, CellRef{row, columns.title.value_or(*columns.ref)}),
                fmt::format("a figure for '{}', which has no Ref and whose title is not an indicator of {}", excerpt(title), service.name),
                "add the Ref, or the indicator to the rule file", {}, title);
        continue;  // a heading row
      } else if (title.empty() && !has_value) {
        continue;  // a heading written in the Ref column ("Section A: Homes")
      } else {
        std::string near = closest_ref(c.book, service.id, ref);
        c.add(Code::unknown_indicator, c.at(sheet, ref_cell),
              fmt::format("Ref '{}' is not an indicator in the rule file{}", excerpt(ref), near.empty() ? "" : fmt::format("; did you mean '{}'?", near)),
              "correct the Ref, or add the indicator to the rule file", {}, ref);
        continue;
      }
    }
    if (auto [it, first] = seen.emplace(indicator->id, ref_cell); !first) {
      c.add(Code::duplicate_indicator, c.at(sheet, ref_cell),
            fmt::format("{} appears again (first at {}); the first row is kept", indicator->id, to_a1(it->second)),
            "delete the repeated row", indicator->id, ref);
      continue;
    }

    Observation o;
    o.indicator = indicator->id;
    o.period = period.str();
    o.sheet = sheet;
    o.cell = to_a1(CellRef{row, *columns.value});
    if (columns.commentary) o.commentary_cell = to_a1(CellRef{row, *columns.commentary});
    if (const auto* text = cell_at(columns.commentary)) o.commentary = std::string(trim(text->text()));
    if (const auto* target = cell_at(columns.target)) o.target_raw = std::string(trim(target->text()));
    if (const auto* assessed = cell_at(columns.assessed); assessed && !trim(assessed->text()).empty()) {
      o.assessed = std::string(trim(assessed->text()));
      o.assessed_cell = to_a1(CellRef{row, *columns.assessed});
      if (const auto* why = cell_at(columns.assessed_reason)) o.assessed_reason = std::string(trim(why->text()));
    }

    ValueContext vc{c.book, *indicator, service, period, c.at(sheet, CellRef{row, *columns.value}), c.out.issues};
    read_value(vc, value, o);
    // A lagged figure is kept under the period it is for (its target is that period's).
    if (const auto* of = cell_at(columns.figure_period); of && !trim(of->text()).empty()) {
      if (auto p = figure_period_of(*of, c.book.scorecard.year_start_month)) o.period = p->str();
      else
        c.add(Code::unparseable_value, c.at(sheet, CellRef{row, *columns.figure_period}),
              fmt::format("'{}' is not a period, so the figure of {} is taken as for {}", excerpt(of->text()), indicator->id, period.str()),
              "write the period the figure is for, e.g. 2016/17 or Q4 2016/17", indicator->id, std::string(of->text()));
    }
    if (const auto* target = cell_at(columns.target)) check_target(vc, *target, c.at(sheet, CellRef{row, *columns.target}));
    if (const auto* previous = cell_at(columns.previous)) o.previous = quiet_value(vc, *previous);
    c.out.observations.push_back(std::move(o));
  }
  if (below.rows > 0) {
    c.add(Code::rows_below_table, c.at(sheet, below.first),
          fmt::format("{} {} from row {} to row {}, more than {} rows below the last indicator (row {}), name no indicator and {} not read",
                      with_thousands(below.rows), below.rows == 1 ? "row" : "rows", with_thousands(below.first.row + 1),
                      with_thousands(below.last.row + 1), rows_past_table, with_thousands(last_indicator_row + 1), below.rows == 1 ? "was" : "were"),
          "if they hold figures, give each the Ref of its indicator in the rule file; otherwise delete them from the return");
  }
}

}  // namespace

namespace {
using Refusal = std::pair<std::string, std::string>;  // message, hint
Return read_unfolded(const std::filesystem::path& path, std::optional<std::string> bytes, const rules::RuleBook& book,
                     const ReturnOptions& options, const Refusal* refused = nullptr);
}  // namespace

Return read_return(const std::filesystem::path& path, const rules::RuleBook& book, const ReturnOptions& options) {
  Return out = read_unfolded(path, std::nullopt, book, options);
  fold_repeats(out.issues);
  return out;
}

Return read_return(const std::filesystem::path& path, std::string bytes, const rules::RuleBook& book, const ReturnOptions& options) {
  Return out = read_unfolded(path, std::move(bytes), book, options);
  fold_repeats(out.issues);
  return out;
}

namespace {

Return read_unfolded(const std::filesystem::path& path, std::optional<std::string> bytes, const rules::RuleBook& book,
                     const ReturnOptions& options, const Refusal* refused) {
  Return out;
  out.file = path.string();
  Context c{book, out, out.file};

  // A return refused before its period is read is kept under the period its
  // file name or the command line gives, so validating that period names the
  // file and why it was refused, not only a missing return.
  auto period_from_name = [&] {
    return options.period ? options.period : find_period(path.filename().string(), book.scorecard.year_start_month);
  };
  std::optional<Workbook> workbook;
  try {
    if (refused) throw Error(Location::of_file(path.string()), refused->first, refused->second);
    workbook.emplace(bytes ? Workbook::from_bytes(std::move(*bytes), path.string(), options.limits) : Workbook::open(path, options.limits));
  } catch (const Error& e) {
    // Whose file it is and for when, as far as its name and the command line say, so the chase goes to the right service.
    if (auto named = service_named(path, book, options)) out.service = named->service->id;
    else if (auto sender = sent_by(book, options)) out.service = sender->service->id;
    out.period = period_from_name();
    c.add(Code::unreadable_file, e.where(), e.message(), e.hint().empty() ? "ask the service to send the return again as .xlsx or .csv" : e.hint());
    return out;
  }

  Sheets sheets(*workbook);
  auto finding = find_service(*workbook, sheets, path, book, options);
  if (!finding) {
    out.period = period_from_name();
    c.add(Code::unknown_service, c.whole_file(), "the return does not say which service sent it",
          "put the service's name in the file name (e.g. housing-2017-18-Q2.xlsx) or the metadata block, or give --service");
    return out;
  }
  const rules::Service& service = *finding->service;
  out.service = service.id;

  auto index = sheet_for(*workbook, service);
  if (!index) {
    out.period = period_from_name();
    std::string names;
    for (const auto& s : workbook->sheets()) names += (names.empty() ? "'" : ", '") + s.name + "'";
    c.add(Code::missing_sheet, c.whole_file(), fmt::format("no sheet matches '{}'; the sheets are {}", service.sheet, names),
          "use the service's template, or correct 'sheet:' for the service in the rule file");
    return out;
  }
  out.sheet = workbook->sheets()[*index].name;
  const Grid* read = nullptr;
  try {
    read = &sheets.grid(*index);
  } catch (const Error& e) {
    out.period = period_from_name();
    c.add(Code::unreadable_file, e.where(), e.message(), e.hint().empty() ? "ask the service to send the return again" : e.hint());
    return out;
  }
  const Grid& grid = *read;
  for (const Notice& notice : grid.notices())
    c.add(Code::damaged_cell, notice.where, notice.message, notice.hint, {}, {});

  if (!service.service_cell.empty() && !finding->from_metadata) {
    CellRef ref = *parse_a1(service.service_cell);
    const auto* cell = grid.at(ref);
    if (cell != nullptr && !trim(cell->text()).empty() && !names_service(cell->text(), service)) {
      const rules::Service* other = nullptr;
      for (const auto& s : book.services)
        if (names_service(cell->text(), s)) other = &s;
      c.add(Code::wrong_service, c.at(out.sheet, ref),
            fmt::format("the return says it is from '{}'{}, but {} says {}", excerpt(trim(cell->text())),
                        other ? fmt::format(" ({})", other->id) : std::string(), finding->how, service.name),
            other ? "check which service sent this file, and rename it or correct the cell" : "write the service's name in the cell",
            {}, std::string(cell->text()));
      return out;
    }
  }

  auto claims = period_claims(c, service, grid, out.sheet, path, options);
  std::optional<Period> period;
  if (!claims.empty()) {
    period = claims.front().period;
    for (std::size_t i = 1; i < claims.size(); ++i) {
      if (claims[i].period == *period) continue;
      c.add(Code::wrong_period, claims.front().where,
            fmt::format("{} ({}), but {} ({})", claims.front().how, period->str(), claims[i].how, claims[i].period.str()),
            "check which period the figures are for, then correct the return or the command line");
      out.period = options.period ? options.period : period;
      return out;
    }
  }

  // A service with actions and no measures sends an actions table alone.
  bool actions_only = has_actions(book, service) && !has_indicators(book, service) && period;
  std::optional<Columns> columns;
  if (!actions_only) columns = find_columns(c, service, grid, out.sheet, period);  // may find the period in a heading
  out.period = period;
  if (!actions_only && !columns) return out;
  std::optional<ActionColumns> action_columns;
  std::string action_sheet = out.sheet;
  const Grid* action_grid = &grid;
  if (has_actions(book, service)) {
    action_columns = find_action_columns(grid, service, columns ? std::optional(columns->row) : std::nullopt);
    // Or on a sheet of their own ("Actions").
    for (std::size_t i = 0; !action_columns && i < workbook->sheets().size(); ++i) {
      if (i == *index || workbook->sheets()[i].visibility != Visibility::visible) continue;
      try {
        const Grid& other = sheets.grid(i);
        if ((action_columns = find_action_columns(other, service, std::nullopt))) {
          action_grid = &other;
          action_sheet = workbook->sheets()[i].name;
        }
      } catch (const Error& e) {
        c.add(Code::unreadable_file, e.where(), e.message(), e.hint().empty() ? "ask the service to send the return again" : e.hint());
      }
    }
    if (!action_columns && actions_only) {
      c.add(Code::missing_header, Location{c.file, out.sheet, {}, {}, 0, 0},
            "no actions table: no row with a Ref heading beside a Progress (or Status) heading, or beside a RAG and an Action or "
            "Milestone heading, on any sheet",
            "use the service's template, or head the actions table 'Ref', 'Action' and 'Progress'");
      return out;
    }
  }

  // The date sent is looked for above the first table on the return's sheet.
  const std::uint32_t first_table = columns ? columns->row : action_grid == &grid ? action_columns->row : header_search_rows;
  std::optional<CellRef> submitted_at = service.submitted_cell.empty() ? submitted_label(grid, first_table) : parse_a1(service.submitted_cell);
  if (submitted_at) {
    CellRef ref = *submitted_at;
    if (const auto* cell = grid.at(ref); cell && !trim(cell->text()).empty()) {
      if (auto date = submitted_date(*cell)) out.submitted = *date;
      else
        c.add(Code::unparseable_value, c.at(out.sheet, ref), fmt::format("the submission date '{}' is not a date", excerpt(cell->text())),
              "write the date as 13/10/2017", {}, std::string(cell->text()));
    }
  }

  bool actions_below = action_columns && action_grid == &grid && columns && action_columns->row > columns->row;
  bool actions_above = action_columns && action_grid == &grid && columns && action_columns->row < columns->row;
  if (columns) read_rows(c, service, grid, out.sheet, *columns, *period, actions_below ? std::optional(action_columns->row) : std::nullopt);
  if (action_columns)
    read_actions(*action_grid, *action_columns, actions_above ? std::optional(columns->row) : std::nullopt, action_sheet, book, service, *period,
                 out);
  out.storable = true;
  return out;
}

std::string iso_utc(std::chrono::system_clock::time_point t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
}

// The file's bytes, read once, when they fit the reader's limit; empty when
// they cannot be read (the reader then says why, from the path).
std::optional<std::string> bytes_of(const std::filesystem::path& path, const reader::Limits& limits) {
  std::error_code error;
  auto size = std::filesystem::file_size(path, error);
  if (error || size > limits.max_file_bytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return std::nullopt;
  return bytes;
}

// A file as it arrived, before it is read: its bytes (read once: what is
// hashed is what is parsed, even of a file still being copied in), their
// hash, the path it is known by, and what its reading depends on besides.
struct Arrival {
  std::filesystem::path path;
  std::optional<std::string> bytes;
  std::string sha256, canonical, asked;
  std::filesystem::path saved_as;  // the file on disk: path, or the e-mail it came in
  std::optional<Sent> sent;
  std::optional<Refusal> refused;
  ReturnOptions options;  // the run's, with this return's sender
};

Arrival arrive(Delivery d, const ReturnOptions& options) {
  Arrival a{d.path, std::move(d.bytes), {}, {}, {}, d.saved_as.empty() ? d.path : d.saved_as, std::move(d.sent), std::move(d.refused), options};
  a.options.sent_by_service = d.sent_by_service;
  if (!a.bytes && !a.refused) a.bytes = bytes_of(a.path, options.limits);
  if (a.bytes) a.sha256 = sha256_of(*a.bytes);
  std::error_code error;
  a.canonical = std::filesystem::weakly_canonical(a.path, error).string();
  if (error) a.canonical.clear();
  a.asked = fmt::format("period={};service={}", options.period ? options.period->str() : std::string(), options.service);
  if (!a.options.sent_by_service.empty()) a.asked += ";sender=" + a.options.sent_by_service;
  if (a.sent) a.asked += ";sent=" + a.sent->date;
  return a;
}

Arrival arrive(const std::filesystem::path& path, std::optional<std::string> bytes, const ReturnOptions& options) {
  Delivery d;
  d.path = path;
  d.bytes = bytes ? std::move(bytes) : bytes_of(path, options.limits);
  return arrive(std::move(d), options);
}

// The same bytes at the same place, under the same rule file and options,
// read the same: what they gave is in the store, and nothing is parsed or written.
std::optional<Ingested> read_before(const store::Store& store, const Arrival& a, const rules::RuleBook& book) {
  if (a.sha256.empty() || a.canonical.empty()) return std::nullopt;
  auto known = store.last_reading(a.canonical, a.sha256, book.fingerprint, a.asked);
  if (!known) return std::nullopt;
  Ingested out;
  out.read.file = a.path.string();
  out.read.service = known->service;
  out.read.period = parse_period(known->period, book.scorecard.year_start_month);
  out.read.storable = known->storable;
  out.read.issues = std::move(known->issues);
  if (known->submission) std::tie(out.figures, out.actions) = store.contents(*known->submission);
  out.period = known->period;
  if (known->storable) out.outcome = store::Outcome::already_stored;
  return out;
}

// Touches nothing but the file: safe on another thread.
Return parse(Arrival& a, const rules::RuleBook& book) {
  if (a.refused) {
    Return out = read_unfolded(a.path, std::nullopt, book, a.options, &*a.refused);
    fold_repeats(out.issues);
    return out;
  }
  return a.bytes ? read_return(a.path, std::move(*a.bytes), book, a.options) : read_return(a.path, book, a.options);
}

Ingested keep(store::Store& store, const Arrival& a, Return got, const rules::RuleBook& book) {
  const ReturnOptions& options = a.options;
  Ingested out{std::move(got), {}, std::nullopt, 0, 0};
  out.figures = out.read.observations.size();
  out.actions = out.read.actions.size();
  std::string now = iso_utc(std::chrono::system_clock::now());
  out.period = out.read.period ? out.read.period->str() : options.period ? options.period->str() : std::string();
  store::FileIssues found{out.period, out.read.file, a.sha256, out.read.service, now, out.read.issues, a.canonical, book.fingerprint, a.asked};
  std::error_code error;
  auto modified = std::filesystem::last_write_time(a.saved_as, error);
  if (out.read.storable && !a.sha256.empty() && !error) {
    std::string saved = iso_utc(std::chrono::file_clock::to_sys(modified));
    // Sent by e-mail: received when sent, unless the return gives its own date.
    std::string submitted = out.read.submitted;
    if (submitted.empty() && a.sent) submitted = a.sent->date.substr(0, 10);
    store::Submission submission{0, out.read.service, out.period, out.read.file, a.sha256, saved, submitted, now, std::nullopt, book.fingerprint,
                                 a.sent ? a.sent->from : std::string(), a.sent ? a.sent->subject : std::string()};
    out.outcome = store.ingest(submission, out.read.observations, found, out.read.actions);
  } else {
    store.record_ingest_issues(found);
  }
  return out;
}

Ingested ingest_bytes(store::Store& store, const std::filesystem::path& path, std::optional<std::string> bytes, const rules::RuleBook& book,
                      const ReturnOptions& options) {
  Arrival a = arrive(path, std::move(bytes), options);
  if (auto known = read_before(store, a, book)) return std::move(*known);
  Return got = parse(a, book);
  return keep(store, a, std::move(got), book);
}

}  // namespace

Ingested ingest_into(store::Store& store, const std::filesystem::path& path, const rules::RuleBook& book, const ReturnOptions& options) {
  return ingest_bytes(store, path, bytes_of(path, options.limits), book, options);
}

void ingest_all(store::Store& store, const std::vector<Delivery>& deliveries, const rules::RuleBook& book, const ReturnOptions& options,
                const std::function<void(Ingested&&)>& each) {
  // Parsing a return is most of its cost and touches nothing shared, so
  // returns are parsed on other threads while the main thread hashes,
  // looks up and stores, in the order given. At most `ahead` returns are
  // in hand at once, so memory does not grow with the number of files.
  const std::size_t ahead = std::max(2u, std::thread::hardware_concurrency()) + 1;
  struct InHand {
    Arrival arrival;
    std::optional<Ingested> known;
    std::future<Return> parsed;
  };
  std::deque<InHand> in_hand;
  auto finish_first = [&] {
    InHand& first = in_hand.front();
    // get() rethrows what parse threw (an Error: could not run), in order.
    each(first.known ? std::move(*first.known) : keep(store, first.arrival, first.parsed.get(), book));
    in_hand.pop_front();
  };
  for (const auto& delivery : deliveries) {
    InHand next{arrive(delivery, options), std::nullopt, {}};
    next.known = read_before(store, next.arrival, book);
    if (!next.known) {
      // The thread parses its own copy of the arrival (the bytes move to it); the stored one keeps the rest.
      Arrival own{next.arrival.path, std::move(next.arrival.bytes), {}, {}, {}, {}, {}, next.arrival.refused, next.arrival.options};
      next.parsed = std::async(std::launch::async, [own = std::move(own), &book]() mutable { return parse(own, book); });
    }
    in_hand.push_back(std::move(next));
    if (in_hand.size() >= ahead) finish_first();
  }
  while (!in_hand.empty()) finish_first();
}

void ingest_all(store::Store& store, const std::vector<std::filesystem::path>& paths, const rules::RuleBook& book, const ReturnOptions& options,
                const std::function<void(Ingested&&)>& each) {
  std::vector<Delivery> deliveries;
  deliveries.reserve(paths.size());
  for (const auto& path : paths) deliveries.push_back(Delivery{path, std::nullopt, path, std::nullopt, {}, std::nullopt});
  ingest_all(store, deliveries, book, options, each);
}

std::vector<Reread> reread_stale(store::Store& store, const rules::RuleBook& book, const reader::Limits& limits) {
  std::vector<Reread> out;
  for (const auto& sub : store.read_under_other_rules(book.fingerprint)) {
    Reread r{sub, std::nullopt, {}};
    std::optional<std::string> bytes = bytes_of(sub.file, limits);
    if (!bytes || sha256_of(*bytes) != sub.sha256) {
      r.why_not = bytes ? "the file has changed since it was ingested" : "the file is no longer where it was ingested from";
      out.push_back(std::move(r));
      continue;
    }
    ReturnOptions options;
    options.limits = limits;
    options.service = sub.service;  // as it was stored, whatever the file says now
    options.period = parse_period(sub.period, book.scorecard.year_start_month);
    if (book.service(sub.service) == nullptr) {
      r.why_not = fmt::format("the rule file no longer has the service '{}'", sub.service);
      out.push_back(std::move(r));
      continue;
    }
    r.done = ingest_bytes(store, sub.file, std::move(bytes), book, options);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace kpiflow::ingest
