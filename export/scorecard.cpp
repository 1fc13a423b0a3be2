// scorecard.xlsx: what cabinet, directors and scrutiny see. Summary tables
// and charts, a row per indicator with its status, direction, trend and
// reason, the exceptions and the missing data; every sheet ready to print.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "export/export.hpp"
#include "export/shown.hpp"
#include "workbook/workbook.hpp"
#include "model/output_file.hpp"
#include "model/text.hpp"

namespace kpiflow::publish {

using workbook::Book;
using workbook::status_colour;
using workbook::status_letters;

namespace {

struct Layout {
  Book& b;
  const rules::RuleBook& book;
  const store::Store& store;  // the results are read from it as their rows are written
  const Bundle& bundle;
  const Scorecard& card;      // roll-ups and compliance
  bool five;
  std::string title, period;
  lxw_format* right_wrap = nullptr;  // words in a figures' column (an action's progress and milestone), wrapped
};

std::vector<std::pair<std::string, double>> status_columns(bool five) {
  std::vector<std::pair<std::string, double>> out{{"", 30}, {"Indicators", 11}, {"Green", 8}};
  if (five) out.push_back({"Amber-Green", 8});
  out.push_back({"Amber", 8});
  if (five) out.push_back({"Red-Amber", 8});
  out.insert(out.end(), {{"Red", 8}, {"M", 8}, {"Not due", 8}, {"Missing", 8}, {"% Green", 9}, {"% Amber", 9}, {"% Red", 9}});
  return out;
}

// A roll-up table of statuses; returns the row after it. Its first data
// row and count are given back for charts.
int status_table(Layout& l, lxw_worksheet* s, int row, const std::string& heading, const std::string& dimension,
                 std::vector<const Rollup*> rows, int* first_data_row = nullptr) {
  l.b.text(s, row++, 0, heading, l.b.subtitle);
  auto columns = status_columns(l.five);
  columns[0].first = dimension;
  // The widths the Summary's columns are given (summary_sheet).
  for (std::size_t c = 0; c < columns.size(); ++c) columns[c].second = c == 0 ? 30 : 10.5;
  l.b.headings(s, row, columns, 1);
  ++row;
  if (first_data_row) *first_data_row = row;
  for (const Rollup* r : rows) {
    const Tally& t = r->tally;
    int col = 0;
    l.b.text(s, row, col++, r->group);
    l.b.number(s, row, col++, t.indicators);
    l.b.number(s, row, col++, t.green);
    if (l.five) l.b.number(s, row, col++, t.amber_green);
    l.b.number(s, row, col++, t.amber);
    if (l.five) l.b.number(s, row, col++, t.red_amber);
    l.b.number(s, row, col++, t.red);
    l.b.number(s, row, col++, t.in_measurement + t.no_target + t.not_scored);
    l.b.number(s, row, col++, t.not_due);
    l.b.number(s, row, col++, t.missing);
    int with = t.with_status();
    for (int n : {t.green + t.amber_green, t.amber, t.red + t.red_amber}) {
      if (with > 0) l.b.number(s, row, col, static_cast<double>(n) / with, l.b.percent);
      else l.b.text(s, row, col, "-", l.b.centred);
      ++col;
    }
    ++row;
  }
  return row + 1;
}

std::vector<const Rollup*> rollups_of(const Scorecard& card, const std::string& dimension) {
  std::vector<const Rollup*> out;
  for (const auto& r : card.rollups)
    if (r.dimension == dimension) out.push_back(&r);
  return out;
}

std::vector<const ActionRollup*> action_rollups_of(const Scorecard& card, const std::string& dimension) {
  std::vector<const ActionRollup*> out;
  for (const auto& r : card.action_rollups)
    if (r.dimension == dimension) out.push_back(&r);
  return out;
}

// The actions counted as unitary councils publish them; returns the row after it.
int action_table(Layout& l, lxw_worksheet* s, int row, const std::string& heading, const std::string& dimension,
                 const std::vector<const ActionRollup*>& rows) {
  if (rows.empty()) return row;
  l.b.text(s, row++, 0, heading, l.b.subtitle);
  l.b.headings(s, row,
               {{dimension, 30}, {"Actions", 10.5}, {"Delivered", 10.5}, {"On target", 10.5}, {"Scheduled", 10.5}, {"Re-phased < 3 months", 10.5},
                {"Re-phased > 3 months", 10.5}, {"No longer viable", 10.5}, {"No update", 10.5}, {"Green", 10.5}, {"Amber", 10.5}, {"Red", 10.5},
                {"% delivered or on target", 10.5}},
               1);
  ++row;
  for (const ActionRollup* r : rows) {
    const ActionTally& t = r->tally;
    int col = 0;
    l.b.text(s, row, col++, r->group);
    for (int n : {t.actions, t.delivered, t.on_target, t.scheduled, t.rephased_minor, t.rephased_major, t.not_viable, t.no_update, t.green,
                  t.amber, t.red})
      l.b.number(s, row, col++, n);
    int under_way = t.actions - t.not_started;
    if (under_way > 0) l.b.number(s, row, col, static_cast<double>(t.delivered + t.on_target + t.scheduled) / under_way, l.b.percent);
    else l.b.text(s, row, col, "-", l.b.centred);
    ++row;
  }
  return row + 1;
}

std::string cell_ref(const std::string& sheet, int row, int col) {
  char buffer[16];
  lxw_rowcol_to_cell_abs(buffer, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), 1, 1);
  return fmt::format("='{}'!{}", sheet, buffer);
}

std::string range_ref(const std::string& sheet, int row, int col, int last_row, int last_col) {
  char a[16], z[16];
  lxw_rowcol_to_cell_abs(a, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), 1, 1);
  lxw_rowcol_to_cell_abs(z, static_cast<lxw_row_t>(last_row), static_cast<lxw_col_t>(last_col), 1, 1);
  return fmt::format("='{}'!{}:{}", sheet, a, z);
}

