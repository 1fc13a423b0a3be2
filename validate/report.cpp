// The issues as a workbook a performance officer can sort, filter and send
// on (one sheet per service), and as JSON for scripts.
#include <fmt/format.h>
#include <xlsxwriter.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "model/output_file.hpp"
#include "validate/validate.hpp"

namespace kpiflow::validate {

namespace {

class Writer {
 public:
  explicit Writer(const std::filesystem::path& path) : book_(workbook_new(path.c_str())) {
    if (book_ == nullptr) throw Error(Location::of_file(path.string()), "cannot create the issues workbook", "check the folder can be written");
    bold_ = workbook_add_format(book_);
    format_set_bold(bold_);
    title_ = workbook_add_format(book_);
    format_set_bold(title_);
    format_set_font_size(title_, 14);
    wrap_ = workbook_add_format(book_);
    format_set_text_wrap(wrap_);
    format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
    for (auto [severity, colour] : {std::pair{Severity::error, 0xFFC7CE}, {Severity::warning, 0xFFEB9C}, {Severity::info, 0xDDEBF7}}) {
      lxw_format* f = workbook_add_format(book_);
      format_set_bg_color(f, colour);
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
      severity_[static_cast<int>(severity)] = f;
    }
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer() {
    if (book_ != nullptr) workbook_close(book_);
  }

  lxw_worksheet* sheet(const std::string& name) { return workbook_add_worksheet(book_, name.c_str()); }
  void text(lxw_worksheet* s, int row, int col, const std::string& value, lxw_format* f = nullptr) {
    worksheet_write_string(s, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), value.c_str(), f);
  }
  void number(lxw_worksheet* s, int row, int col, double value, lxw_format* f = nullptr) {
    worksheet_write_number(s, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), value, f);
  }
  void close(const std::filesystem::path& path) {
    lxw_error result = workbook_close(book_);
    book_ = nullptr;
    if (result != LXW_NO_ERROR)
      throw Error(Location::of_file(path.string()), fmt::format("cannot write the issues workbook: {}", lxw_strerror(result)),
                  "check the disk is not full");
  }

  lxw_format *bold_ = nullptr, *title_ = nullptr, *wrap_ = nullptr;
  lxw_format* severity_[3] = {};

 private:
  lxw_workbook* book_;
};

void issue_sheet(Writer& w, lxw_worksheet* s, const std::vector<const Issue*>& issues) {
  const char* headers[] = {"Severity", "Code", "Indicator", "Where", "Problem", "What to do", "As read"};
  const double widths[] = {10, 22, 12, 44, 60, 50, 18};
  for (int col = 0; col < 7; ++col) {
    w.text(s, 0, col, headers[col], w.bold_);
    worksheet_set_column(s, static_cast<lxw_col_t>(col), static_cast<lxw_col_t>(col), widths[col], col >= 4 ? w.wrap_ : nullptr);
  }
  int row = 1;
  for (const Issue* i : issues) {
    w.text(s, row, 0, std::string(to_string(i->severity)), w.severity_[static_cast<int>(i->severity)]);
    w.text(s, row, 1, i->code);
    w.text(s, row, 2, i->indicator);
    w.text(s, row, 3, i->where.str());
    w.text(s, row, 4, i->message);
    w.text(s, row, 5, i->hint);
    w.text(s, row, 6, i->raw);
    ++row;
  }
  worksheet_freeze_panes(s, 1, 0);
  worksheet_autofilter(s, 0, 0, static_cast<lxw_row_t>(row - 1), 6);
}

}  // namespace

void write_workbook(const std::filesystem::path& path, const rules::RuleBook& book, const Findings& findings) {
  write_whole(path, [&](const std::filesystem::path& temporary) {
    Writer w(temporary);
    std::map<std::string, int> used;
    lxw_worksheet* summary = w.sheet(unique_sheet_name("Summary", used));
    w.text(summary, 0, 0, fmt::format("{}: data quality, {}", book.scorecard.name, findings.period.str()), w.title_);
    w.text(summary, 2, 0, "Services due", w.bold_);
    w.number(summary, 2, 1, findings.services_due);
    w.text(summary, 3, 0, "Returns in", w.bold_);
    w.number(summary, 3, 1, findings.returns);
    const char* headers[] = {"Service", "Owner", "E-mail", "Errors", "Warnings", "Info"};
    for (int col = 0; col < 6; ++col) w.text(summary, 5, col, headers[col], w.bold_);
    worksheet_set_column(summary, 0, 0, 28, nullptr);
    worksheet_set_column(summary, 1, 2, 26, nullptr);
    worksheet_set_column(summary, 3, 5, 10, nullptr);

    std::map<std::string, std::vector<const Issue*>> by_service;
    for (const auto& i : findings.issues) by_service[i.service].push_back(&i);
    int row = 6;
    auto summary_row = [&](const std::string& name, const std::string& owner, const std::string& email, const std::vector<const Issue*>& list) {
      int counts[3] = {0, 0, 0};
      for (const Issue* i : list) ++counts[static_cast<int>(i->severity)];
      w.text(summary, row, 0, name);
      w.text(summary, row, 1, owner);
      w.text(summary, row, 2, email);
      for (int k = 0; k < 3; ++k) w.number(summary, row, 3 + k, counts[k]);
      ++row;
    };
    for (const auto& service : book.services) {
      const auto& list = by_service[service.id];
      summary_row(service.name, service.owner, service.email, list);
      if (!list.empty()) issue_sheet(w, w.sheet(unique_sheet_name(service.name, used)), list);
    }
    if (auto other = by_service.find(""); other != by_service.end() && !other->second.empty()) {
      summary_row("(service not known)", "", "", other->second);
      issue_sheet(w, w.sheet(unique_sheet_name("Service not known", used)), other->second);
    }
    w.close(temporary);
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
    out["issues"].push_back({{"code", i.code},
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
  write_whole(path, [&](const std::filesystem::path& temporary) {
    std::ofstream file(temporary, std::ios::binary);
    // Text from returns may not be valid UTF-8: replace, never fail.
    file << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    file.close();
    if (!file) throw Error(Location::of_file(path.string()), "cannot write the JSON file", "check the disk is not full");
  });
}

}  // namespace kpiflow::validate
