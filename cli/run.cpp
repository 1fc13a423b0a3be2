// kpiflow run: the quarter unattended (docs/run.md). Everything in an inbox
// read, the period checked, scored and published in one go, through the
// pipeline's steps; on a terminal a progress bar, under cron timestamped
// lines; always a summary, run.log and run.json in the output folder.
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/wording.hpp"
#include "model/error.hpp"
#include "model/output_file.hpp"
#include "pipeline/pipeline.hpp"

namespace kpiflow::cli {

namespace {

std::string stamp_now() {
  return fmt::format("{:%Y-%m-%d %H:%M:%S}", std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

// What the run says: to the terminal as it goes (timestamped when no one is
// watching, as under cron), and to DIR/run.log, appended, always timestamped.
class Say {
 public:
  explicit Say(bool terminal) : terminal_(terminal) {}
  void operator()(const std::string& line) {
    std::string stamped = stamp_now() + " " + line;
    std::printf("%s\n", terminal_ ? line.c_str() : stamped.c_str());
    std::fflush(stdout);
    log_ += stamped + "\n";
  }
  // A line for run.log only (each file's outcome, on a large run).
  void logged(const std::string& line) { log_ += stamp_now() + " " + line + "\n"; }
  void progress(std::size_t done, std::size_t of, const std::string& file) {
    if (!terminal_ || of == 0) return;
    const int width = 30;
    int filled = static_cast<int>(width * done / of);
    std::string shown = file.size() > 40 ? "..." + file.substr(file.size() - 37) : file;
    std::fprintf(stderr, "\r[%s%s] %zu/%zu %-40s", std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(), done, of,
                 shown.c_str());
    if (done == of) std::fprintf(stderr, "\r%*s\r", width + 60, "");
    std::fflush(stderr);
  }
  void keep(const std::filesystem::path& folder) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    std::ofstream out(folder / "run.log", std::ios::app);
    out << log_;
  }

 private:
  bool terminal_;
  std::string log_;
};

std::string outcome_word(const ingest::Ingested& done) {
  if (!done.outcome) return "refused";
  switch (*done.outcome) {
    case store::Outcome::added: return "stored";
    case store::Outcome::already_stored: return "unchanged";
    case store::Outcome::superseded_older: return "stored, superseding an earlier return";
    case store::Outcome::reread: return "read again under the changed rule file";
  }
  return "stored";
}

struct Counts {
  int found = 0, read = 0, unchanged = 0, refused = 0, superseded = 0;
};

}  // namespace

int run_run(const std::vector<std::string>& args) {
  po::options_description options("options");
  std::string rules_path, period_text, db = default_store(), out, archive, today_text, exceptions = "red,amber", emails, from;
  int settle = 60;
  pipeline::Circulate circulate;
  options.add_options()
      ("help,h", "show this help")
      ("rules", po::value<std::string>(&rules_path)->required(), "the rule file (docs/rules.md)")
      ("period", po::value<std::string>(&period_text), "the period, e.g. \"2017/18 Q2\" (default: chosen, and the first line says why)")
      ("out", po::value<std::string>(&out)->required(), "the folder for the workbooks, run.log and run.json (made if missing)")
      ("db", po::value<std::string>(&db)->default_value(db, store::shown_address(db)), "the history store: a file (created when new; keep it on a local disk), or postgresql://... (a team's server)")
      ("archive", po::value<std::string>(&archive), "copy every file read from the inbox into this folder (the inbox is never changed)")
      ("settle", po::value<int>(&settle)->default_value(settle), "seconds a file must be left unchanged before it is read")
      ("today", po::value<std::string>(&today_text), "the date to run as (YYYY-MM-DD; default: today), which decides the period and what is late")
      ("exceptions", po::value<std::string>(&exceptions)->default_value(exceptions), "the statuses on the Exceptions sheet: red, or red,amber")
      ("pdf", po::bool_switch(&circulate.pdf), "also scorecard.pdf, the scorecard as LibreOffice prints it, to circulate")
      ("html", po::bool_switch(&circulate.html), "also scorecard.html, the report to put on a website (one file, no scripts)")
      ("emails", po::value<std::string>(&emails), "also write a draft chasing e-mail (.eml) per owner into this folder (never sent)")
      ("from", po::value<std::string>(&from), "the drafts' sender, e.g. \"Performance Team <performance@council.gov.uk>\"")
      ("allow-network-store", "use a store on a network filesystem (SMB, NFS) although SQLite's locks may fail there");
  const CommandLine command{"run", "read an inbox, check, score and publish a period in one go (for a nightly job)",
                            "usage: kpiflow run INBOX --rules FILE --out DIR [--period P] [--db FILE] [--archive DIR] [--settle S] [--emails DIR] [--pdf] [--html]",
                            "Reads every return under INBOX (.xlsx, .xlsm, .csv, and e-mails saved as .eml), then validates,\n"
                            "scores and exports the period into DIR, with the issues workbook, the chase list and each service's\n"
                            "feedback (and with --emails a draft e-mail per owner), run.log and run.json.\n"
                            "Only what changed is read or written again. See docs/run.md for cron, systemd and Windows.\n"
                            "Exit status: 0 clean, 1 completed with problems in the returns, 2 could not run.\n",
                            "inbox"};
  po::variables_map vm;
  if (auto stop = parse(command, options, args, vm)) return *stop;
  if (!vm.count("inbox")) return usage_error(command, "name the inbox: the folder the returns are saved in");
  const auto& given = vm["inbox"].as<std::vector<std::string>>();
  if (given.size() != 1) return usage_error(command, "name one inbox folder");
  if (exceptions != "red" && exceptions != "red,amber")
    return usage_error(command, fmt::format("--exceptions cannot be '{}'; use red, or red,amber", exceptions));
  if (settle < 0) return usage_error(command, "--settle is a number of seconds, 0 or more");
  auto given_today = today_given(command, today_text);
  auto sender = sender_given(command, from);
  if (!given_today || !sender) return exit_could_not_run;
  const std::chrono::year_month_day today = *given_today;
  pipeline::Chasing chasing;
  chasing.emails = emails;
  std::tie(chasing.from_name, chasing.from_address) = *sender;

  const std::filesystem::path inbox(given[0]), folder(out);
  if (auto network = store::is_server(db) ? std::string() : pipeline::network_filesystem(db); !network.empty() && !vm.count("allow-network-store"))
    throw Error(Location::of_file(db), fmt::format("the store is on a network filesystem ({}), where SQLite's locks are not reliable", network),
                "keep the store on a local disk (--db /var/lib/kpiflow/council.db) and only the inbox and the outputs on the share "
                "(docs/run.md); --allow-network-store overrides");

  Say say(::isatty(STDOUT_FILENO) != 0);
  const auto started = std::chrono::steady_clock::now();
  try {
    pipeline::RunLock lock(db);
    if (!lock.taken_over().empty()) say(fmt::format("(a run that did not finish left its lock: {}; taken over)", lock.taken_over()));
    pipeline::Opened opened = pipeline::open(rules_path, db, store::Access::read_write, true);
    const rules::RuleBook& book = opened.book;
    store::Store& store = opened.store;

    std::optional<Period> asked;
    if (!period_text.empty()) {
      asked = parse_period(period_text, book.scorecard.year_start_month);
      if (!asked) return usage_error(command, fmt::format("'{}' is not a period; write it as \"2017/18 Q2\"", period_text));
    }

    // The inbox, read.
    pipeline::Looking looking;
    looking.settle = std::chrono::seconds{settle};
    pipeline::Inbox found = pipeline::look_in(inbox, book, looking);
    if (!archive.empty())
      for (const auto& failed : pipeline::archive(inbox, found.returns, archive)) say(fmt::format("{}: not archived: {}", failed.path, failed.why));
    Counts counts;
    counts.found = static_cast<int>(found.returns.size());
    std::vector<std::string> told;  // each file's outcome worth a line: new, refused, superseded
    std::set<std::pair<std::string, std::string>> returns_of;  // service, period
    std::size_t done = 0;
    ingest::ReturnOptions read;
    auto account = [&](const ingest::Ingested& got) {
      std::string line = fmt::format("{}: {} {}: {}", got.read.file, got.read.service.empty() ? "?" : got.read.service,
                                     got.period.empty() ? "?" : got.period, outcome_word(got));
      if (got.outcome)
        line += fmt::format(", {} ({})", contents_of(got.figures, got.actions), problems_in(got.read.issues));
      if (!got.outcome) {
        ++counts.refused;
        for (const auto& issue : got.read.issues)
          if (issue.severity == Severity::error) line += "\n  " + issue.str();
      } else if (*got.outcome == store::Outcome::already_stored) {
        ++counts.unchanged;
      } else {
        ++counts.read;
      }
      if (got.outcome) returns_of.emplace(got.read.service, got.period);
      if (!got.outcome || *got.outcome != store::Outcome::already_stored) told.push_back(line);
      say.logged(line);
    };
    auto reread = pipeline::ingest(store, found.returns, book, read, [&](ingest::Ingested&& got) {
      say.progress(++done, found.returns.size(), got.read.file);
      account(got);
    });
    for (const auto& again : reread)
      if (again.done) account(*again.done);
    // A service that sent several for one period: the newest is in force.
    std::vector<std::string> superseded;
    std::set<std::string> files_seen;
    for (const auto& d : found.returns) files_seen.insert(d.path.string());
    for (const auto& [service, period] : returns_of)
      for (const auto& sub : store.submissions(service, period))
        if (sub.superseded_by && files_seen.count(sub.file)) superseded.push_back(fmt::format("{} ({} {})", sub.file, service, period));
    counts.superseded = static_cast<int>(superseded.size());

    // The period.
    std::string why;
    Period period;
    if (asked) {
      period = *asked;
      why = "as given with --period";
    } else if (auto chosen = pipeline::period_to_run(store, book, today)) {
      period = chosen->period;
      why = chosen->why;
    } else {
      throw Error(Location::of_file(rules_path), "no period to run: no returns in the store, and no deadline passed in a year the rule file has targets for",
                  "give the period with --period \"2017/18 Q2\"");
    }
    say(fmt::format("kpiflow run for {}, {}: {}", book.scorecard.name, period.str(), why));
    say(fmt::format("inbox {}: {} found{}; {} read, {} unchanged since they were read, {} refused, {} superseded by a newer one",
                    inbox.string(), counted(counts.found, "return", "returns"),
                    found.emails ? fmt::format(" (from {} e-mails among them)", found.emails) : std::string(), counts.read, counts.unchanged,
                    counts.refused, counts.superseded));
    for (const auto& line : told) say("  " + line);
    for (const auto& s : superseded) say("  superseded: " + s);
    int next_run = 0, passed_unread = 0;
    for (const auto& p : found.passed_over) {
      say.logged(fmt::format("passed over {}: {}", p.path, p.why));
      if (p.kind == pipeline::PassedOver::Kind::next_run) {
        ++next_run;
        say(fmt::format("  {}: {}", p.path, p.why));
      } else if (p.kind == pipeline::PassedOver::Kind::unreadable) {
        ++passed_unread;
        say(fmt::format("  {}: {}", p.path, p.why));
      }
    }
    if (!found.passed_over.empty())
      say(fmt::format("  {} passed over (lock, temporary and other files; each named in run.log)", counted(static_cast<int>(found.passed_over.size()), "file", "files")));

    // Checked, scored, published.
    validate::Findings findings = pipeline::validate(store, book, period, today);
    int missing = 0, awaited = 0;
    for (const auto& issue : findings.issues) {
      missing += issue.code == Code::missing_return;
      awaited += issue.code == Code::return_awaited;
    }
    Scorecard card = pipeline::transform(store, book, period, pipeline::Want::totals);
    int late = 0;
    for (const auto& c : card.compliance) late += c.received && !c.received_on.empty() && !c.on_time;
    say(fmt::format("returns: {} of {} services sent one; {} missing, {} late, {} not yet due", findings.returns, findings.services_due, missing,
                    late, awaited));
    say(fmt::format("issues: {}", severity_counts({findings.count(Severity::error), findings.count(Severity::warning), findings.count(Severity::info)})));
    Tally all;
    for (const auto& r : card.rollups)
      if (r.dimension == "All") all = r.tally;
    const bool five = book.scorecard.levels == 5;
    std::string colours = five ? fmt::format("{} Green, {} Amber-Green, {} Amber, {} Red-Amber, {} Red", all.green, all.amber_green, all.amber,
                                             all.red_amber, all.red)
                               : fmt::format("{} Green, {} Amber, {} Red", all.green, all.amber, all.red);
    say(fmt::format("statuses: {} indicators: {}; {} in measurement or without a target, {} not due, {} missing", all.indicators, colours,
                    all.in_measurement + all.no_target + all.not_scored, all.not_due, all.missing));
    for (const auto& r : card.action_rollups)
      if (r.dimension == "All")
        say(fmt::format("actions: {}: {} Green, {} Amber, {} Red; {} delivered, {} re-phased, {} with no update", counted(r.tally.actions, "action", "actions"),
                        r.tally.green, r.tally.amber, r.tally.red, r.tally.delivered, r.tally.rephased_minor + r.tally.rephased_major,
                        r.tally.no_update));

    // Each period's workbooks in a folder of its own; what they replace kept, dated, in its previous/.
    const std::string run_stamp = fmt::format("{:%Y-%m-%d %H%M}", std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    const std::filesystem::path period_folder = folder / period.file_name(), previous = period_folder / "previous" / run_stamp;
    remove_leftovers(folder);
    remove_leftovers(period_folder);
    auto issues = pipeline::report_issues(book, findings, period_folder, previous);
    publish::Options chosen;
    chosen.amber_exceptions = exceptions == "red,amber";
    auto published = pipeline::publish(store, book, period, db, period_folder, chosen, previous, circulate);
    const char* kept = " (up to date: nothing it is made from changed, so not written again)";
    say(fmt::format("issues workbook: {}{}", issues.files[0].string(), issues.written ? "" : kept));
    say(fmt::format("consolidated workbook: {}{}", published.files[0].string(), published.written ? "" : kept));
    say(fmt::format("scorecard: {}{}", published.files[1].string(), published.written ? "" : kept));
    if (circulate.html) say(fmt::format("report for the website: {}{}", published.html.string(), published.written ? "" : kept));
    if (circulate.pdf && published.pdf_failed.empty()) say(fmt::format("scorecard to circulate: {}{}", published.pdf.string(), published.written ? "" : kept));
    // A PDF LibreOffice could not make stops nothing else: said, and counted as a problem of the run.
    if (!published.pdf_failed.empty()) say(fmt::format("no PDF: {}", published.pdf_failed));
    chasing.today = today;
    chasing.findings = &findings;
    pipeline::Chased chased = pipeline::chase(store, book, period, period_folder, chasing);
    for (const auto& line : chase_lines(chased, chasing.emails)) say(line);

    const bool problems = counts.found == 0 || counts.refused > 0 || missing > 0 || findings.count(Severity::error) > 0 || !published.pdf_failed.empty();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    nlohmann::json summary{
        {"period", period.str()},
        {"why", why},
        {"today", iso(today)},
        {"inbox", inbox.string()},
        {"returns", {{"found", counts.found}, {"read", counts.read}, {"unchanged", counts.unchanged}, {"refused", counts.refused},
                     {"superseded", counts.superseded}, {"emails", found.emails}, {"passed_over", found.passed_over.size()},
                     {"left_for_next_run", next_run}, {"unreadable_folders_or_files", passed_unread}}},
        {"services", {{"due", findings.services_due}, {"sent", findings.returns}, {"missing", missing}, {"late", late}, {"awaited", awaited}}},
        {"issues", {{"errors", findings.count(Severity::error)}, {"warnings", findings.count(Severity::warning)}, {"notes", findings.count(Severity::info)}}},
        {"statuses", {{"indicators", all.indicators}, {"green", all.green}, {"amber_green", all.amber_green}, {"amber", all.amber},
                      {"red_amber", all.red_amber}, {"red", all.red}, {"not_scored", all.in_measurement + all.no_target + all.not_scored},
                      {"not_due", all.not_due}, {"missing", all.missing}}},
        {"outputs", {{"issues", {{"file", issues.files[0].string()}, {"written", issues.written}}},
                     {"consolidated", {{"file", published.files[0].string()}, {"written", published.written}}},
                     {"scorecard", {{"file", published.files[1].string()}, {"written", published.written}}},
                     {"chase", {{"file", chased.workbook.string()}, {"written", chased.written}, {"items", chased.items},
                                {"services", chased.services}, {"owners", chased.owners}, {"feedback", chased.feedback.size()},
                                {"drafts", chased.drafts.size()}}}}},
        {"exit_status", problems ? exit_issues_found : exit_clean},
        {"seconds", seconds}};
    write_whole(folder / "run.json", [&](const std::filesystem::path& temporary) {
      std::ofstream to(temporary);
      to << summary.dump(2) << "\n";
      if (!to.flush()) throw Error(Location::of_file((folder / "run.json").string()), "cannot write", "check the folder can be written and has room");
    });
    say(fmt::format("done in {:.1f} s: {}", seconds,
                    problems ? "completed, with problems in the returns to chase (the issues workbook lists them)" : "clean"));
    say.keep(folder);
    return problems ? exit_issues_found : exit_clean;
  } catch (const Error& e) {
    say(fmt::format("could not run: {}", one_line(e.where(), e.message(), e.hint())));
    say.keep(folder);
    throw;
  }
}

}  // namespace kpiflow::cli
