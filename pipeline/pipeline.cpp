#include "pipeline/pipeline.hpp"
#include "pipeline/made_from.hpp"
#include "pipeline/office.hpp"
#include "model/output_file.hpp"
#include "model/digest.hpp"
#include <nlohmann/json.hpp>

#include <chrono>
#include <iterator>
#include <set>
#include <fstream>

#include <fmt/format.h>

#include <algorithm>

#include "model/text.hpp"
#include "transform/transform.hpp"

namespace kpiflow::pipeline {

int Ingest::not_stored() const {
  return static_cast<int>(std::count_if(files.begin(), files.end(), [](const ingest::Ingested& i) { return !i.outcome; }));
}

Opened open(const std::filesystem::path& rules_path, const std::filesystem::path& db, store::Access access, bool create,
            rules::Parts parts) {
  std::string yaml = rules::rule_file_text(rules_path);
  std::string key = rules::cache_key(yaml, rules_path.string());
  if (!store::is_server(db.string()) && !std::filesystem::exists(db)) {
    rules::RuleBook book = rules::load_rules_text(yaml, rules_path.string());
    if (!create)
      throw Error(Location::of_file(db.string()), "there is no history store here", "run `kpiflow ingest` first, or name the store with --db");
    store::Store store = store::Store::open(db, access);
    store.cache_rules(key, rules::to_cache(book));
    return Opened{std::move(book), std::move(store)};
  }
  store::Store store = store::Store::open(db, access);
  if (auto cached = store.cached_rules(key))
    if (auto book = rules::from_cache(*cached, yaml, parts)) return Opened{std::move(*book), std::move(store)};
  rules::RuleBook book = rules::load_rules_text(yaml, rules_path.string());
  store.cache_rules(key, rules::to_cache(book));
  return Opened{std::move(book), std::move(store)};
}

std::vector<ingest::Reread> ingest(store::Store& store, const std::vector<ingest::Delivery>& returns, const rules::RuleBook& book,
                                   const ingest::ReturnOptions& options, const std::function<void(ingest::Ingested&&)>& each) {
  // Returns are committed in batches: a sync per batch, not per return
  // (each return is still all or nothing), every 32 returns or half a
  // second, so that a kill loses little that a rerun must read again.
  store.check_integrity();
  store::Store::Batch batch(store);
  auto last_commit = std::chrono::steady_clock::now();
  int in_batch = 0;
  auto commit_when_due = [&] {
    if (++in_batch < 32 && std::chrono::steady_clock::now() - last_commit < std::chrono::milliseconds(500)) return;
    batch.commit();
    last_commit = std::chrono::steady_clock::now();
    in_batch = 0;
  };
  ingest::ingest_all(store, returns, book, options, [&](ingest::Ingested&& done) {
    each(std::move(done));
    commit_when_due();
  });
  return ingest::reread_stale(store, book, options.limits);
}

Ingest ingest(store::Store& store, const std::vector<std::filesystem::path>& files, const rules::RuleBook& book,
              const ingest::ReturnOptions& options) {
  Ingest out;
  std::vector<ingest::Delivery> returns;
  returns.reserve(files.size());
  for (const auto& path : files) returns.push_back(ingest::Delivery{path, std::nullopt, path, std::nullopt, {}, std::nullopt});
  out.reread = ingest(store, returns, book, options, [&](ingest::Ingested&& done) { out.files.push_back(std::move(done)); });
  return out;
}

namespace {

// What a scorecard is made from besides the returns: the rule file (and
// register), and the kpiflow that scored it, since another may score differently.
std::string basis_of(const rules::RuleBook& book) { return book.fingerprint + " kpiflow " KPIFLOW_VERSION; }

}  // namespace

validate::Findings validate(store::Store& store, const rules::RuleBook& book, const Period& period,
                            std::optional<std::chrono::year_month_day> today) {
  if (!today) today = kpiflow::today();
  // A validation is made from the rule file, the returns, ingest's issues and
  // the day (a return is missing once its deadline has passed): with none
  // of them changed, the nightly rerun reads it back.
  const std::string basis =
      fmt::format("{} | {} | {} | {}", basis_of(book), store.last_change(), store.ingest_state(), iso(*today));
  if (auto made = store.validated(period.str()); made && made->basis == basis) {
    validate::Findings findings;
    findings.period = period;
    findings.issues = store.issues(period.str());
    findings.services_due = made->services_due;
    findings.returns = made->returns;
    return findings;
  }
  validate::Findings findings = validate::validate(book, store, period, today);
  // A read-only role (a team's server) validates and reports, and leaves
  // the recorded list, which the chase list is made from, to a role that may write.
  if (store.may_write()) store.record_validation(period.str(), findings.issues, {basis, findings.services_due, findings.returns});
  return findings;
}

Scorecard transform(store::Store& store, const rules::RuleBook& book, const Period& period, Want want) {
  const std::string basis = basis_of(book);
  auto up_to_date = [&](const std::string& p) {
    auto stale = store.staleness(p, basis);
    return stale && !stale->stale();
  };
  // Nothing it is made from has changed since it was recorded: the nightly
  // rerun costs a read, not a scoring.
  if (up_to_date(period.str()))
    if (auto recorded = want == Want::totals ? store.scorecard_totals(period.str()) : store.scorecard(period.str())) return std::move(*recorded);

  // The other periods of the year that have returns and no up-to-date
  // scorecard are scored in the same pass: a team scores its year period
  // by period, and each period would otherwise read the rule book and the
  // earlier periods' figures again. They are scored in order, each period's
  // text dropped once it is scored, so memory holds one period whole.
  std::vector<Period> due{period};
  for (const std::string& text : store.periods_in_force())
    if (auto p = parse_period(text, book.scorecard.year_start_month);
        p && p->year == period.year && p->kind == period.kind && p->index != period.index && !up_to_date(p->str()))
      due.push_back(*p);
  std::sort(due.begin(), due.end(), [](const Period& a, const Period& b) { return a.index < b.index; });
  std::set<std::string> scored;
  for (const Period& p : due) scored.insert(p.str());

  store::FiguresInForce history(store, scored);
  Scorecard asked;
  // Each scorecard is recorded in its own transaction as soon as it is
  // scored, so the store's write lock is held for a write, never for the
  // scoring: an ingest running beside it waits milliseconds, not the year.
  for (const Period& p : due) {
    Scorecard card = transform::score(book, store, p, history);
    store.record_scorecard(card, basis);
    history.keep_figures_only(p);
    if (p.index == period.index) asked = std::move(card);
  }
  return asked;
}

namespace {

// What the two workbooks are made from, as one digest.
std::string export_basis(const store::Store& store, const rules::RuleBook& book, const Period& period, const publish::Bundle& bundle,
                         const publish::Options& options) {
  std::string made = fmt::format("{}\n{}\nexceptions {} constant-memory {}\nlast change {}\n", basis_of(book), period.str(),
                                 options.amber_exceptions, options.constant_memory_rows, store.last_change());
  // Each period's scorecard as recorded, and the returns in force it was
  // made from, byte for byte (a store rebuilt from other returns can reach
  // the same counts, never the same hashes).
  for (const Period& p : bundle.periods) {
    made += fmt::format("{}: {}\n", p.str(), store.made_from(p.str()));
    for (const auto& r : store.current_submissions(p.str()))
      made += fmt::format("  {} {} {} {} {} {} {} {}\n", r.service, r.period, r.file, r.sha256, r.saved, r.submitted, r.ingested, r.reading);
  }
  for (const Issue& issue : bundle.issues) made += fmt::format("{}|{}|{}\n", issue.service, issue.indicator, issue.str());
  return sha256_of(made);
}


}  // namespace

Published publish(const store::Store& store, const rules::RuleBook& book, const Period& period, const std::string& db_name,
                  const std::filesystem::path& folder, const publish::Options& options, const std::filesystem::path& keep_previous,
                  Circulate circulate) {
  publish::Bundle bundle = publish::gather(store, period, db_name, basis_of(book));
  Published out{{folder / "consolidated.xlsx", folder / "scorecard.xlsx"}, true, {}, {}, {}};
  if (circulate.html) out.files.push_back(out.html = folder / "scorecard.html");
  if (circulate.pdf) out.files.push_back(out.pdf = folder / "scorecard.pdf");
  const std::string workbooks_basis = export_basis(store, book, period, bundle, options) + (circulate.html ? " html" : "");
  std::string basis = workbooks_basis + (circulate.pdf ? " pdf" : "");
  std::filesystem::path stamp = folder / ".kpiflow-export";
  if (still_as_made(stamp, basis, out.files)) {
    out.written = false;
    return out;
  }
  make_room(folder, out.files, keep_previous);
  publish::write_consolidated(out.files[0], book, store, bundle, options);
  publish::write_scorecard(out.files[1], book, store, bundle, options);
  if (circulate.html) publish::write_report_html(out.html, book, store, bundle, options);
  if (circulate.pdf) {
    try {
      to_pdf(out.files[1], out.pdf);
    } catch (const Error& e) {
      // The workbooks stand; recorded as made without the PDF, so the next run tries it again.
      out.pdf_failed = one_line(e.where(), e.message(), e.hint());
      out.files.pop_back();
      out.pdf.clear();
      basis = workbooks_basis;
    }
  }
  note_made(stamp, basis, out.files);
  return out;
}

Published report_issues(const rules::RuleBook& book, const validate::Findings& findings, const std::filesystem::path& folder,
                         const std::filesystem::path& keep_previous) {
  Published out{{folder / "issues.xlsx"}, true, {}, {}, {}};
  std::string made = fmt::format("{}\n{}\n", basis_of(book), findings.period.str());
  for (const Issue& issue : findings.issues) made += issue.str() + "\n";
  std::string basis = sha256_of(made);
  std::filesystem::path note = folder / ".kpiflow-issues";
  if (still_as_made(note, basis, out.files)) {
    out.written = false;
    return out;
  }
  make_room(folder, out.files, keep_previous);
  validate::write_workbook(out.files[0], book, findings);
  note_made(note, basis, out.files);
  return out;
}

}  // namespace kpiflow::pipeline