void summary_sheet(Layout& l, lxw_worksheet* s) {
  Book& b = l.b;
  const Tally all = l.card.rollups.empty() ? Tally{} : l.card.rollups.front().tally;
  b.text(s, 0, 0, l.title, b.title);
  b.text(s, 1, 0, fmt::format("Performance scorecard, {}", l.period), b.subtitle);
  int no_status = all.indicators - all.with_status();
  b.text(s, 3, 0,
         fmt::format("{} indicators: {} Green, {} Amber, {} Red; {} without a status ({} not due, {} missing, {} in measurement, "
                     "with no target or not scored).{}",
                     all.indicators, all.green + all.amber_green, all.amber + (l.five ? 0 : 0), all.red + all.red_amber + (l.five ? 0 : 0), no_status,
                     all.not_due, all.missing, all.in_measurement + all.no_target + all.not_scored,
                     all.assessed == 0 ? std::string()
                                       : fmt::format(" {} of the statuses {} assessed by the performance team against the figures (see each reason).",
                                                     all.assessed, all.assessed == 1 ? "was" : "were")));
  b.text(s, 4, 0,
         fmt::format("Direction of travel: {} improving, {} maintained, {} declining, {} with nothing to compare.", all.improving,
                     all.maintained, all.declining, all.direction_unknown));
  int received = 0, on_time = 0, undated = 0;
  for (const auto& c : l.card.compliance) {
    received += c.received;
    on_time += c.on_time && !c.received_on.empty();
    undated += c.received && c.received_on.empty();
  }
  b.text(s, 5, 0,
         fmt::format("Returns: {} of {} received, {} on time{}.", received, l.card.compliance.size(), on_time,
                     undated ? fmt::format(", {} with no date sent", undated) : std::string()));
  // The rule and the letters, as every published report opens with them.
  b.text(s, 6, 0, fmt::format("How statuses are given: {}", rules::rule_stated(l.book.scorecard)));
  b.text(s, 7, 0,
         fmt::format("Key: {}; M no status (missing, not due, in measurement or no target). Direction of travel: {} improving, "
                     "{} maintained, {} declining, M nothing to compare.",
                     l.five ? "G Green, AG Amber-Green, A Amber, RA Red-Amber, R Red" : "G Green, A Amber, R Red", arrow(Direction::improving),
                     arrow(Direction::maintained), arrow(Direction::declining)));
  b.column(s, 0, 0, 30);
  b.column(s, 1, 13, 10.5);
  int row = 9;
  if (auto all_actions = action_rollups_of(l.card, "All"); !all_actions.empty()) {
    b.text(s, 8, 0, actions_counted(all_actions.front()->tally));
    b.text(s, 9, 0, rules::action_rule_stated(l.book.scorecard));
    row = 11;
  }

  std::vector<const Rollup*> overall = rollups_of(l.card, "All");
  for (const Rollup* k : rollups_of(l.card, "Key KPIs")) overall.push_back(k);
  row = status_table(l, s, row, "Status", "", overall);
  int theme_first = 0;
  auto themes = rollups_of(l.card, "Theme");
  int after_themes = status_table(l, s, row, "Status by theme", "Theme", themes, &theme_first);
  row = status_table(l, s, after_themes, "Status by directorate", "Directorate", rollups_of(l.card, "Directorate"));
  row = status_table(l, s, row, "Status by service", "Service", rollups_of(l.card, "Service"));
  row = action_table(l, s, row, "Actions by theme", "Theme", action_rollups_of(l.card, "Theme"));
  row = action_table(l, s, row, "Actions by service", "Service", action_rollups_of(l.card, "Service"));

  // Direction of travel, overall and by service.
  b.text(s, row++, 0, "Direction of travel", b.subtitle);
  b.headings(s, row, {{"", 30}, {"Improving ↑", 10.5}, {"Maintained ↔", 10.5}, {"Declining ↓", 10.5}, {"M", 10.5}}, 1);
  ++row;
  int dot_first = row;
  std::vector<const Rollup*> dot_rows = rollups_of(l.card, "All");
  for (const Rollup* r : rollups_of(l.card, "Service")) dot_rows.push_back(r);
  for (const Rollup* r : dot_rows) {
    b.text(s, row, 0, r->group);
    b.number(s, row, 1, r->tally.improving);
    b.number(s, row, 2, r->tally.maintained);
    b.number(s, row, 3, r->tally.declining);
    b.number(s, row, 4, r->tally.direction_unknown);
    ++row;
  }
  ++row;

  // Return compliance.
  b.text(s, row++, 0, "Returns", b.subtitle);
  b.headings(s, row, {{"Service", 30}, {"Received", 10.5}, {"On time", 10.5}, {"Deadline", 10.5}, {"Received on", 10.5},
                      {"Figures given", 10.5}, {"Figures due", 10.5}, {"% given", 10.5}}, 5);
  ++row;
  for (const auto& c : l.card.compliance) {
    b.text(s, row, 0, c.name);
    b.text(s, row, 1, c.received ? "Yes" : "No", c.received ? nullptr : b.flag);
    b.text(s, row, 2,
           !c.received                 ? ""
           : c.received_on.empty()     ? "Date not given"
           : c.on_time                 ? "Yes"
                                       : fmt::format("{} days late", c.working_days_late),
           c.received && !c.on_time ? b.flag : nullptr);
    b.text(s, row, 3, c.deadline);
    b.text(s, row, 4, c.received_on);
    b.number(s, row, 5, c.figures_given);
    b.number(s, row, 6, c.figures_due);
    if (c.figures_due > 0) b.number(s, row, 7, static_cast<double>(c.figures_given) / c.figures_due, b.percent);
    ++row;
  }

  // Charts: status by theme (stacked bars) and direction of travel.
  if (!themes.empty()) {
    lxw_chart* chart = b.check(workbook_add_chart(b.get(), LXW_CHART_BAR_STACKED), "add the chart of status by theme");
    chart_title_set_name(chart, "Status by theme");
    int last = theme_first + static_cast<int>(themes.size()) - 1;
    auto columns = status_columns(l.five);
    for (std::size_t c = 2; c < columns.size() - 6; ++c) {
      std::optional<Status> status;
      for (const auto& entry : names<Status>())
        if (entry.words == columns[c].first) status = entry.value;
      lxw_chart_series* series = b.check(chart_add_series(chart, range_ref("Summary", theme_first, 0, last, 0).c_str(),
                                                          range_ref("Summary", theme_first, static_cast<int>(c), last, static_cast<int>(c)).c_str()),
                                         "add a series to the chart of status by theme");
      chart_series_set_name(series, cell_ref("Summary", theme_first - 1, static_cast<int>(c)).c_str());
      lxw_chart_fill fill{};
      fill.color = status_colour(status);
      chart_series_set_fill(series, &fill);
    }
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options place{};
    place.x_scale = 1.3;
    place.y_scale = 1.2;
    b.check(worksheet_insert_chart_opt(s, 9, 14, chart, &place), "insert the chart of status by theme");
  }
  lxw_chart* dot_chart = b.check(workbook_add_chart(b.get(), LXW_CHART_COLUMN), "add the chart of direction of travel");
  chart_title_set_name(dot_chart, "Direction of travel");
  // Improving, maintained and declining: "M" (nothing to compare) is no direction, and left out of the chart.
  lxw_chart_series* series = b.check(chart_add_series(dot_chart, range_ref("Summary", dot_first - 1, 1, dot_first - 1, 3).c_str(),
                                                      range_ref("Summary", dot_first, 1, dot_first, 3).c_str()),
                                     "add a series to the chart of direction of travel");
  chart_series_set_name(series, "All indicators");
  lxw_chart_fill fill{};
  fill.color = 0x0072B2;  // blue, from the same palette
  chart_series_set_fill(series, &fill);
  chart_legend_set_position(dot_chart, LXW_CHART_LEGEND_NONE);
  lxw_chart_options place{};
  place.x_scale = 1.3;
  b.check(worksheet_insert_chart_opt(s, 27, 14, dot_chart, &place), "insert the chart of direction of travel");

  b.for_print(s, -1, l.title, l.period);
}

