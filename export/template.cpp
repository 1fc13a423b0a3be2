// The return a service fills in (docs/template.md), written from the rule
// file so that ingest reads it with no mapping at all: the metadata block
// where the rule file says, the headings its columns name, a row per
// indicator with its target and the service's own recent figures, and a
// value cell that only takes a figure in range or a missing-data word.
// The commentary cell lights up when the figure typed would need
// commentary: its rule is the scoring's own (rules::commentary_bounds).
#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "export/export.hpp"
#include "model/output_file.hpp"
#include "model/text.hpp"
#include "workbook/workbook.hpp"

namespace kpiflow::publish {

namespace {

using workbook::Book;

// Excel keeps at most this much of a data validation's message and title.
constexpr std::size_t message_chars = 255, message_title_chars = 32;

// The first heading a rule file gives for a column, with {period} and
// {previous} as the period's own names.
std::string heading(const std::vector<std::string>& aliases, const Period& period, const std::string& otherwise) {
  if (aliases.empty()) return otherwise;
  const std::string& alias = aliases.front();
  if (alias == "{period}") return period.str();
  if (alias == "{previous}") return period.previous().str();
  return alias;
}

// A sheet name the service's `sheet:` pattern matches: "Q? Return" is
// "Q2 Return"; "*" alone is "Return".
std::string sheet_for(const rules::Service& service, const Period& period) {
  const std::string& pattern = service.sheet;
  if (pattern.empty() || pattern == "*") return "Return";
  std::string label = period.str().substr(period.financial_year().size() + (period.kind == Period::Kind::year ? 0 : 1));
  std::string digits = std::to_string(period.index);
  std::size_t marks = static_cast<std::size_t>(std::count(pattern.begin(), pattern.end(), '?'));
  if (digits.size() < marks) digits.insert(0, marks - digits.size(), '0');
  std::string out;
  std::size_t next = digits.size() - std::min(digits.size(), marks);
  for (char c : pattern) {
    if (c == '*') out += label;
    else if (c == '?') out += next < digits.size() ? digits[next++] : 'X';
    else if (c == '[' || c == ']' || c == '\\') continue;
    else out += c;
  }
  if (fnmatch(pattern.c_str(), out.c_str(), FNM_CASEFOLD) != 0 || trim(out).empty())
    throw Error(service.where, fmt::format("no sheet name for a template of {} matches its sheet pattern '{}'", service.name, pattern),
                "give the service a plain sheet name, or a pattern with * and ? only, such as \"Q? Return\"");
  return out;
}

// Characters, not bytes: the bytes that start a UTF-8 sequence.
std::size_t chars(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// At most n characters, ending with "…" when cut.
std::string cut(const std::string& text, std::size_t n) { return workbook::plain_text(text, n); }

// The rule file's word for a state, as services are to write it.
std::string word_for(const rules::RuleBook& book, State state) {
  for (const auto& w : book.state_words)
    if (book.state_of(w) == state) return w;
  return {};
}

std::string words_list(const rules::RuleBook& book) {
  std::string out;
  for (const auto& w : book.state_words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

// A figure written into a formula: the shortest text that reads back as
// the same double.
std::string constant(double v) { return fmt::format("{}", v); }

std::string unit_words(const rules::Indicator& ind) {
  switch (ind.unit) {
    case Unit::percent: return "a percentage (type 87.5%)";
    case Unit::currency: return "an amount in pounds";
    case Unit::days: return "a number of days";
    case Unit::rate: return "a rate";
    case Unit::rank: return "a rank";
    case Unit::ratio: return "a ratio";
    case Unit::text: return "text";
    case Unit::number: break;
  }
  return "a number";
}

std::string unit_label(Unit unit) {
  switch (unit) {
    case Unit::percent: return "%";
    case Unit::currency: return "£";
    default: return std::string(words_of(unit));
  }
}

// The metadata block: what each cell holds, at the rule file's cells, the
// rest in column B below them, each labelled on its left.
struct Field {
  std::string label;
  CellRef at;
};

struct Layout {
  Field service, period, deadline, owner, submitted;
  int header_row = 0;
};

Layout layout_for(const rules::Service& s) {
  Layout out;
  std::vector<std::pair<Field*, const std::string*>> fields{{&out.service, &s.service_cell},
                                                            {&out.period, &s.period_cell},
                                                            {&out.deadline, &s.deadline_cell},
                                                            {&out.owner, &s.owner_cell},
                                                            {&out.submitted, &s.submitted_cell}};
  out.service.label = "Service";
  out.period.label = "Period";
  out.deadline.label = "Deadline";
  out.owner.label = "Owner";
  out.submitted.label = "Date submitted";  // a label ingest knows, when the rule file names no cell
  std::vector<CellRef> taken;
  auto is_taken = [&](CellRef c) { return std::find(taken.begin(), taken.end(), c) != taken.end(); };
  for (auto& [field, cell] : fields)
    if (!cell->empty()) {
      field->at = *parse_a1(*cell);
      taken.push_back(field->at);
      if (field->at.col > 0) taken.push_back(CellRef{field->at.row, field->at.col - 1});
    }
  std::uint32_t row = 0;
  for (auto& [field, cell] : fields) {
    if (!cell->empty()) continue;
    while (is_taken(CellRef{row, 1}) || is_taken(CellRef{row, 0})) ++row;
    field->at = CellRef{row, 1};
    taken.push_back(field->at);
    taken.push_back(CellRef{row, 0});
  }
  std::uint32_t last = 0;
  for (auto c : taken) last = std::max(last, c.row);
  out.header_row = static_cast<int>(last) + 2;
  return out;
}

struct Formats {
  lxw_format *label, *locked_text, *locked_wrap, *value_text, *input_wrap, *input_date, *date, *not_due, *needed, *previous_text;
  std::map<std::string, lxw_format*> inputs, previous;
};

lxw_format* add(Book& b) { return b.check(workbook_add_format(b.get()), "add a format"); }

// What the service fills in: unlocked, on a pale yellow, boxed.
lxw_format* input(lxw_format* x) {
  format_set_unlocked(x);
  format_set_bg_color(x, 0xFFF9E5);
  format_set_border(x, LXW_BORDER_THIN);
  format_set_border_color(x, 0xBFBFBF);
  format_set_align(x, LXW_ALIGN_VERTICAL_TOP);
  return x;
}

Formats formats(Book& b) {
  Formats f{};
  f.label = add(b);
  format_set_bold(f.label);
  format_set_align(f.label, LXW_ALIGN_VERTICAL_TOP);
  f.locked_text = add(b);
  format_set_align(f.locked_text, LXW_ALIGN_VERTICAL_TOP);
  f.locked_wrap = add(b);
  format_set_text_wrap(f.locked_wrap);
  format_set_align(f.locked_wrap, LXW_ALIGN_VERTICAL_TOP);
  f.previous_text = add(b);
  format_set_align(f.previous_text, LXW_ALIGN_RIGHT);
  format_set_align(f.previous_text, LXW_ALIGN_VERTICAL_TOP);
  format_set_font_color(f.previous_text, 0x595959);
  f.value_text = input(add(b));
  f.input_wrap = input(add(b));
  format_set_text_wrap(f.input_wrap);
  f.input_date = input(add(b));
  format_set_num_format(f.input_date, "d mmm yyyy");
  format_set_align(f.input_date, LXW_ALIGN_LEFT);
  f.date = add(b);
  format_set_num_format(f.date, "d mmmm yyyy");
  format_set_align(f.date, LXW_ALIGN_LEFT);
  f.not_due = add(b);
  format_set_bg_color(f.not_due, 0xEDEDED);
  format_set_font_color(f.not_due, 0x595959);
  format_set_align(f.not_due, LXW_ALIGN_VERTICAL_TOP);
  // The commentary a figure needs: the status palette's vermilion, pale.
  f.needed = add(b);
  format_set_bg_color(f.needed, 0xF8CBAD);
  format_set_border(f.needed, LXW_BORDER_MEDIUM);
  format_set_border_color(f.needed, 0xD55E00);
  return f;
}

lxw_format* input_for(Book& b, Formats& f, const rules::Indicator& ind) {
  if (ind.unit == Unit::text) return f.value_text;
  // A percentage with one more place than the scorecard shows (87.25% typed shows as 87.25%); other
  // figures as the scorecard shows them. Whatever is typed is kept as typed: the format only shows it.
  std::string code = workbook::number_format(ind.unit, ind.unit == Unit::percent ? ind.decimals + 1 : ind.decimals);
  if (auto it = f.inputs.find(code); it != f.inputs.end()) return it->second;
  lxw_format* x = input(add(b));
  format_set_num_format(x, code.c_str());
  return f.inputs[code] = x;
}

lxw_format* previous_for(Book& b, Formats& f, const rules::Indicator& ind) {
  std::string code = workbook::number_format(ind.unit, ind.decimals);
  if (auto it = f.previous.find(code); it != f.previous.end()) return it->second;
  lxw_format* x = add(b);
  format_set_num_format(x, code.c_str());
  format_set_align(x, LXW_ALIGN_VERTICAL_TOP);
  format_set_font_color(x, 0x595959);
  return f.previous[code] = x;
}

void write_date(Book& b, lxw_worksheet* s, CellRef at, std::chrono::year_month_day day, lxw_format* f) {
  lxw_datetime d{static_cast<int>(day.year()), static_cast<int>(static_cast<unsigned>(day.month())),
                 static_cast<int>(static_cast<unsigned>(day.day())), 0, 0, 0};
  b.check(worksheet_write_datetime(s, at.row, static_cast<lxw_col_t>(at.col), &d, f), fmt::format("write cell {}", to_a1(at)));
}

// What a cell says when it is selected, and when what is typed is refused;
// cut to what Excel keeps. An empty text is not set.
struct Prompt {
  std::string title, message, error_title, error;
};

// The strings must outlive the call that adds them only until the call
// returns (libxlsxwriter copies them), so these copies do.
void validate_cell(Book& b, lxw_worksheet* s, CellRef at, lxw_data_validation v, const Prompt& prompt) {
  std::string title = cut(prompt.title, message_title_chars), message = cut(prompt.message, message_chars),
              error_title = cut(prompt.error_title, message_title_chars), error = cut(prompt.error, message_chars);
  auto set = [](std::string& text) { return text.empty() ? nullptr : text.data(); };
  v.input_title = set(title);
  v.input_message = set(message);
  v.error_title = set(error_title);
  v.error_message = set(error);
  b.check(worksheet_data_validation_cell(s, at.row, static_cast<lxw_col_t>(at.col), &v), fmt::format("add the data validation of {}", to_a1(at)));
}

// A cell that takes a word from a list. The words are written into the rule
// (libxlsxwriter 1.1.4 leaks a list formula's text; a list of words it copies and frees).
void validate_from_list(Book& b, lxw_worksheet* s, CellRef at, const std::vector<std::string>& list, const std::string& title,
                        const std::string& message, const std::string& error) {
  std::vector<std::string> copies = list;  // libxlsxwriter takes char**, and copies them
  std::vector<char*> words;
  for (auto& w : copies) words.push_back(w.data());
  words.push_back(nullptr);
  lxw_data_validation v{};
  v.validate = LXW_VALIDATION_TYPE_LIST;
  v.value_list = words.data();
  validate_cell(b, s, at, v, {title, message, "Not in the list", error});
}

std::string when_commentary(const rules::Indicator& ind, const rules::Scorecard& card, const rules::CommentaryBounds& bounds) {
  std::string status = card.commentary_for_red && card.commentary_for_amber ? "Red or Amber" : card.commentary_for_red ? "Red" : "Amber";
  std::string where;
  if (bounds.at_or_below) where = fmt::format("about {} or less", rules::shown(*bounds.at_or_below, ind));
  if (bounds.at_or_above) where += fmt::format("{}about {} or more", where.empty() ? "" : ", or ", rules::shown(*bounds.at_or_above, ind));
  return fmt::format("Required when the figure is {} ({}): this cell turns orange until it is written. Say why, and what is being done.", status, where);
}

}  // namespace

std::string template_name(const rules::RuleBook& book, const rules::Service& service, const Period& period) {
  // The service's name as ingest finds it in a file name (rules::service_in_name),
  // with its id beside it when another service's name says as much; characters
  // no file system allows become spaces.
  std::string name;
  for (char c : service.name) {
    char kept = std::string_view("/\\:*?\"<>|").find(c) == std::string_view::npos && static_cast<unsigned char>(c) >= 0x20 ? c : ' ';
    if (kept != ' ' || (!name.empty() && name.back() != ' ')) name += kept;
  }
  name = std::string(trim(name));
  // A file name holds at most 255 bytes: a name longer than 80 characters is cut, and the id then says whose it is.
  std::string short_name = chars(name) > 80 ? workbook::plain_text(name, 80) : name;
  for (std::string stem : {fmt::format("{} {}", short_name, period.file_name()), fmt::format("{} ({}) {}", short_name, service.id, period.file_name()),
                           fmt::format("{} {}", service.id, period.file_name())})
    if (stem.size() <= 240 && rules::service_in_name(book, stem) == &service) return stem + ".xlsx";
  throw Error(service.where, fmt::format("no file name for {}'s template would be read as {}'s: another service's name holds all of its name and id",
                                         service.name, service.id),
              "give the services names that differ in more than punctuation, or ids that are not words of another's name");
}

void write_template(const std::filesystem::path& path, const rules::RuleBook& book, const rules::Service& service, const Period& period,
                    Figures& history, const TemplateOptions& options) {
  std::vector<const rules::Indicator*> indicators;
  for (const auto& ind : book.indicators)
    if (ind.service == service.id) indicators.push_back(&ind);
  const auto& card = book.scorecard;
  const auto due_by = rules::deadline(service, period, card);
  const std::string not_due_word = word_for(book, State::not_due);
  // The service's own status is asked for where the rule file names its
  // column, or where the service gave one the period before.
  bool assessed = service.columns.assessed_named;
  for (const auto* ind : indicators)
    if (const Observation* o = history.find(ind->id, period.previous()); o && !o->assessed.empty()) assessed = true;

  write_whole(path, [&](const std::filesystem::path& temporary) {
    Book b(temporary, path.string(), false);
    const std::string title = fmt::format("{}: {} return for {}", card.name, service.name, period.str());
    b.describe(title, fmt::format("The return {} fills in for {}, due by {}", service.name, period.str(), iso(due_by)), "performance, return, template",
               "Written by kpiflow template from the rule file");
    Formats f = formats(b);
    const std::string sheet_name = sheet_for(service, period);
    lxw_worksheet* s = b.sheet(sheet_name);
    // The plan's actions under way, on a sheet of their own (ingest finds their table there).
    std::vector<const rules::Action*> actions;
    for (const auto& a : book.actions)
      if (a.service == service.id && rules::action_started(a, period, card)) actions.push_back(&a);
    lxw_worksheet* action_sheet = actions.empty() ? nullptr : b.sheet("Actions");
    lxw_worksheet* help = b.sheet("Instructions");
    lxw_worksheet* lists = b.sheet("Lists");

    // The lists the value and status cells take words from, on a hidden sheet.
    b.text(lists, 0, 0, "Missing-data words", b.bold);
    b.text(lists, 0, 1, "Statuses", b.bold);
    for (std::size_t i = 0; i < book.state_words.size(); ++i) b.text(lists, static_cast<int>(i) + 1, 0, book.state_words[i]);
    std::vector<std::string> statuses;
    for (Status st : card.levels == 5 ? std::vector<Status>{Status::red, Status::red_amber, Status::amber, Status::amber_green, Status::green}
                                      : std::vector<Status>{Status::red, Status::amber, Status::green})
      statuses.emplace_back(words_of(st));
    for (std::size_t i = 0; i < statuses.size(); ++i) b.text(lists, static_cast<int>(i) + 1, 1, statuses[i]);
    const std::string lists_name = b.name_of(lists);
    std::string quoted = "'";
    for (char c : lists_name) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    quoted += "'";
    const bool have_words = !book.state_words.empty();
    if (have_words) {
      std::string range = fmt::format("={}!$A$2:$A${}", quoted, book.state_words.size() + 1);
      b.check(workbook_define_name(b.get(), "MissingDataWords", range.c_str()), "name the missing-data words");
    }
    worksheet_hide(lists);

    // The metadata block, locked but for the date submitted.
    Layout at = layout_for(service);
    auto label = [&](const Field& field) {
      if (field.at.col > 0) b.text(s, static_cast<int>(field.at.row), static_cast<int>(field.at.col) - 1, field.label, f.label);
    };
    for (const Field* field : {&at.service, &at.period, &at.deadline, &at.owner, &at.submitted}) label(*field);
    b.text(s, static_cast<int>(at.service.at.row), static_cast<int>(at.service.at.col), service.name, f.label);
    b.text(s, static_cast<int>(at.period.at.row), static_cast<int>(at.period.at.col), period.str(), f.label);
    write_date(b, s, at.deadline.at, due_by, f.date);
    b.text(s, static_cast<int>(at.owner.at.row), static_cast<int>(at.owner.at.col),
           service.email.empty() ? service.owner : fmt::format("{} ({})", service.owner, service.email), f.locked_text);
    b.text(s, static_cast<int>(at.submitted.at.row), static_cast<int>(at.submitted.at.col), "", f.input_date);
    {
      lxw_data_validation v{};
      v.validate = LXW_VALIDATION_TYPE_DATE;
      v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
      auto first = period.first_day(card.year_start_month);
      auto last = std::chrono::year_month_day{std::chrono::sys_days{period.last_day(card.year_start_month)} + std::chrono::days{366}};
      v.minimum_datetime = lxw_datetime{static_cast<int>(first.year()), static_cast<int>(static_cast<unsigned>(first.month())),
                                        static_cast<int>(static_cast<unsigned>(first.day())), 0, 0, 0};
      v.maximum_datetime = lxw_datetime{static_cast<int>(last.year()), static_cast<int>(static_cast<unsigned>(last.month())),
                                        static_cast<int>(static_cast<unsigned>(last.day())), 0, 0, 0};
      validate_cell(b, s, at.submitted.at, v,
                    {"Date submitted", "The date you send this return, e.g. 13/10/2017.", "Not a date",
                     fmt::format("Type the date you send the return, on or after {}.", iso(first))});
    }

    // The table's columns.
    const int previous_shown = static_cast<int>(options.previous_periods);
    std::vector<Period> earlier;  // oldest first; the last is the period before
    // The period before always (ingest looks for its column); older ones where
    // the store has a figure of the service's, so a new council's template
    // has no empty columns.
    for (Period p = period.previous(); static_cast<int>(earlier.size()) < previous_shown; p = p.previous()) {
      bool held = earlier.empty();
      for (const auto* ind : indicators) held = held || history.find(ind->id, p) != nullptr;
      if (held) earlier.insert(earlier.begin(), p);
      if (p.year < period.year - 2) break;  // no further back than the store could help with
    }
    bool to_date_column = false;
    for (const auto* ind : indicators)
      if (is_year_to_date(ind->aggregation) && rules::due_in(*ind, period, card)) to_date_column = true;

    struct Column {
      std::string name;
      double width;
    };
    std::vector<Column> columns;
    auto column = [&](std::string name, double width) {
      columns.push_back({std::move(name), width});
      return static_cast<int>(columns.size()) - 1;
    };
    const auto& names = service.columns;
    // The first column holds the block's labels too: wide enough for "Date submitted" in bold.
    double first_width = 9;
    for (const Field* field : {&at.service, &at.period, &at.deadline, &at.owner, &at.submitted})
      if (field->at.col == 1) first_width = std::max(first_width, static_cast<double>(chars(field->label)) * 1.1 + 1);
    const int c_ref = column(heading(names.ref, period, "Ref"), first_width);
    const int c_title = column(heading(names.indicator, period, "Indicator"), 42);
    const int c_unit = column("Unit", 8);
    const int c_target = column(heading(names.target, period, "Target"), 12);
    const int c_to_date = to_date_column ? column(fmt::format("Target to {}", period.str()), 13) : -1;
    std::vector<int> c_earlier;
    for (std::size_t i = 0; i < earlier.size(); ++i)
      c_earlier.push_back(column(i + 1 == earlier.size() ? heading(names.previous, period, earlier[i].str()) : earlier[i].str(), 11));
    const int c_value = column(heading(names.value, period, period.str()), 13);
    const int c_commentary = column(heading(names.commentary, period, "Commentary"), 50);
    const int c_assessed = assessed ? column(heading(names.assessed, period, "RAG"), 11) : -1;
    const int c_reason = assessed ? column(heading(names.assessed_reason, period, "RAG reason"), 30) : -1;
    std::vector<std::pair<std::string, double>> header;
    for (const auto& c : columns) header.emplace_back(c.name, c.width);
    const int h = at.header_row;
    b.header(s, h, header);
    b.check(worksheet_set_row(s, static_cast<lxw_row_t>(h), 30, nullptr), "set the header row's height");
    worksheet_freeze_panes(s, static_cast<lxw_row_t>(h + 1), static_cast<lxw_col_t>(c_title + 1));

    // A row per indicator.
    int row = h + 1;
    for (const auto* ind : indicators) {
      const bool due = rules::due_in(*ind, period, card);
      b.text(s, row, c_ref, ind->id, due ? f.locked_text : f.not_due);
      b.text(s, row, c_title, ind->title, due ? f.locked_wrap : f.not_due);
      b.text(s, row, c_unit, unit_label(ind->unit), due ? f.locked_text : f.not_due);
      const rules::Target* target = rules::target_for(*ind, period);
      b.text(s, row, c_target, target ? target->text : "None", due ? b.right : f.not_due);
      for (std::size_t i = 0; i < earlier.size(); ++i) {
        const Observation* o = history.find(ind->id, earlier[i]);
        if (o && o->value) b.number(s, row, c_earlier[i], *o->value, previous_for(b, f, *ind));
        else if (o && o->state) b.text(s, row, c_earlier[i], word_for(book, *o->state), f.previous_text);
      }
      // Two lines at least, so there is room to write the commentary; more for a long title.
      const double title_lines = static_cast<double>(workbook::wrapped_lines(ind->title, 42));
      b.check(worksheet_set_row(s, static_cast<lxw_row_t>(row), 15 * std::max(due ? 2.0 : 1.0, title_lines), nullptr), "set a row's height");
      if (!due) {
        b.text(s, row, c_value, not_due_word, f.not_due);
        b.text(s, row, c_commentary, "Not due this period", f.not_due);
        if (c_to_date >= 0) b.text(s, row, c_to_date, "", f.not_due);
        ++row;
        continue;
      }
      const CellRef value_at{static_cast<std::uint32_t>(row), static_cast<std::uint32_t>(c_value)};
      const CellRef commentary_at{static_cast<std::uint32_t>(row), static_cast<std::uint32_t>(c_commentary)};
      const std::string value_a1 = to_a1(value_at), commentary_a1 = to_a1(commentary_at);
      if (c_to_date >= 0 && is_year_to_date(ind->aggregation)) {
        rules::Evaluation e = rules::evaluate(*ind, period, card, history);
        auto goal = rules::goal_for(*ind, period, card, e.last_year);
        if (goal && target && !target->for_period) {
          if (goal->kind == rules::Target::Kind::between) b.text(s, row, c_to_date, fmt::format("{} to {}", rules::shown(goal->low, *ind), rules::shown(goal->high, *ind)), b.right);
          else b.text(s, row, c_to_date, rules::shown(goal->low, *ind), b.right);  // 87.5, not 88: the profile's own figure
        }
      }
      b.text(s, row, c_value, "", input_for(b, f, *ind));
      b.text(s, row, c_commentary, "", f.input_wrap);
      if (assessed) {
        b.text(s, row, c_assessed, "", f.value_text);
        b.text(s, row, c_reason, "", f.input_wrap);
        validate_from_list(b, s, CellRef{static_cast<std::uint32_t>(row), static_cast<std::uint32_t>(c_assessed)}, statuses,
                           fmt::format("Your status for {}", ind->id),
                           "Pick your own status for the figure; kpiflow shows it beside the one the rule file gives.", "Pick a status from the list.");
      }

      // What the value cell takes: a figure in range, or a missing-data word.
      if (ind->unit != Unit::text) {
        std::string number = fmt::format("ISNUMBER({})", value_a1);
        if (ind->minimum) number = fmt::format("AND({},{}>={})", number, value_a1, constant(*ind->minimum));
        if (ind->minimum && ind->maximum) number.pop_back(), number += fmt::format(",{}<={})", value_a1, constant(*ind->maximum));
        else if (ind->maximum) number = fmt::format("AND({},{}<={})", number, value_a1, constant(*ind->maximum));
        std::string rule = have_words ? fmt::format("=OR({},ISNUMBER(MATCH({},MissingDataWords,0)))", number, value_a1) : "=" + number;
        std::string range = ind->minimum && ind->maximum ? fmt::format(" from {} to {}", rules::shown(*ind->minimum, *ind), rules::shown(*ind->maximum, *ind))
                            : ind->minimum                ? fmt::format(" of {} or more", rules::shown(*ind->minimum, *ind))
                            : ind->maximum                ? fmt::format(" of {} or less", rules::shown(*ind->maximum, *ind))
                                                          : std::string();
        std::string how = is_year_to_date(ind->aggregation) && ind->aggregation == rules::Aggregation::cumulative
                              ? fmt::format("{}'s own figure, not the year to date (kpiflow adds the year up)", period.str())
                          : ind->aggregation == rules::Aggregation::reported_cumulative ? "the year to date"
                                                                                         : std::string("the figure for ") + period.str();
        std::string expected = fmt::format("{}{}: {}.", unit_words(*ind), range, how);
        // A trajectory's Target column is the period's step: the year's is said here.
        if (target && target->for_period)
          if (auto year = ind->targets.find(period.financial_year()); year != ind->targets.end())
            expected += fmt::format(" Target {} for {} ({} for the year).", target->text, period.str(), year->second.text);
        std::string words = have_words ? fmt::format(" No figure? Type one of: {}.", words_list(book)) : std::string();
        std::string definition = ind->definition.empty() ? std::string() : std::string(trim(ind->definition)) + " ";
        std::string tail = expected + words;
        std::size_t room = chars(tail) + 1 < message_chars ? message_chars - chars(tail) : 0;
        std::string message = cut(definition, room) + tail;
        std::string error = fmt::format("{} takes {}{}.{} See the Instructions sheet.", ind->id, unit_words(*ind), range,
                                        have_words ? fmt::format(" If there is no figure, type one of: {}.", words_list(book)) : std::string());
        lxw_data_validation v{};
        v.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
        v.value_formula = rule.data();
        v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
        validate_cell(b, s, value_at, v, {fmt::format("{}: {}", ind->id, ind->title), message, fmt::format("Not a figure for {}", ind->id), error});
      }

      // The commentary cell lights up while the figure typed would need commentary.
      rules::CommentaryBounds bounds = ind->unit == Unit::text ? rules::CommentaryBounds{} : rules::commentary_bounds(*ind, period, card, history);
      if (bounds.any()) {
        std::string value_abs = "$" + value_a1;  // the column fixed, as Excel writes a conditional format's reference
        std::string either;
        if (bounds.at_or_below) either = fmt::format("{}<={}", value_abs, constant(*bounds.at_or_below));
        if (bounds.at_or_above) either += fmt::format("{}{}>={}", either.empty() ? "" : ",", value_abs, constant(*bounds.at_or_above));
        std::string rule = fmt::format("AND(ISNUMBER({}),LEN(TRIM({}))=0,OR({}))", value_abs, commentary_a1, either);
        lxw_conditional_format cf{};
        cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
        cf.value_string = rule.data();
        cf.format = f.needed;
        b.check(worksheet_conditional_format_cell(s, commentary_at.row, static_cast<lxw_col_t>(commentary_at.col), &cf),
                fmt::format("add the conditional format of {}", commentary_a1));
        lxw_data_validation v{};
        v.validate = LXW_VALIDATION_TYPE_ANY;
        validate_cell(b, s, commentary_at, v, {"Commentary", when_commentary(*ind, card, bounds), {}, {}});
      }
      ++row;
    }

    b.for_print(s, h, title, period.str());
    lxw_protection protection{};
    protection.format_columns = LXW_TRUE;  // widen a column to read, or write, a long commentary
    protection.format_rows = LXW_TRUE;
    worksheet_protect(s, options.password.empty() ? nullptr : options.password.c_str(), &protection);
    worksheet_activate(s);

    if (action_sheet != nullptr) {
      std::vector<std::string> progress_words = book.progress_word_list;
      if (progress_words.empty())
        for (const auto& entry : kpiflow::names<Progress>()) progress_words.emplace_back(entry.words);
      std::vector<std::string> rag{"Red", "Amber", "Green"};
      b.header(action_sheet, 0,
               {{"Ref", 8}, {fmt::format("Action for {}", period.financial_year()), 48}, {"Milestone", 16}, {"Progress", 24}, {"RAG", 9},
                {"Revised milestone", 18}, {"Commentary", 50}});
      b.check(worksheet_set_row(action_sheet, 0, 30, nullptr), "set the actions' header row's height");
      worksheet_freeze_panes(action_sheet, 1, 2);
      int line = 1;
      for (const auto* a : actions) {
        b.text(action_sheet, line, 0, a->id, f.locked_text);
        b.text(action_sheet, line, 1, a->title, f.locked_wrap);
        b.text(action_sheet, line, 2, a->milestone.text, f.locked_text);
        // Room to write in: two lines at least, as for a figure due.
        const double lines = static_cast<double>(workbook::wrapped_lines(a->title, 48));
        b.check(worksheet_set_row(action_sheet, static_cast<lxw_row_t>(line), 15 * std::max(2.0, lines), nullptr), "set an action's row height");
        for (int col : {3, 4, 5}) b.text(action_sheet, line, col, "", f.value_text);
        b.text(action_sheet, line, 6, "", f.input_wrap);
        auto cell = [&](int col) { return CellRef{static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(col)}; };
        validate_from_list(b, action_sheet, cell(3), progress_words, fmt::format("Progress of {}", a->id),
                           fmt::format("Where action {} stands at the end of {}. Re-phased: give the new milestone too.", a->id, period.str()),
                           "Pick the progress from the list.");
        validate_from_list(b, action_sheet, cell(4), rag, fmt::format("Your RAG for {}", a->id),
                           card.action_rag == rules::Scorecard::ActionRag::as_given
                               ? "Red: missed or will miss a milestone. Amber: at risk, with a recovery plan. Green: on schedule. The scorecard shows yours."
                               : "Red: missed or will miss a milestone. Amber: at risk, with a recovery plan. Green: on schedule. kpiflow checks it "
                                 "against the progress.",
                           "Pick Red, Amber or Green.");
        ++line;
      }
      b.for_print(action_sheet, 0, title, period.str());
      worksheet_protect(action_sheet, options.password.empty() ? nullptr : options.password.c_str(), &protection);
    }

    // Instructions.
    b.column(help, 0, 0, 100, b.wrap);
    int r = 0;
    b.text(help, r++, 0, title, b.title);
    std::vector<std::string> lines{
        fmt::format("Please fill in the sheet '{}' and send this workbook back by {} ({} working days after the period ends).", sheet_name,
                    iso(due_by), service.deadline_working_days),
        fmt::format("Keep the file's name and the sheet's layout: kpiflow reads the return as it is (service and period from the name \"{}\").",
                    path.filename().string()),
        "What to fill in: the pale yellow cells. Everything else is locked.",
        fmt::format("• {}: each indicator's figure for {}, in its unit (a percentage as 87.5%). Hover over the cell for what is counted.",
                    columns[static_cast<std::size_t>(c_value)].name, period.str()),
        have_words ? fmt::format("• No figure yet? Type one of these words instead, never a 0 or a blank: {}.", words_list(book))
                   : "• No figure yet? Leave the cell blank and say why in the commentary.",
        fmt::format("• {}: why the figure is what it is. It is required when the figure is {}: the cell turns orange until it is written.",
                    columns[static_cast<std::size_t>(c_commentary)].name,
                    card.commentary_for_red && card.commentary_for_amber ? "Red or Amber" : card.commentary_for_amber ? "Amber" : "Red"),
        "• Date submitted: the date you send the return.",
        "Grey rows are indicators not due this period: nothing to fill in.",
        earlier.size() == 1 ? fmt::format("The column {} shows your own figures for the period before, as the performance team holds them.", earlier.front().str())
                            : fmt::format("The columns {} to {} show your own figures for the periods before, as the performance team holds them.",
                                          earlier.front().str(), earlier.back().str()),
    };
    if (assessed) lines.push_back(fmt::format("• {}: your own status for the figure, from the list, and the reason for it.",
                                              columns[static_cast<std::size_t>(c_assessed)].name));
    if (action_sheet != nullptr)
      lines.push_back("• On the sheet 'Actions': each action's progress from the list, your RAG, a revised milestone if it is re-phased, and "
                      "commentary (required when it is Red or Amber).");
    if (!service.estimate_fills.empty())
      lines.push_back(fmt::format("An estimate: shade the figure's cell #{} (yellow) and say so in the commentary.", service.estimate_fills.front()));
    lines.push_back(options.contact.empty() ? std::string("Questions: ask the performance team.") : fmt::format("Questions: {}.", options.contact));
    for (const auto& line : lines) {
      b.text(help, r, 0, line, b.wrap);
      std::string copy = line;
      b.fit_row(help, r++, {{&copy, 100}});
    }
    r++;
    b.text(help, r++, 0, "Missing-data words and what they mean", b.subtitle);
    for (const auto& w : book.state_words) {
      auto state = book.state_of(w);
      b.text(help, r++, 0, fmt::format("{}: {}", w, state ? std::string(words_of(*state)) : std::string()));
    }
    worksheet_set_landscape(help);
    worksheet_fit_to_pages(help, 1, 0);
    worksheet_protect(help, options.password.empty() ? nullptr : options.password.c_str(), nullptr);
    worksheet_protect(lists, options.password.empty() ? nullptr : options.password.c_str(), nullptr);
    b.close();
  });
}

}  // namespace kpiflow::publish
