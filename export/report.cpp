// scorecard.html: the report a council puts on its website. One file, its
// style and charts inside it (inline CSS and SVG, no script): the Summary
// with its charts, the scorecard outcome by outcome (actions, then
// measures), the exceptions and the missing data. Real tables with
// captions and headers; every status in words as well as colour, on
// colours whose contrast with the text is at least 4.5:1 (WCAG AA).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "export/export.hpp"
#include "export/shown.hpp"
#include "model/output_file.hpp"
#include "model/text.hpp"
#include "workbook/workbook.hpp"

namespace kpiflow::publish {

namespace {

std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string hex(std::uint32_t rgb) { return fmt::format("#{:06X}", rgb); }

// The class a status is shown with: its colour comes from the workbook's palette.
std::string status_class(std::optional<Status> status) { return status ? fmt::format("s-{}", name_of(*status)) : std::string("s-M"); }

std::string status_cell(std::optional<Status> status, std::optional<State> state = std::nullopt) {
  std::string words = status ? std::string(words_of(*status)) : state ? state_words(state) : std::string("No status");
  return fmt::format(R"(<td class="status {}"><span class="letter" aria-hidden="true">{}</span> {}</td>)", status_class(status),
                     escaped(workbook::status_letters(status)), escaped(words));
}

std::string direction_cell(Direction d) {
  if (d == Direction::unknown) return R"(<td class="dir">Nothing to compare</td>)";
  return fmt::format(R"(<td class="dir"><span aria-hidden="true">{}</span> {}</td>)", escaped(arrow(d)), escaped(words_of(d)));
}

std::string figure(std::optional<double> value, const Result& r) {
  if (!value) return {};
  rules::Indicator shape;
  shape.unit = r.unit;
  shape.decimals = r.decimals;
  return rules::shown(*value, shape);
}

const char* style = R"css(
:root { color: #1a1a1a; background: #ffffff; font-family: "DejaVu Sans", Arial, sans-serif; font-size: 15px; line-height: 1.4; }
body { max-width: 78rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { color: #1f3864; font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { color: #1f3864; font-size: 1.25rem; margin-top: 2rem; border-bottom: 2px solid #1f3864; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
p.lede { color: #404040; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border-bottom: 1px solid #d0d0d0; padding: 0.3rem 0.45rem; vertical-align: top; text-align: left; }
thead th { background: #dde3f0; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n, tbody th { white-space: nowrap; }
td.status { font-weight: bold; white-space: nowrap; }
td.dir { white-space: nowrap; }
span.letter { display: inline-block; min-width: 1.6em; }
.key { background: #f3f3f3; padding: 0.6rem 0.9rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure { margin: 0; }
figcaption { font-weight: bold; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; }
a { color: #1f3864; }
@media print { h2 { break-before: page; } nav { display: none; } }
)css";

struct Writer {
  const rules::RuleBook& book;
  const store::Store& store;
  const Bundle& bundle;
  const Options& options;
  std::string out;

  void line(std::string_view text) {
    out += text;
    out += '\n';
  }
  std::string service_name(const std::string& id) const {
    const rules::Service* s = book.service(id);
    return s ? s->name : id;
  }

  std::string css() const {
    std::string colours;
    for (std::optional<Status> s : {std::optional<Status>(Status::red), std::optional<Status>(Status::red_amber), std::optional<Status>(Status::amber),
                                    std::optional<Status>(Status::amber_green), std::optional<Status>(Status::green), std::optional<Status>()})
      colours += fmt::format("td.{} {{ background: {}; color: #000000; }}\n", status_class(s), hex(workbook::status_colour(s)));
    return style + colours;
  }

  // Stacked bars of Green, Amber, Red and no status per group, drawn to scale, each labelled.
  std::string status_chart(const std::vector<const Rollup*>& rows, const std::string& title) const {
    if (rows.empty()) return {};
    const int label_w = 230, bar_w = 420, row_h = 30, top = 10;
    int most = 1;
    for (const Rollup* r : rows) most = std::max(most, r->tally.indicators);
    int height = top + static_cast<int>(rows.size()) * row_h + 30;
    std::string svg = fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" role="img" aria-label="{}"><title>{}</title>)",
                                  label_w + bar_w + 20, height, escaped(title), escaped(title));
    int y = top;
    for (const Rollup* r : rows) {
      const Tally& t = r->tally;
      svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" font-size="13">{}</text>)", label_w - 8, y + 18, escaped(excerpt(r->group, 34)));
      double x = label_w;
      for (auto [n, status, word] : {std::tuple{t.green + t.amber_green, std::optional<Status>(Status::green), "Green"},
                                     std::tuple{t.amber, std::optional<Status>(Status::amber), "Amber"},
                                     std::tuple{t.red + t.red_amber, std::optional<Status>(Status::red), "Red"},
                                     std::tuple{t.indicators - t.with_status(), std::optional<Status>(), "no status"}}) {
        if (n <= 0) continue;
        double w = static_cast<double>(bar_w) * n / most;
        svg += fmt::format(R"(<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}"><title>{}: {} {}</title></rect>)", x, y + 4, w, row_h - 8,
                           hex(workbook::status_colour(status)), escaped(r->group), n, word);
        svg += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle" font-size="12">{}</text>)", x + w / 2, y + 19, n);
        x += w;
      }
      y += row_h;
    }
    svg += fmt::format(R"(<text x="{}" y="{}" font-size="12">Indicators by status: Green, Amber, Red, grey no status</text>)", label_w, y + 16);
    return svg + "</svg>";
  }

  std::string direction_chart(const Tally& t) const {
    const int w = 360, h = 200, base = 160;
    int most = std::max({1, t.improving, t.maintained, t.declining});
    const std::string label = fmt::format("Direction of travel: {} improving, {} maintained, {} declining", t.improving, t.maintained, t.declining);
    std::string svg = fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" role="img" aria-label="{}"><title>{}</title>)",
                                  w, h, label, label);
    int x = 30;
    for (auto [n, word] : {std::pair{t.improving, "Improving ↑"}, std::pair{t.maintained, "Maintained ↔"}, std::pair{t.declining, "Declining ↓"}}) {
      int bar = 130 * n / most;
      svg += fmt::format(R"(<rect x="{}" y="{}" width="80" height="{}" fill="#0072B2"><title>{}: {}</title></rect>)", x, base - bar, bar, word, n);
      svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" font-size="13">{}</text>)", x + 40, base - bar - 5, n);
      svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" font-size="13">{}</text>)", x + 40, base + 18, word);
      x += 110;
    }
    return svg + "</svg>";
  }

  // A table of counts, a row per group, its headings over the figures.
  // shares: each count after the first also as a share of the first ("3 (75%)").
  void counts_table(const std::string& caption, const std::string& dimension, const std::vector<std::string>& headings,
                    const std::vector<std::pair<std::string, std::vector<int>>>& rows, bool shares = false) {
    if (rows.empty()) return;
    std::string head = fmt::format(R"(<th scope="col">{}</th>)", escaped(dimension));
    for (const auto& h : headings) head += fmt::format(R"(<th scope="col" class="n">{}</th>)", escaped(h));
    line(fmt::format("<table><caption>{}</caption><thead><tr>{}</tr></thead><tbody>", escaped(caption), head));
    for (const auto& [group, counts] : rows) {
      std::string cells;
      for (std::size_t i = 0; i < counts.size(); ++i) {
        std::string share = shares && i > 0 && counts[0] > 0 ? fmt::format(" <small>({}%)</small>", rules::shown_share(static_cast<double>(counts[i]) / counts[0])) : "";
        cells += fmt::format(R"(<td class="n">{}{}</td>)", counts[i], share);
      }
      line(fmt::format(R"(<tr><th scope="row">{}</th>{}</tr>)", escaped(group), cells));
    }
    line("</tbody></table>");
  }

  void summary() {
    const Scorecard& card = bundle.current;
    const Tally all = card.rollups.empty() ? Tally{} : card.rollups.front().tally;
    line(R"(<section id="summary"><h2>Summary</h2>)");
    line(fmt::format("<p>{} indicators: {} Green, {} Amber, {} Red; {} without a status ({} not due, {} missing, {} in measurement, with no "
                     "target or not scored). Direction of travel: {} improving, {} maintained, {} declining.</p>",
                     all.indicators, all.green + all.amber_green, all.amber, all.red + all.red_amber, all.indicators - all.with_status(), all.not_due,
                     all.missing, all.in_measurement + all.no_target + all.not_scored, all.improving, all.maintained, all.declining));
    for (const auto& r : card.action_rollups)
      if (r.dimension == "All") line("<p>" + escaped(actions_counted(r.tally)) + "</p>");
    std::vector<const Rollup*> themes;
    for (const auto& r : card.rollups)
      if (r.dimension == "Theme") themes.push_back(&r);
    line(R"(<div class="charts">)");
    if (!themes.empty())
      line(R"(<figure><figcaption>Status by theme</figcaption>)" + status_chart(themes, "Status of indicators by theme") + "</figure>");
    line(R"(<figure><figcaption>Direction of travel</figcaption>)" + direction_chart(all) + "</figure>");
    line("</div>");
    for (const char* dimension : {"Theme", "Service"}) {
      std::vector<std::pair<std::string, std::vector<int>>> rows;
      for (const auto& r : card.rollups)
        if (r.dimension == dimension) {
          const Tally& t = r.tally;
          rows.push_back({r.group, {t.indicators, t.green + t.amber_green, t.amber, t.red + t.red_amber, t.indicators - t.with_status(), t.improving,
                                    t.maintained, t.declining}});
        }
      counts_table(fmt::format("Indicators by {}", ascii_lower(dimension)), dimension,
                   {"Indicators", "Green", "Amber", "Red", "No status", "Improving", "Maintained", "Declining"}, rows);
    }
    for (const char* dimension : {"Theme", "Service"}) {
      std::vector<std::pair<std::string, std::vector<int>>> rows;
      for (const auto& r : card.action_rollups)
        if (r.dimension == dimension) {
          const ActionTally& t = r.tally;
          rows.push_back({r.group, {t.actions, t.delivered, t.on_target, t.scheduled, t.rephased_minor, t.rephased_major, t.not_viable,
                                    t.no_update, t.green, t.amber, t.red}});
        }
      counts_table(fmt::format("Actions by {}", ascii_lower(dimension)), dimension,
                   {"Actions", "Delivered", "On target", "Scheduled", "Re-phased under 3 months", "Re-phased over 3 months", "No longer viable",
                    "No update", "Green", "Amber", "Red"},
                   rows, true);
    }
    line("</section>");
  }

  void action_rows(const std::vector<const ActionResult*>& actions, const std::string& caption) {
    if (actions.empty()) return;
    line(fmt::format(R"(<table><caption>{}</caption><thead><tr><th scope="col">Ref</th><th scope="col">Action</th><th scope="col">Milestone</th>)"
                     R"(<th scope="col">Progress</th><th scope="col">RAG</th><th scope="col">Direction</th><th scope="col">Commentary</th></tr></thead><tbody>)",
                     escaped(caption)));
    for (const ActionResult* a : actions) {
      line(fmt::format(R"(<tr><th scope="row">{}</th><td>{}<br><small>{}</small></td><td>{}</td><td>{}</td>{}{}<td>{}</td></tr>)", escaped(a->action),
                       escaped(a->title), escaped(service_name(a->service)), escaped(milestone_in_force(*a)),
                       escaped(progress_words(*a)), status_cell(a->status, a->state), direction_cell(a->direction), escaped(a->commentary)));
    }
    line("</tbody></table>");
  }

  void measure_header(const std::string& caption) {
    line(fmt::format(R"(<table><caption>{}</caption><thead><tr><th scope="col">Ref</th><th scope="col">Indicator</th><th scope="col" class="n">Previous</th>)"
                     R"(<th scope="col" class="n">Current</th><th scope="col" class="n">Target</th><th scope="col">Status</th><th scope="col">Direction</th>)"
                     R"(<th scope="col">Commentary</th></tr></thead><tbody>)",
                     escaped(caption)));
  }
  void measure_row(const Result& r) {
    std::string current = r.scored ? figure(r.scored, r) : r.raw.empty() ? state_words(r.state) : excerpt(r.raw, 40);
    std::string target = r.goal_low && (!r.goal_high || *r.goal_low == *r.goal_high) ? figure(r.goal_low, r) : r.target.empty() ? "No target" : r.target;
    line(fmt::format(R"(<tr><th scope="row">{}</th><td>{}<br><small>{}</small></td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td>{}{}<td>{}</td></tr>)",
                     escaped(r.indicator), escaped(r.title), escaped(r.parts.empty() ? service_name(r.service) : "Shared target"),
                     escaped(figure(r.compared_with, r)), escaped(current), escaped(target), status_cell(r.status, r.state), direction_cell(r.direction),
                     escaped(r.commentary)));
  }

  void scorecard() {
    const Scorecard& card = bundle.current;
    line(R"(<section id="scorecard"><h2>Scorecard by outcome</h2>)");
    std::optional<std::string> theme;
    std::set<std::string> themes_done;
    bool open = false;
    auto actions_of = [&](const std::string& name) {
      std::vector<const ActionResult*> found;
      for (const auto& a : card.actions)
        if (a.theme == name) found.push_back(&a);
      return found;
    };
    store.each_result(bundle.period.str(), [&](const Result& r) {
      if (!theme || *theme != r.theme) {
        if (open) line("</tbody></table>");
        theme = r.theme;
        themes_done.insert(r.theme);
        std::string name = r.theme.empty() ? "No theme" : r.theme;
        line(fmt::format("<h3>{}</h3>", escaped(name)));
        action_rows(actions_of(r.theme), name + ": actions");
        measure_header(name + ": measures");
        open = true;
      }
      measure_row(r);
    }, store::Store::Order::by_theme);
    if (open) line("</tbody></table>");
    std::vector<std::string> rest;
    for (const auto& a : card.actions)
      if (!themes_done.count(a.theme) && std::find(rest.begin(), rest.end(), a.theme) == rest.end()) rest.push_back(a.theme);
    for (const auto& name : rest) {
      line(fmt::format("<h3>{}</h3>", escaped(name.empty() ? "No theme" : name)));
      action_rows(actions_of(name), (name.empty() ? "No theme" : name) + ": actions");
    }
    line("</section>");
  }

  void exceptions() {
    line(R"(<section id="exceptions"><h2>Exceptions</h2>)");
    line(fmt::format("<p>Indicators and actions {} this period, with what their service says.</p>",
                     options.amber_exceptions ? "Red or Amber" : "Red"));
    bool any = false;
    auto off = [&](std::optional<Status> s) { return s && (is_red(*s) || (options.amber_exceptions && is_amber(*s))); };
    store.each_result(bundle.period.str(), [&](const Result& r) {
      if (!off(r.status)) return;
      if (!any) measure_header("Indicators off target");
      any = true;
      measure_row(r);
    });
    if (any) line("</tbody></table>");
    std::vector<const ActionResult*> actions;
    for (const auto& a : bundle.current.actions)
      if (off(a.status)) actions.push_back(&a);
    action_rows(actions, "Actions off track");
    if (!any && actions.empty()) line("<p>None this period.</p>");
    line("</section>");
  }

  void missing() {
    line(R"(<section id="missing"><h2>Missing data</h2>)");
    bool any = false;
    store.each_result(bundle.period.str(), [&](const Result& r) {
      if (!r.state) return;
      if (!any)
        line(R"(<table><caption>Indicators with no status</caption><thead><tr><th scope="col">Ref</th><th scope="col">Indicator</th>)"
             R"(<th scope="col">Service</th><th scope="col">State</th><th scope="col">Why</th></tr></thead><tbody>)");
      any = true;
      line(fmt::format(R"(<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>)", escaped(r.indicator), escaped(r.title),
                       escaped(r.parts.empty() ? service_name(r.service) : "Shared target"), escaped(state_words(r.state)), escaped(r.reason)));
    });
    if (any) line("</tbody></table>");
    bool actions = false;
    for (const auto& a : bundle.current.actions) {
      if (!a.state || *a.state == State::not_due) continue;
      if (!actions)
        line(R"(<table><caption>Actions with no RAG</caption><thead><tr><th scope="col">Ref</th><th scope="col">Action</th>)"
             R"(<th scope="col">Service</th><th scope="col">State</th><th scope="col">Why</th></tr></thead><tbody>)");
      actions = true;
      line(fmt::format(R"(<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>)", escaped(a.action), escaped(a.title),
                       escaped(service_name(a.service)), escaped(state_words(a.state)), escaped(a.reason)));
    }
    if (actions) line("</tbody></table>");
    if (!any && !actions) line("<p>None this period.</p>");
    line("</section>");
  }

  void page() {
    const std::string title = fmt::format("{}: performance report, {}", book.scorecard.name, bundle.period.str());
    line("<!DOCTYPE html>");
    line(R"(<html lang="en-GB">)");
    line("<head>");
    line(R"(<meta charset="utf-8">)");
    line(R"(<meta name="viewport" content="width=device-width, initial-scale=1">)");
    line(R"(<meta name="generator" content="kpiflow">)");
    line(fmt::format("<title>{}</title>", escaped(title)));
    line("<style>" + css() + "</style>");
    line("</head>");
    line("<body>");
    line(fmt::format("<header><h1>{}</h1><p class=\"lede\">Performance report, {}</p>", escaped(book.scorecard.name), escaped(bundle.period.str())));
    line(R"(<nav aria-label="Contents"><ul><li><a href="#summary">Summary</a></li><li><a href="#scorecard">Scorecard by outcome</a></li>)"
         R"(<li><a href="#exceptions">Exceptions</a></li><li><a href="#missing">Missing data</a></li></ul></nav>)");
    std::string key = fmt::format("<p><strong>How statuses are given:</strong> {}</p>", escaped(rules::rule_stated(book.scorecard)));
    // "Actions: Green ...": the rule as the workbook states it, its first word in bold.
    if (!bundle.current.actions.empty())
      key += "<p><strong>Actions:</strong>" + escaped(rules::action_rule_stated(book.scorecard).substr(std::string_view("Actions:").size())) + "</p>";
    key += std::string("<p><strong>Key:</strong> each status is written in words beside its colour. Direction of travel: ↑ improving, "
                       "↔ maintained, ↓ declining, against the period before") +
           (bundle.current.actions.empty() ? "." : "; an action's against its RAG the period before.") + "</p>";
    line(R"(<div class="key">)" + key + "</div></header>");
    line("<main>");
    summary();
    scorecard();
    exceptions();
    missing();
    line("</main>");
    line(fmt::format("<footer><p><small>Made by kpiflow from the services' returns for {}.</small></p></footer>", escaped(bundle.period.str())));
    line("</body>");
    line("</html>");
  }
};

}  // namespace

void write_report_html(const std::filesystem::path& path, const rules::RuleBook& book, const store::Store& store, const Bundle& bundle,
                       const Options& options) {
  Writer w{book, store, bundle, options, {}};
  w.page();
  write_whole(path, w.out, "the HTML report");
}

}  // namespace kpiflow::publish