void scorecard_sheet(Layout& l, lxw_worksheet* s) {
  Book& b = l.b;
  b.text(s, 0, 0, l.title, b.title);
  b.text(s, 1, 0, fmt::format("Scorecard, {}: status against target, direction of travel against the period before", l.period), b.subtitle);
  const int head = 3;
  b.header(s, head, {{"Ref", 8}, {"Indicator", 42}, {"Service", 18}, {"Previous", 12}, {"Current", 12}, {"Target", 13},
                     {"Variance", 11}, {"Status", 8}, {"Direction", 10}, {"Trend", 11}, {"Commentary", 44}, {"How the status was reached", 70}},
           {3, 4, 5, 6});
  b.text(s, head, 10, "Commentary", b.heading_prose);
  int row = head + 1;
  // Outcome by outcome, as published reports read: a heading row per theme
  // with its counts, its actions, then its indicators. Without themes, one
  // list, the actions after the indicators.
  auto themes = rollups_of(l.card, "Theme");
  auto action_themes = action_rollups_of(l.card, "Theme");
  const bool grouped = (!themes.empty() && !(themes.size() == 1 && themes.front()->group.empty())) ||
                       std::any_of(l.card.actions.begin(), l.card.actions.end(), [](const ActionResult& a) { return !a.theme.empty(); });
  lxw_format* group = b.check(workbook_add_format(b.get()), "add a format");
  format_set_bold(group);
  format_set_bg_color(group, 0xEDEDED);
  format_set_top(group, LXW_BORDER_THIN);
  lxw_format* part = b.check(workbook_add_format(b.get()), "add a format");
  format_set_italic(part);
  format_set_font_color(part, 0x595959);
  auto heading_row = [&](const std::string& text, lxw_format* f) {
    for (int c = 0; c < 12; ++c) b.text(s, row, c, c == 0 ? text : std::string(), f);
    ++row;
  };
  auto action_row = [&](const ActionResult& a) {
    const rules::Service* service = l.book.service(a.service);
    b.text(s, row, 0, a.action);
    b.text(s, row, 1, a.title, b.wrap);
    b.text(s, row, 2, service ? service->name : a.service, b.wrap);
    std::string progress = progress_words(a);
    const std::string& milestone = milestone_in_force(a);
    b.text(s, row, 4, progress, l.right_wrap);
    b.text(s, row, 5, milestone, l.right_wrap);
    b.text(s, row, 7, std::string(status_letters(a.status)), b.centred);
    b.text(s, row, 8, arrow(a.direction), b.centred);
    b.text(s, row, 10, a.commentary, b.prose);
    std::string why = action_why(a, service ? service->name : a.service);
    b.text(s, row, 11, why, b.wrap);
    b.fit_row(s, row, {{&a.title, 42}, {&a.commentary, 42.5}, {&why, 70}, {&progress, 12}, {&milestone, 13}});
    ++row;
  };
  auto counts_of = [&](const std::string& theme_name) {
    std::string counts;
    for (const Rollup* t : themes)
      if (t->group == theme_name)
        counts = fmt::format(": {} {}, {} Green, {} Amber, {} Red", t->tally.indicators, t->tally.indicators == 1 ? "indicator" : "indicators",
                             t->tally.green + t->tally.amber_green, t->tally.amber, t->tally.red + t->tally.red_amber);
    for (const ActionRollup* t : action_themes)
      if (t->group == (theme_name.empty() ? "(no theme)" : theme_name))
        counts += fmt::format("{} {} {}, {} Green, {} Amber, {} Red", counts.empty() ? ":" : ";", t->tally.actions,
                              t->tally.actions == 1 ? "action" : "actions", t->tally.green, t->tally.amber, t->tally.red);
    return counts;
  };
  std::set<std::string> actions_shown;  // themes whose actions are written
  auto theme_actions = [&](const std::string& theme_name, bool measures_follow) {
    if (!actions_shown.insert(theme_name).second) return;
    bool any = false;
    for (const ActionResult& a : l.card.actions) {
      if (a.theme != theme_name) continue;
      if (!any && grouped) heading_row("Actions", part);
      any = true;
      action_row(a);
    }
    if (any && measures_follow) heading_row("Measures", part);
  };
  std::optional<std::string> theme;
  l.store.each_result(l.period, [&](const Result& r) {
    if (grouped && (!theme || *theme != r.theme)) {
      theme = r.theme;
      heading_row((r.theme.empty() ? std::string("No theme") : r.theme) + counts_of(r.theme), group);
      theme_actions(r.theme, true);
    }
    const rules::Service* service = l.book.service(r.service);
    lxw_format* f = b.figure(r.unit, r.decimals);
    b.text(s, row, 0, r.indicator);
    b.text(s, row, 1, r.title, b.wrap);
    b.text(s, row, 2, r.parts.empty() ? (service ? service->name : r.service) : "Shared target", b.wrap);
    b.maybe(s, row, 3, r.compared_with, f);
    if (r.scored) b.number(s, row, 4, *r.scored, b.figure(r.unit, r.decimals, r.estimated));
    else b.text(s, row, 4, r.raw.empty() ? state_words(r.state) : excerpt(r.raw, 40));
    // Text in the figures' columns lines up with them, on the right.
    if (r.goal_low && r.goal_high && *r.goal_low != *r.goal_high)
      b.text(s, row, 5, r.target, b.right);
    else if (r.goal_low)
      b.number(s, row, 5, *r.goal_low, f);
    else
      b.text(s, row, 5, r.target.empty() ? "No target" : r.target, b.right);
    b.maybe(s, row, 6, r.variance, f);
    b.text(s, row, 7, std::string(status_letters(r.status)), b.centred);
    b.text(s, row, 8, arrow(r.direction), b.centred);
    b.text(s, row, 9, l.bundle.trend(r.indicator));
    b.text(s, row, 10, r.commentary, b.prose);
    std::string why = r.reason;
    if (!r.direction_reason.empty() && r.direction != Direction::unknown) why += ". Direction: " + r.direction_reason;
    if (r.estimated) why += ". The figure is an estimate.";
    if (r.service_status)
      why += fmt::format(". {} rates it {}{}", service ? service->name : r.service, words_of(*r.service_status),
                         r.service_reason.empty() ? std::string() : fmt::format(": '{}'", excerpt(r.service_reason, 200)));
    b.text(s, row, 11, why, b.wrap);
    b.fit_row(s, row, {{&r.title, 42}, {&r.commentary, 42.5}, {&why, 70}});  // commentary set in by its indent
    ++row;
  }, grouped ? store::Store::Order::by_theme : store::Store::Order::rule_file);
  // Themes with actions and no measures; without themes, the actions after the measures.
  for (const ActionResult& a : l.card.actions) {
    if (actions_shown.count(a.theme)) continue;
    heading_row(grouped ? (a.theme.empty() ? std::string("No theme") : a.theme) + counts_of(a.theme) : std::string("Actions"), group);
    theme_actions(a.theme, false);
  }
  // The status colours as conditional formats, so a corrected letter recolours itself.
  for (std::optional<Status> status : {std::optional<Status>(Status::red), std::optional<Status>(Status::red_amber),
                                       std::optional<Status>(Status::amber), std::optional<Status>(Status::amber_green),
                                       std::optional<Status>(Status::green), std::optional<Status>()}) {
    lxw_conditional_format rule{};
    rule.type = LXW_CONDITIONAL_TYPE_CELL;
    rule.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    std::string quoted = fmt::format("\"{}\"", status_letters(status));
    rule.value_string = quoted.data();
    rule.format = b.status(status);
    b.check(worksheet_conditional_format_range(s, head + 1, 7, static_cast<lxw_row_t>(std::max(row - 1, head + 1)), 7, &rule),
            "colour the status column");
  }
  b.filter(s, head, 0, row - 1, 11);
  // The key, a line each, so that printing one page wide does not shrink the page to one long line.
  int key = row + 1;
  b.text(s, key++, 0, "Status: G on target, A within tolerance, R beyond it, M no status (see Missing data). Shaded figures are estimates.");
  b.text(s, key++, 0, "Direction: ↑ better, ↔ maintained, ↓ worse than the figure compared with (polarity applied). Trend: the last periods' "
                      "figures, oldest first.");
  if (!l.card.actions.empty()) {
    b.text(s, key++, 0, rules::action_rule_stated(l.book.scorecard));
    b.text(s, key++, 0, "An action's Current is its progress, its Target its milestone, its direction its RAG against the period before's.");
  }
  b.for_print(s, head, l.title, l.period);
}

