// kpiflow chase: what each service is asked to do after a period
// (docs/run.md): chase.xlsx, a feedback workbook per service, and with
// --emails a draft e-mail per owner. kpiflow never sends mail.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/wording.hpp"
#include "model/text.hpp"
#include "pipeline/pipeline.hpp"

namespace kpiflow::cli {

std::vector<std::string> chase_lines(const pipeline::Chased& chased, const std::filesystem::path& emails) {
  const char* kept = " (up to date: nothing it is made from changed, so not written again)";
  std::vector<std::string> lines;
  lines.push_back(fmt::format("chase list: {}{}: {} to chase for {} ({})", chased.workbook.string(), chased.written ? "" : kept,
                              counted(chased.items, "item", "items"), counted(chased.services, "service", "services"),
                              counted(chased.owners, "owner", "owners")));
  if (!chased.feedback.empty())
    lines.push_back(fmt::format("feedback for each service: {}", chased.feedback.front().parent_path().string()));
  if (!emails.empty())
    lines.push_back(fmt::format("draft e-mails, one per owner, to open and send: {} ({})", emails.string(),
                                counted(static_cast<int>(chased.drafts.size()), "draft", "drafts")));
  return lines;
}

int run_chase(const std::vector<std::string>& args) {
  po::options_description options("options");
  std::string rules_path, period_text, db = default_store(), out, emails, from, today_text;
  rules_and_period(options, rules_path, period_text, "the period, e.g. \"2017/18 Q2\"")
      ("db", po::value<std::string>(&db)->default_value(db, store::shown_address(db)), "the history store: a file, or postgresql://... (docs/shared-store.md)")
      ("out", po::value<std::string>(&out)->required(), "the folder for chase.xlsx and feedback/ (made if missing)")
      ("emails", po::value<std::string>(&emails), "also write a draft e-mail (.eml) per owner into this folder, their feedback attached")
      ("from", po::value<std::string>(&from), "the drafts' sender, e.g. \"Performance Team <performance@council.gov.uk>\"")
      ("today", po::value<std::string>(&today_text), "the date to chase as (YYYY-MM-DD; default: today): a return is missing once its deadline has passed");
  const CommandLine command{"chase", "list what each service must send or correct, with a workbook and a draft e-mail each",
                            "usage: kpiflow chase --rules FILE --period P --out DIR [--db FILE] [--emails DIR] [--from ADDRESS]",
                            "Writes chase.xlsx (returns received, on time and complete, this period and the last ones; then\n"
                            "a sheet per owner of what to do) and a feedback workbook per service with something to do.\n"
                            "With --emails, a draft e-mail per owner to open in an e-mail client and send: kpiflow never sends mail.\n"
                            "Exit status: 0 nothing to chase, 1 something to chase, 2 could not run.\n",
                            ""};
  po::variables_map vm;
  if (auto stop = parse(command, options, args, vm)) return *stop;
  auto today = today_given(command, today_text);
  auto sender = sender_given(command, from);
  if (!today || !sender) return exit_could_not_run;
  pipeline::Chasing how;
  how.today = *today;
  how.emails = emails;
  std::tie(how.from_name, how.from_address) = *sender;

  auto opened = open_period(command, rules_path, period_text, db, store::Access::read_write);  // records the findings and the scorecard
  if (!opened) return exit_could_not_run;
  auto& [book, period, store] = *opened;
  pipeline::Chased chased = pipeline::chase(store, book, period, out, how);
  for (const auto& line : chase_lines(chased, how.emails)) std::printf("%s\n", line.c_str());
  return chased.items > 0 ? exit_issues_found : exit_clean;
}

}  // namespace kpiflow::cli
