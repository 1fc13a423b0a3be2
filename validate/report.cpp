// The issues as a workbook a performance officer can sort, filter and send
// on (one sheet per service), and as JSON for scripts.
#include <fmt/format.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "model/output_file.hpp"
#include "validate/validate.hpp"
#include "workbook/workbook.hpp"

namespace kpiflow::validate {

namespace {

using workbook::Book;

std::uint32_t severity_colour(Severity severity) {
  switch (severity) {
    case Severity::error: return 0xFFC7CE;
    case Severity::warning: return 0xFFEB9C;
    case Severity::info: return 0xDDEBF7;
  }
  return 0xFFFFFF;
}

void issue_sheet(Book& b, const std::string& service, const std::vector<const Issue*>& issues, const std::string& title,
                 const std::string& period) {
  workbook::Table table(b, service, {{"Severity", 10}, {"Code", 22}, {"Ref", 12}, {"Where", 44}, {"Problem", 60}, {"What to do", 50},
                                     {"As read", 18}});
  for (const Issue* i : issues) {
    auto [s, row] = table.next();
    b.text(s, row, 0, to_string(i->severity), b.fill(severity_colour(i->severity)));
    b.text(s, row, 1, to_string(i->code));
    b.text(s, row, 2, i->indicator);
    std::string where = i->where.str();
    b.text(s, row, 3, where, b.wrap);
    b.text(s, row, 4, i->message, b.wrap);
    b.text(s, row, 5, i->hint, b.wrap);
    b.text(s, row, 6, i->raw, b.wrap);
    b.fit_row(s, row, {{&where, 44}, {&i->message, 60}, {&i->hint, 50}, {&i->raw, 18}});
  }
  table.finish(title, period);
}

}  // namespace

void write_workbook(const std::filesystem::path& path, const rules::RuleBook& book, const Findings& findings) {
  write_whole(path, [&](const std::filesystem::path& temporary) {
    Book b(temporary, path.string(), false);
    lxw_worksheet* summary = b.sheet("Summary");
    b.text(summary, 0, 0, fmt::format("{}: data quality, {}", book.scorecard.name, findings.period.str()), b.title);
    b.text(summary, 2, 0, "Services due", b.bold);
    b.number(summary, 2, 1, findings.services_due);
    b.text(summary, 3, 0, "Returns in", b.bold);
    b.number(summary, 3, 1, findings.returns);
    const char* headers[] = {"Service", "Owner", "E-mail", "Errors", "Warnings", "Info"};
    for (int col = 0; col < 6; ++col) b.text(summary, 5, col, headers[col], b.bold);
    b.column(summary, 0, 0, 28);
    b.column(summary, 1, 1, 22);
    b.column(summary, 2, 2, 34);
    b.column(summary, 3, 5, 10);

    std::map<std::string, std::vector<const Issue*>> by_service;
    for (const auto& i : findings.issues) by_service[i.service].push_back(&i);
    int row = 6;
    auto summary_row = [&](const std::string& name, const std::string& owner, const std::string& email, const std::vector<const Issue*>& list) {
      int counts[3] = {0, 0, 0};
      for (const Issue* i : list) ++counts[static_cast<int>(i->severity)];
      b.text(summary, row, 0, name);
      b.text(summary, row, 1, owner);
      b.text(summary, row, 2, email);
      for (int k = 0; k < 3; ++k) b.number(summary, row, 3 + k, counts[k]);
      ++row;
    };
    for (const auto& service : book.services) {
      const auto& list = by_service[service.id];
      summary_row(service.name, service.owner, service.email, list);
      if (!list.empty()) issue_sheet(b, service.name, list, fmt::format("{}: {}", book.scorecard.name, service.name), findings.period.str());
    }
    if (auto other = by_service.find(""); other != by_service.end() && !other->second.empty()) {
      summary_row("(service not known)", "", "", other->second);
      issue_sheet(b, "Service not known", other->second, book.scorecard.name, findings.period.str());
    }
    b.for_print(summary, 5, fmt::format("{}: data quality", book.scorecard.name), findings.period.str());
    b.close();
  });
}

void write_json(const std::filesystem::path& path, const Findings& findings) {
  nlohmann::ordered_json out;
  out["period"] = findings.period.str();
  out["services_due"] = findings.services_due;
  out["returns"] = findings.returns;
  out["counts"] = {{"error", findings.count(Severity::error)}, {"warning", findings.count(Severity::warning)}, {"info", findings.count(Severity::info)}};
  out["issues"] = nlohmann::ordered_json::array();
  for (const auto& i : findings.issues) {
    out["issues"].push_back({{"code", to_string(i.code)},
                             {"severity", std::string(to_string(i.severity))},
                             {"service", i.service},
                             {"indicator", i.indicator},
                             {"location", i.where.str()},
                             {"file", i.where.file},
                             {"sheet", i.where.sheet},
                             {"cell", i.where.cell ? to_a1(*i.where.cell) : std::string()},
                             {"message", i.message},
                             {"hint", i.hint},
                             {"raw", i.raw}});
  }
  // Text from returns may not be valid UTF-8: replace, never fail.
  write_whole(path, out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", "the JSON file");
}

}  // namespace kpiflow::validate