void exceptions_sheet(Layout& l, lxw_worksheet* s, const Options& options) {
  Book& b = l.b;
  b.text(s, 0, 0, l.title, b.title);
  b.text(s, 1, 0,
         fmt::format("Exceptions, {}: indicators {} target{}", l.period, options.amber_exceptions ? "Red or Amber against" : "Red against",
                     l.card.actions.empty() ? "" : options.amber_exceptions ? ", and actions Red or Amber" : ", and actions Red"),
         b.subtitle);
  const int head = 3;
  b.header(s, head, {{"Ref", 8}, {"Indicator", 42}, {"Service", 18}, {"Status", 8}, {"Current", 12}, {"Target", 13}, {"Commentary", 60},
                     {"Chase", 30}},
           {4, 5});
  b.text(s, head, 6, "Commentary", b.heading_prose);
  int row = head + 1;
  l.store.each_result(l.period, [&](const Result& r) {
    bool red = r.status && is_red(*r.status);
    bool amber = r.status && is_amber(*r.status);
    if (!red && !(amber && options.amber_exceptions)) return;
    const rules::Service* service = l.book.service(r.service);
    lxw_format* f = b.figure(r.unit, r.decimals);
    b.text(s, row, 0, r.indicator);
    b.text(s, row, 1, r.title, b.wrap);
    b.text(s, row, 2, service ? service->name : r.service, b.wrap);
    b.text(s, row, 3, std::string(status_letters(r.status)), b.status(r.status));
    b.maybe(s, row, 4, r.scored, b.figure(r.unit, r.decimals, r.estimated));
    // Text in the figures' columns lines up with them, on the right, as on the Scorecard.
    if (r.goal_low && r.goal_high && *r.goal_low != *r.goal_high) b.text(s, row, 5, r.target, b.right);
    else b.maybe(s, row, 5, r.goal_low, f);
    b.text(s, row, 6, r.commentary, b.prose);
    if (r.commentary.empty() && r.parts.empty())
      b.text(s, row, 7, service && !service->owner.empty() ? fmt::format("No commentary: ask {}", service->owner) : "No commentary", b.flag);
    b.fit_row(s, row, {{&r.title, 42}, {&r.commentary, 58.5}});
    ++row;
  });
  // Actions off track: Red, and Amber where Amber indicators are shown.
  for (const ActionResult& a : l.card.actions) {
    bool red = a.status && is_red(*a.status), amber = a.status && is_amber(*a.status);
    if (!red && !(amber && options.amber_exceptions)) continue;
    const rules::Service* service = l.book.service(a.service);
    std::string title = "Action: " + a.title;
    std::string progress = progress_words(a);
    const std::string& milestone = milestone_in_force(a);
    b.text(s, row, 0, a.action);
    b.text(s, row, 1, title, b.wrap);
    b.text(s, row, 2, service ? service->name : a.service, b.wrap);
    b.text(s, row, 3, std::string(status_letters(a.status)), b.status(a.status));
    b.text(s, row, 4, progress, l.right_wrap);
    b.text(s, row, 5, milestone, l.right_wrap);
    b.text(s, row, 6, a.commentary, b.prose);
    if (a.commentary.empty())
      b.text(s, row, 7, service && !service->owner.empty() ? fmt::format("No commentary: ask {}", service->owner) : "No commentary", b.flag);
    b.fit_row(s, row, {{&title, 42}, {&a.commentary, 58.5}, {&progress, 12}, {&milestone, 13}});
    ++row;
  }
  if (row == head + 1) b.text(s, row, 0, "None this period.");
  b.for_print(s, head, l.title, l.period);
}

