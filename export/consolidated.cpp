// consolidated.xlsx: every figure merged, each return as ingested, and the
// issues to chase.
#include <fmt/format.h>

#include <unordered_map>

#include "export/export.hpp"
#include "export/shown.hpp"
#include "workbook/workbook.hpp"
#include "model/output_file.hpp"

namespace kpiflow::publish {

using workbook::Book;
using workbook::status_colour;
using workbook::status_letters;

namespace {

// Each result is read from the store as its row is written: with
// libxlsxwriter's constant-memory mode (Options::constant_memory_rows)
// memory does not grow with the data.
void data_sheet(Book& b, const rules::RuleBook& book, const store::Store& store, const Bundle& bundle, const std::string& title) {
  workbook::Table table(b, "Data", {{"Period", 11}, {"Service", 20}, {"Directorate", 13}, {"Ref", 8}, {"Indicator", 44}, {"Theme", 22},
                                    {"Key KPI", 8}, {"Unit", 9}, {"Value", 13}, {"State", 13}, {"Target", 12}, {"Goal for the period", 13},
                                    {"Scored on", 11}, {"Scored", 13}, {"Status", 8}, {"Direction", 11}, {"Commentary", 40},
                                    {"Estimated", 10}, {"File", 40}, {"Sheet", 12}, {"Cell", 7}});
  for (const Period& period : bundle.periods) {
    store.each_result(period.str(), [&](const Result& r) {
      auto [s, row] = table.next();
      const rules::Service* service = book.service(r.service);
      lxw_format* f = b.figure(r.unit, r.decimals);
      b.text(s, row, 0, r.period);
      b.text(s, row, 1, r.parts.empty() && service ? service->name : (service ? service->name + " (shared)" : r.service));
      b.text(s, row, 2, r.directorate);
      b.text(s, row, 3, r.indicator);
      b.text(s, row, 4, r.title);
      b.text(s, row, 5, r.theme);
      b.text(s, row, 6, r.key ? "Yes" : "");
      b.text(s, row, 7, std::string(name_of(r.unit)));
      b.maybe(s, row, 8, r.value, f);
      b.text(s, row, 9, state_words(r.state));
      b.text(s, row, 10, r.target);
      b.maybe(s, row, 11, r.goal_low, f);
      b.text(s, row, 12, r.basis);
      b.maybe(s, row, 13, r.scored, f);
      b.text(s, row, 14, std::string(status_letters(r.status)), b.status(r.status));
      b.text(s, row, 15, std::string(to_string(r.direction)));
      b.text(s, row, 16, r.commentary);
      b.text(s, row, 17, r.estimated ? "Estimate" : "");
      b.text(s, row, 18, r.file);
      b.text(s, row, 19, r.sheet);
      b.text(s, row, 20, r.cell);
    });
  }
  table.finish(title, bundle.period.str());
}

// A return's figures as ingested, read from the store for its sheet only.
void return_sheet(Book& b, lxw_worksheet* s, const rules::RuleBook& book, const store::Store& store, const store::Submission& submission) {
  const rules::Service* service = book.service(submission.service);
  b.text(s, 0, 0, service ? service->name : submission.service, b.subtitle);
  b.text(s, 1, 0, "Period");
  b.text(s, 1, 1, submission.period);
  b.text(s, 2, 0, "File");
  b.text(s, 2, 1, submission.file);
  b.text(s, 3, 0, "Received");
  b.text(s, 3, 1, submission.received());
  b.header(s, 5, {{"Ref", 9}, {"Indicator", 44}, {"As written", 16}, {"Figure", 14}, {"State", 12}, {"Target as written", 16},
                  {"Commentary", 50}, {"Cell", 7}});
  int row = 6;
  for (const auto& [o, title, unit, decimals] : store.figures_shown(submission.id, submission.period)) {
    b.text(s, row, 0, o.indicator);
    b.text(s, row, 1, title);
    b.text(s, row, 2, o.raw);
    if (o.value) b.number(s, row, 3, *o.value, b.figure(unit, decimals));
    b.text(s, row, 4, state_words(o.state));
    b.text(s, row, 5, o.target_raw);
    b.text(s, row, 6, o.commentary, b.wrap);
    b.text(s, row, 7, o.cell);
    b.fit_row(s, row, {{&o.commentary, 50}});
    ++row;
  }
  b.for_print(s, 5, service ? service->name : submission.service, submission.period);
}

// Beyond this many services a sheet each is past reading (and past what
// libxlsxwriter's constant-memory mode keeps open cheaply: a temporary file
// a sheet): every return's figures go in one Returns table instead.
constexpr std::size_t most_return_sheets = 200;

void returns_table(Book& b, const rules::RuleBook& book, const store::Store& store, const std::vector<const store::Submission*>& returns,
                   const Bundle& bundle, const std::string& title) {
  // The commentary last, where a long one may run on to the page's edge.
  workbook::Table table(b, "Returns", {{"Service", 22}, {"Ref", 9}, {"Indicator", 50}, {"As written", 12}, {"Figure", 12}, {"State", 12},
                                       {"Target as written", 17}, {"File", 44}, {"Cell", 6}, {"Commentary", 60}});
  for (const store::Submission* submission : returns) {
    const rules::Service* service = book.service(submission->service);
    const std::string& name = service ? service->name : submission->service;
    for (const auto& [o, shown_title, unit, decimals] : store.figures_shown(submission->id, submission->period)) {
      auto [s, row] = table.next();
      b.text(s, row, 0, name);
      b.text(s, row, 1, o.indicator);
      b.text(s, row, 2, shown_title);
      b.text(s, row, 3, o.raw);
      if (o.value) b.number(s, row, 4, *o.value, b.figure(unit, decimals));
      b.text(s, row, 5, state_words(o.state));
      b.text(s, row, 6, o.target_raw);
      b.text(s, row, 7, submission->file);
      b.text(s, row, 8, o.cell);
      b.text(s, row, 9, o.commentary);
    }
  }
  table.finish(title, bundle.period.str());
}

// Every action's update as the returns gave it, with where it was read, beside its RAG.
void actions_sheet(Book& b, const rules::RuleBook& book, const Bundle& bundle, const std::string& title) {
  workbook::Table table(b, "Actions", {{"Period", 11}, {"Service", 20}, {"Ref", 8}, {"Action", 44}, {"Theme", 22}, {"Milestone", 16},
                                       {"Progress", 18}, {"RAG", 6}, {"Service's RAG", 8}, {"Direction", 11}, {"File", 40}, {"Sheet", 14},
                                       {"Cell", 6}, {"Commentary", 60}});
  for (const ActionResult& a : bundle.current.actions) {
    auto [s, row] = table.next();
    const rules::Service* service = book.service(a.service);
    b.text(s, row, 0, a.period);
    b.text(s, row, 1, service ? service->name : a.service);
    b.text(s, row, 2, a.action);
    b.text(s, row, 3, a.title);
    b.text(s, row, 4, a.theme);
    b.text(s, row, 5, milestone_in_force(a));
    b.text(s, row, 6, progress_words(a));
    b.text(s, row, 7, std::string(workbook::status_letters(a.status)), b.status(a.status));
    b.text(s, row, 8, a.service_status ? std::string(name_of(*a.service_status)) : std::string());
    b.text(s, row, 9, std::string(words_of(a.direction)));  // "M" with nothing to compare
    b.text(s, row, 10, a.file);
    b.text(s, row, 11, a.sheet);
    b.text(s, row, 12, a.cell);
    b.text(s, row, 13, a.commentary);
  }
  table.finish(title, bundle.period.str());
}

void issues_sheet(Book& b, const rules::RuleBook& book, const Bundle& bundle, const std::string& title) {
  workbook::Table table(b, "Issues", {{"Service", 20}, {"Owner", 18}, {"E-mail", 30}, {"Severity", 9}, {"Code", 20}, {"Ref", 10},
                                      {"Where", 44}, {"Problem", 60}, {"What to do", 50}});
  for (const Issue& i : bundle.issues) {
    auto [s, row] = table.next();
    const rules::Service* service = book.service(i.service);
    b.text(s, row, 0, service ? service->name : i.service);
    b.text(s, row, 1, service ? service->owner : std::string());
    b.text(s, row, 2, service ? service->email : std::string());
    b.text(s, row, 3, std::string(to_string(i.severity)), i.severity == Severity::error ? b.flag : nullptr);
    b.text(s, row, 4, std::string(to_string(i.code)));
    b.text(s, row, 5, i.indicator);
    std::string where = i.where.str();
    b.text(s, row, 6, where, b.wrap);
    b.text(s, row, 7, i.message, b.wrap);
    b.text(s, row, 8, i.hint, b.wrap);
    b.fit_row(s, row, {{&where, 44}, {&i.message, 60}, {&i.hint, 50}});
  }
  table.finish(title, bundle.period.str());
}

}  // namespace

void write_consolidated(const std::filesystem::path& path, const rules::RuleBook& book, const store::Store& store, const Bundle& bundle,
                        const Options& options) {
  write_whole(path, [&](const std::filesystem::path& temporary) {
    Book b(temporary, path.string(), bundle.data_rows >= options.constant_memory_rows);
    std::string title = fmt::format("{}: all figures, {}", book.scorecard.name, bundle.period.str());
    b.describe(title, "Performance indicators merged from every service's return", "performance, indicators, returns",
               "Every figure with the file, sheet and cell it was read from");

    data_sheet(b, book, store, bundle, title);
    // In the rule file's order of services, as the scorecard lists them.
    std::unordered_map<std::string, std::vector<const store::Submission*>> by_service;
    for (const auto& r : bundle.returns) by_service[r.service].push_back(&r);
    std::vector<const store::Submission*> in_order;
    for (const auto& service : book.services)
      if (auto it = by_service.find(service.id); it != by_service.end()) in_order.insert(in_order.end(), it->second.begin(), it->second.end());
    if (in_order.size() <= most_return_sheets) {
      for (const store::Submission* r : in_order) return_sheet(b, b.sheet(book.service(r->service)->name), book, store, *r);
    } else {
      returns_table(b, book, store, in_order, bundle, fmt::format("{}: every return's figures, {}", book.scorecard.name, bundle.period.str()));
    }
    if (!bundle.current.actions.empty()) actions_sheet(b, book, bundle, title);
    issues_sheet(b, book, bundle, title);
    b.close();
  });
}

}  // namespace kpiflow::publish
