// kpiflow template: the returns services fill in, one workbook each
// (export/template.cpp), with their own recent figures from the store.
#include <fmt/format.h>

#include "model/text.hpp"
#include "pipeline/pipeline.hpp"

namespace kpiflow::pipeline {

namespace {

// History for a council with no store yet: no figures before this period.
class NoHistory : public Figures {
 public:
  const Observation* find(const std::string&, const Period&) override { return nullptr; }
};

}  // namespace

std::vector<std::filesystem::path> templates(const store::Store* history, const rules::RuleBook& book, const Period& period,
                                             const std::filesystem::path& folder, const std::string& service,
                                             const publish::TemplateOptions& options) {
  std::vector<const rules::Service*> chosen;
  if (!service.empty()) {
    const rules::Service* s = book.service(service);
    if (s == nullptr) {
      std::vector<std::string_view> ids;
      for (const auto& each : book.services) ids.push_back(each.id);
      std::string near = closest(service, ids);
      throw Error(Location::of_file(book.file), fmt::format("--service '{}' is not a service of the rule file{}", service,
                                                            near.empty() ? "" : fmt::format("; did you mean '{}'?", near)),
                  "give a service's id as the rule file writes it under 'services:'");
    }
    chosen.push_back(s);
  } else {
    for (const auto& s : book.services) chosen.push_back(&s);
  }
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw Error(Location::of_file(folder.string()), fmt::format("cannot make the folder: {}", error.message()), "check the path and its permissions");
  NoHistory none;
  std::optional<store::FiguresInForce> held;
  if (history) held.emplace(*history);
  Figures& figures = held ? static_cast<Figures&>(*held) : none;
  std::vector<std::filesystem::path> written;
  for (const rules::Service* s : chosen) {
    bool any = false;
    for (const auto& ind : book.indicators) any = any || ind.service == s->id;
    if (!any) continue;  // nothing to fill in
    std::filesystem::path path = folder / publish::template_name(book, *s, period);
    publish::write_template(path, book, *s, period, figures, options);
    written.push_back(path);
  }
  return written;
}

}  // namespace kpiflow::pipeline
