// Chasing: what each service is asked to do after a period, as workbooks
// and draft e-mails (pipeline.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "mail/mail.hpp"
#include "model/digest.hpp"
#include "model/error.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/made_from.hpp"

namespace kpiflow::pipeline {

namespace {

// A file name any system accepts, from a service's or a person's name.
std::string file_name(std::string name) {
  for (char& c : name)
    if (std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos || static_cast<unsigned char>(c) < 0x20) c = '-';
  while (!name.empty() && (name.back() == '.' || name.back() == ' ')) name.pop_back();
  return name.empty() ? std::string("service") : name;
}


std::string compliance_text(const std::vector<Compliance>& list) {
  std::string out;
  for (const auto& c : list)
    out += fmt::format("{} {} {} {} {} {} {} {}\n", c.service, c.received, c.on_time, c.deadline, c.received_on, c.working_days_late, c.figures_due,
                       c.figures_given);
  return out;
}

}  // namespace

Chased chase(store::Store& store, const rules::RuleBook& book, const Period& period, const std::filesystem::path& folder, const Chasing& how) {
  publish::Chase c;
  c.period = period;
  c.today = iso(how.today);
  c.issues = how.findings ? how.findings->issues : validate(store, book, period, how.today).issues;
  c.compliance = transform(store, book, period, Want::totals).compliance;
  // Up to seven earlier periods with a scorecard, within three years.
  Period p = period;
  for (int step = 0; step < 36 && c.history.size() < 7; ++step) {
    p = p.previous();
    if (auto card = store.scorecard_totals(p.str())) c.history.insert(c.history.begin(), {p, card->compliance});
  }

  Chased out;
  out.workbook = folder / "chase.xlsx";
  std::vector<publish::Owner> owners = publish::owners(book, c);
  out.owners = static_cast<int>(owners.size());
  std::vector<std::pair<const rules::Service*, std::filesystem::path>> feedback;
  for (const auto& owner : owners)
    for (const rules::Service* s : owner.services) {
      ++out.services;
      out.items += static_cast<int>(publish::to_chase(c, s->id).size());
      feedback.emplace_back(s, folder / "feedback" / fmt::format("{} {} feedback.xlsx", file_name(s->name), period.file_name()));
      out.feedback.push_back(feedback.back().second);
    }
  if (!how.emails.empty())
    for (const auto& owner : owners) out.drafts.push_back(how.emails / fmt::format("{} {}.eml", file_name(owner.name), period.file_name()));

  // What they are made from; the drafts' dates are left out, so a rerun writes none again.
  std::string made = fmt::format("{}\n{}\n{}\n{}\n{} <{}>\n{}\n", book.fingerprint, KPIFLOW_VERSION, period.str(), c.today, how.from_name,
                                 how.from_address, how.emails.string());
  made += compliance_text(c.compliance);
  for (const auto& [q, list] : c.history) made += q.str() + "\n" + compliance_text(list);
  for (const auto& i : c.issues) made += fmt::format("{}|{}|{}|{}\n", i.service, i.indicator, i.str(), i.raw);
  std::string basis = sha256_of(made);
  std::filesystem::path stamp = folder / ".kpiflow-chase";
  std::vector<std::filesystem::path> files{out.workbook};
  files.insert(files.end(), out.feedback.begin(), out.feedback.end());
  files.insert(files.end(), out.drafts.begin(), out.drafts.end());
  if (still_as_made(stamp, basis, files)) {
    out.written = false;
    return out;
  }

  make_room(folder / "feedback", {}, {});
  if (!how.emails.empty()) make_room(how.emails, {}, {});
  publish::write_chase(out.workbook, book, c);
  for (const auto& [service, path] : feedback) publish::write_feedback(path, book, c, *service);
  for (std::size_t k = 0; k < out.drafts.size(); ++k) {
    const publish::Owner& owner = owners[k];
    mail::Draft d;
    d.from_name = how.from_name;
    d.from_address = how.from_address;
    d.to_name = owner.name;
    d.to_address = owner.email;
    int items = 0;
    for (const rules::Service* s : owner.services) items += static_cast<int>(publish::to_chase(c, s->id).size());
    std::string names;
    for (const rules::Service* s : owner.services) names += (names.empty() ? "" : ", ") + s->name;
    d.subject = fmt::format("{} performance return, {}: {} {} to action", period.str(), names, items, items == 1 ? "item" : "items");
    d.body = publish::chase_letter(book, c, owner, how.from_name);
    for (const auto& [service, path] : feedback)
      if (std::find(owner.services.begin(), owner.services.end(), service) != owner.services.end()) d.attachments.push_back(path);
    mail::write_draft(out.drafts[k], d);
  }
  note_made(stamp, basis, files);
  return out;
}

}  // namespace kpiflow::pipeline