// Every action of the plan in the period, theme by theme as the rule file lists them.
void actions_sheet(Layout& l, lxw_worksheet* s) {
  Book& b = l.b;
  b.text(s, 0, 0, l.title, b.title);
  b.text(s, 1, 0, fmt::format("Actions, {}: progress against milestone, RAG, direction of travel against the period before", l.period), b.subtitle);
  const int head = 3;
  b.header(s, head, {{"Ref", 8}, {"Action", 44}, {"Theme", 20}, {"Service", 16}, {"Lead", 18}, {"Milestone", 15}, {"Progress", 16},
                     {"RAG", 7}, {"Direction", 10}, {"Commentary", 44}, {"How the RAG was reached", 56}});
  b.text(s, head, 9, "Commentary", b.heading_prose);
  int row = head + 1;
  std::vector<const ActionResult*> ordered;
  for (const auto& a : l.card.actions) ordered.push_back(&a);
  // Theme by theme, each where its first action is.
  std::map<std::string, std::size_t> theme_at;
  for (const auto* a : ordered) theme_at.emplace(a->theme, theme_at.size());
  std::stable_sort(ordered.begin(), ordered.end(), [&](const ActionResult* x, const ActionResult* y) { return theme_at[x->theme] < theme_at[y->theme]; });
  for (const ActionResult* a : ordered) {
    const rules::Service* service = l.book.service(a->service);
    std::string milestone = a->revised.empty() ? a->milestone : fmt::format("{} (was {})", a->revised, a->milestone);
    b.text(s, row, 0, a->action);
    b.text(s, row, 1, a->title, b.wrap);
    b.text(s, row, 2, a->theme, b.wrap);
    b.text(s, row, 3, service ? service->name : a->service, b.wrap);
    b.text(s, row, 4, a->lead, b.wrap);
    b.text(s, row, 5, milestone, b.wrap);
    std::string progress = progress_words(*a);
    b.text(s, row, 6, progress, b.wrap);
    b.text(s, row, 7, std::string(status_letters(a->status)), b.status(a->status));
    b.text(s, row, 8, arrow(a->direction), b.centred);
    b.text(s, row, 9, a->commentary, b.prose);
    std::string why = action_why(*a, service ? service->name : a->service);
    b.text(s, row, 10, why, b.wrap);
    b.fit_row(s, row, {{&a->title, 44}, {&a->theme, 20}, {&milestone, 15}, {&progress, 16}, {&a->commentary, 42.5}, {&why, 56}});
    ++row;
  }
  b.filter(s, head, 0, row - 1, 10);
  b.text(s, row + 1, 0, rules::action_rule_stated(l.book.scorecard) + " Direction: ↑ a better RAG than the period before, ↔ the same, ↓ worse; M none to compare.");
  b.for_print(s, head, l.title, l.period);
}

