// What the performance team chases after a period ends: chase.xlsx (who
// sent what, on time and complete, this period and over the last ones; then
// a sheet per owner of what to do), a feedback workbook per service in its
// own return's terms, and the text of a chasing e-mail (export.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "export/export.hpp"
#include "model/output_file.hpp"
#include "workbook/workbook.hpp"

namespace kpiflow::publish {

namespace {

using workbook::Book;

// Return-level items (missing, late, refused) before those of a cell.
bool about_the_return(const Issue& i) { return !i.where.cell && i.indicator.empty(); }

std::string compliance_word(const Compliance& c) {
  if (!c.received) return "Missing";
  if (c.received_on.empty()) return "Received (date not given)";
  if (c.on_time) return "On time";
  return fmt::format("Late ({} working {})", c.working_days_late, c.working_days_late == 1 ? "day" : "days");
}

bool complete(const Compliance& c) { return c.received && c.figures_given >= c.figures_due; }

// Late or missing in at least two of the last four periods the store has a
// scorecard for (this one included): a pattern, not a slip.
struct Record {
  int periods = 0, received = 0, on_time = 0, complete = 0, late_or_missing_recent = 0;
  bool persistently_late() const { return late_or_missing_recent >= 2; }
};

std::map<std::string, Record> records(const Chase& chase) {
  std::map<std::string, Record> out;
  std::vector<const std::vector<Compliance>*> periods;
  for (const auto& [p, list] : chase.history) periods.push_back(&list);
  periods.push_back(&chase.compliance);
  for (std::size_t k = 0; k < periods.size(); ++k) {
    bool recent = periods.size() - k <= 4;
    for (const auto& c : *periods[k]) {
      Record& r = out[c.service];
      ++r.periods;
      r.received += c.received;
      r.on_time += c.received && c.on_time && !c.received_on.empty();
      r.complete += complete(c);
      if (recent && (!c.received || (!c.on_time && !c.received_on.empty()))) ++r.late_or_missing_recent;
    }
  }
  return out;
}

std::string cell_of(const Issue& i) { return i.where.cell ? to_a1(*i.where.cell) : std::string(); }

std::string file_name_of(const Issue& i) { return std::filesystem::path(i.where.file).filename().string(); }

void front_sheet(Book& b, const rules::RuleBook& book, const Chase& chase, const std::map<std::string, std::vector<const Issue*>>& items) {
  lxw_worksheet* s = b.sheet("Compliance");
  const std::string title = fmt::format("{}: returns to chase, {}", book.scorecard.name, chase.period.str());
  b.text(s, 0, 0, title, b.title);
  int received = 0, on_time = 0, full = 0, chased = 0;
  for (const auto& c : chase.compliance) {
    received += c.received;
    on_time += c.received && c.on_time && !c.received_on.empty();
    full += complete(c);
  }
  for (const auto& [service, list] : items) chased += !list.empty();
  b.text(s, 1, 0,
         fmt::format("As at {}: {} of {} returns received, {} on time, {} complete; {} {} something to do (a sheet each, by owner).", chase.today,
                     received, chase.compliance.size(), on_time, full, chased, chased == 1 ? "service has" : "services have"));

  int row = 3;
  b.text(s, row++, 0, fmt::format("This period, {}", chase.period.str()), b.subtitle);
  const std::vector<std::pair<std::string, double>> now{{"Service", 28}, {"Owner", 20}, {"Deadline", 12}, {"Received on", 12},
                                                        {"Return", 24},  {"Given", 10}, {"Due", 10},      {"Complete", 10},
                                                        {"To do", 8}};
  b.header(s, row, now, {5, 6, 8});  // the counts, headed over them
  const int head = row++;
  std::map<std::string, const Compliance*> by_service;
  for (const auto& c : chase.compliance) by_service[c.service] = &c;
  for (const auto& service : book.services) {
    auto found = by_service.find(service.id);
    if (found == by_service.end()) continue;  // nothing due from it this period
    const Compliance& c = *found->second;
    b.text(s, row, 0, service.name);
    b.text(s, row, 1, service.owner);
    b.text(s, row, 2, c.deadline);
    b.text(s, row, 3, c.received_on);
    b.text(s, row, 4, compliance_word(c), c.received && (c.on_time || c.received_on.empty()) ? nullptr : b.flag);
    b.number(s, row, 5, c.figures_given);
    b.number(s, row, 6, c.figures_due);
    b.text(s, row, 7, complete(c) ? "Yes" : "No", complete(c) ? b.centred : b.flag);  // apart from the count before it
    auto it = items.find(service.id);
    b.number(s, row, 8, it == items.end() ? 0 : static_cast<double>(it->second.size()));
    ++row;
  }

  // Over the periods the store has scorecards for: who is persistently late.
  ++row;
  b.text(s, row++, 0, "Over the last periods", b.subtitle);
  std::vector<std::pair<std::string, double>> over{{"Service", 28}};
  for (const auto& [p, list] : chase.history) over.emplace_back(p.str(), 12);
  over.emplace_back(chase.period.str(), 12);
  for (const char* h : {"Received", "On time", "Complete", "Often late"}) over.emplace_back(h, 10);
  for (std::size_t c = 0; c < over.size(); ++c) b.text(s, row, static_cast<int>(c), over[c].first, b.heading);
  ++row;
  auto record = records(chase);
  for (const auto& service : book.services) {
    auto r = record.find(service.id);
    if (r == record.end()) continue;
    b.text(s, row, 0, service.name);
    int col = 1;
    auto shown = [&](const std::vector<Compliance>& list) {
      auto c = std::find_if(list.begin(), list.end(), [&](const Compliance& x) { return x.service == service.id; });
      // One word a period, so the pattern reads across; this period's detail is in the table above.
      if (c == list.end()) b.text(s, row, col, "not due", b.centred);
      else if (!c->received) b.text(s, row, col, "Missing", b.flag);
      else if (!c->on_time && !c->received_on.empty()) b.text(s, row, col, "Late", b.flag);
      else b.text(s, row, col, c->received_on.empty() ? "Received" : "On time", b.centred);
      ++col;
    };
    for (const auto& [p, list] : chase.history) shown(list);
    shown(chase.compliance);
    b.text(s, row, col++, fmt::format("{} of {}", r->second.received, r->second.periods));
    b.text(s, row, col++, fmt::format("{} of {}", r->second.on_time, r->second.periods));
    b.text(s, row, col++, fmt::format("{} of {}", r->second.complete, r->second.periods));
    b.text(s, row, col++, r->second.persistently_late() ? "Yes" : "", r->second.persistently_late() ? b.flag : nullptr);
    ++row;
  }
  b.text(s, row + 1, 0, "Often late: late or missing in at least two of the last four periods.");
  b.text(s, row + 2, 0, "Complete: every figure due given (a figure, or a missing-data state such as 'not due').");
  b.for_print(s, head, title, chase.period.str());
}

void item_row(Book& b, lxw_worksheet* s, int row, const Issue& i, const std::string& service_name) {
  std::string what = i.message, todo = i.hint, file = file_name_of(i);
  int col = 0;
  if (!service_name.empty()) b.text(s, row, col++, service_name, b.top);
  b.text(s, row, col++, file, b.wrap);
  b.text(s, row, col++, i.where.sheet, b.wrap);
  b.text(s, row, col++, cell_of(i), b.top);
  b.text(s, row, col++, i.indicator, b.top);
  b.text(s, row, col++, i.raw, b.wrap);
  b.text(s, row, col++, what, b.wrap);
  b.text(s, row, col++, todo, b.wrap);
  b.text(s, row, col++, to_string(i.code), b.top);
  b.fit_row(s, row, {{&file, 26}, {&i.where.sheet, 14}, {&i.raw, 18}, {&what, 56}, {&todo, 48}});
}

}  // namespace

std::vector<const Issue*> to_chase(const Chase& chase, const std::string& service) {
  std::vector<const Issue*> out;
  for (const auto& i : chase.issues)
    if (i.service == service && i.severity != Severity::info) out.push_back(&i);
  std::stable_sort(out.begin(), out.end(), [](const Issue* a, const Issue* b) { return about_the_return(*a) > about_the_return(*b); });
  return out;
}

std::vector<Owner> owners(const rules::RuleBook& book, const Chase& chase) {
  std::vector<Owner> out;
  std::set<std::string> due;
  for (const auto& c : chase.compliance) due.insert(c.service);
  for (const auto& service : book.services) {
    if (!due.count(service.id) || to_chase(chase, service.id).empty()) continue;
    std::string who = service.owner.empty() ? service.name : service.owner;
    auto same = std::find_if(out.begin(), out.end(), [&](const Owner& o) {
      return service.email.empty() ? o.name == who && o.email.empty() : o.email == service.email;
    });
    if (same != out.end()) same->services.push_back(&service);
    else out.push_back(Owner{who, service.email, {&service}});
  }
  return out;
}

void write_chase(const std::filesystem::path& path, const rules::RuleBook& book, const Chase& chase) {
  write_whole(path, [&](const std::filesystem::path& temporary) {
    Book b(temporary, path.string(), false);
    b.describe(fmt::format("{}: returns to chase, {}", book.scorecard.name, chase.period.str()), "Returns compliance and what each owner is asked to do",
               "performance, returns, chase", "Written by kpiflow from the history store");
    std::map<std::string, std::vector<const Issue*>> items;
    for (const auto& service : book.services) items[service.id] = to_chase(chase, service.id);
    front_sheet(b, book, chase, items);
    // A sheet per owner: who they are, then each item of each of their services.
    const std::vector<std::pair<std::string, double>> columns{{"Service", 20}, {"File", 26},       {"Sheet", 14},      {"Cell", 7},  {"Ref", 10},
                                                             {"They wrote", 18}, {"Problem", 56}, {"What to do", 48}, {"Code", 20}};
    for (const Owner& owner : owners(book, chase)) {
      lxw_worksheet* s = b.sheet(owner.name);
      std::string names;
      for (const rules::Service* service : owner.services) names += (names.empty() ? "" : ", ") + service->name;
      b.text(s, 0, 0, fmt::format("{}: {}", owner.name, names), b.title);
      b.text(s, 1, 0, owner.email.empty() ? std::string("(no e-mail address in the rule file)") : owner.email);
      b.header(s, 3, columns);
      int row = 4;
      for (const rules::Service* service : owner.services)
        for (const Issue* i : items[service->id]) item_row(b, s, row++, *i, service->name);
      b.filter(s, 3, 0, row - 1, static_cast<int>(columns.size()) - 1);
      b.for_print(s, 3, fmt::format("{}: to do, {}", owner.name, chase.period.str()), chase.period.str());
    }
    b.close();
  });
}

void write_feedback(const std::filesystem::path& path, const rules::RuleBook& book, const Chase& chase, const rules::Service& service) {
  write_whole(path, [&](const std::filesystem::path& temporary) {
    Book b(temporary, path.string(), false);
    const std::string title = fmt::format("{}: your {} return", service.name, chase.period.str());
    b.describe(title, fmt::format("What {} is asked to correct or send, from {}", service.name, book.scorecard.name), "performance, return, feedback",
               "Written by kpiflow");
    lxw_worksheet* s = b.sheet("What to do");
    b.text(s, 0, 0, title, b.title);
    auto c = std::find_if(chase.compliance.begin(), chase.compliance.end(), [&](const Compliance& x) { return x.service == service.id; });
    std::string status = c == chase.compliance.end() ? std::string("no return was due")
                         : !c->received             ? fmt::format("no return has been stored; it was due by {}", c->deadline)
                                                    : fmt::format("received {} ({}), due by {}; {} of {} figures given", c->received_on.empty() ? std::string("with no date") : c->received_on,
                                                                  compliance_word(*c), c->deadline, c->figures_given, c->figures_due);
    b.text(s, 1, 0, fmt::format("For {}, from the performance team of {}: {}.", service.owner.empty() ? service.name : service.owner,
                                book.scorecard.name, status));
    b.text(s, 2, 0, "Each row is a cell of your return (or the return as a whole): what it holds, what is wrong, and what to write instead. "
                    "Correct your own workbook and send it again; a corrected return replaces the first.");
    const std::vector<std::pair<std::string, double>> columns{{"File", 26}, {"Sheet", 14}, {"Cell", 7}, {"Ref", 10}, {"You wrote", 18},
                                                             {"What is wrong", 56}, {"What to write instead", 48}, {"Code", 20}};
    b.header(s, 4, columns);
    int row = 5;
    for (const Issue* i : to_chase(chase, service.id)) item_row(b, s, row++, *i, std::string());
    if (row == 5) b.text(s, row, 0, "Nothing to correct: thank you.");
    b.for_print(s, 4, title, chase.period.str());
    b.close();
  });
}

std::string chase_letter(const rules::RuleBook& book, const Chase& chase, const Owner& owner, const std::string& signed_by) {
  std::string text = fmt::format("Dear {},\n\n", owner.name);
  text += fmt::format("We have checked the {} returns for {}. This is what we need from you:\n", chase.period.str(), book.scorecard.name);
  for (const rules::Service* service : owner.services) {
    text += fmt::format("\n{}\n{}\n", service->name, std::string(std::min<std::size_t>(service->name.size(), 60), '-'));
    int n = 0;
    for (const Issue* i : to_chase(chase, service->id)) {
      std::string where = i->where.cell ? fmt::format("{}, sheet '{}', cell {}: ", file_name_of(*i), i->where.sheet, cell_of(*i))
                          : i->where.sheet.empty() ? std::string()
                                                   : fmt::format("{}, sheet '{}': ", file_name_of(*i), i->where.sheet);
      text += fmt::format("{:>3}. {}{}.\n     What to do: {}.\n", ++n, where, i->message, i->hint);
    }
  }
  text += "\nThe attached workbook lists the same, cell by cell. Please send the corrected return (or the missing one) as soon as you "
          "can; a corrected return replaces the first.\n\nThank you,\n";
  text += (signed_by.empty() ? std::string("Performance team") : signed_by) + "\n";
  return text;
}

}  // namespace kpiflow::publish