void missing_sheet(Layout& l, lxw_worksheet* s) {
  Book& b = l.b;
  b.text(s, 0, 0, l.title, b.title);
  b.text(s, 1, 0,
         fmt::format("Missing data, {}: indicators{} with no status, by service", l.period, l.card.actions.empty() ? "" : " and actions"),
         b.subtitle);
  const int head = 3;
  b.header(s, head, {{"Service", 22}, {"Ref", 8}, {"Indicator", 44}, {"State", 14}, {"Why", 80}});
  int row = head + 1;
  l.store.each_result(l.period, [&](const Result& r) {
    if (!r.state) return;
    const rules::Service* service = l.book.service(r.service);
    b.text(s, row, 0, r.parts.empty() ? (service ? service->name : r.service) : "Shared target");
    b.text(s, row, 1, r.indicator);
    b.text(s, row, 2, r.title, b.wrap);
    b.text(s, row, 3, state_words(r.state), r.state == State::missing ? b.flag : nullptr);
    b.text(s, row, 4, r.reason, b.wrap);
    b.fit_row(s, row, {{&r.title, 44}, {&r.reason, 80}});
    ++row;
  });
  // Actions with no RAG: no update, or a progress not known (not those not yet begun).
  for (const ActionResult& a : l.card.actions) {
    if (!a.state || *a.state == State::not_due) continue;
    const rules::Service* service = l.book.service(a.service);
    std::string title = "Action: " + a.title;
    b.text(s, row, 0, service ? service->name : a.service);
    b.text(s, row, 1, a.action);
    b.text(s, row, 2, title, b.wrap);
    b.text(s, row, 3, state_words(a.state), a.state == State::missing ? b.flag : nullptr);
    b.text(s, row, 4, a.reason, b.wrap);
    b.fit_row(s, row, {{&title, 44}, {&a.reason, 80}});
    ++row;
  }
  if (row == head + 1) b.text(s, row, 0, "None this period.");
  b.filter(s, head, 0, row - 1, 4);
  b.for_print(s, head, l.title, l.period);
}

}  // namespace

void write_scorecard(const std::filesystem::path& path, const rules::RuleBook& book, const store::Store& store, const Bundle& bundle,
                     const Options& options) {
  write_whole(path, [&](const std::filesystem::path& temporary) {
    Book b(temporary, path.string(), store.result_count(bundle.period.str()) >= options.constant_memory_rows);
    Layout l{b, book, store, bundle, bundle.current, book.scorecard.levels == 5, book.scorecard.name, bundle.period.str()};
    l.right_wrap = b.check(workbook_add_format(b.get()), "add a format");
    format_set_align(l.right_wrap, LXW_ALIGN_RIGHT);
    format_set_align(l.right_wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(l.right_wrap);
    std::string title = fmt::format("{}: scorecard, {}", book.scorecard.name, l.period);
    b.describe(title, "Performance against target, direction of travel and exceptions", "performance, scorecard, RAG",
               "Statuses and their reasons are worked out by kpiflow transform (docs/transform.md)");

    summary_sheet(l, b.sheet("Summary"));
    scorecard_sheet(l, b.sheet("Scorecard"));
    exceptions_sheet(l, b.sheet("Exceptions"), options);
    if (!l.card.actions.empty()) actions_sheet(l, b.sheet("Actions"));
    missing_sheet(l, b.sheet("Missing data"));
    b.close();
  });
}

}  // namespace kpiflow::publish
