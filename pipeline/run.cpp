// kpiflow run's own steps: what is in the inbox, which period, the lock,
// and the filesystem check (pipeline.hpp, docs/run.md).
#include <fcntl.h>
#include <sys/file.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>

#include "mail/mail.hpp"
#include "model/digest.hpp"
#include "model/error.hpp"
#include "model/text.hpp"
#include "pipeline/pipeline.hpp"

namespace kpiflow::pipeline {

namespace {

bool one_of(const std::string& ext, std::initializer_list<const char*> list) {
  return std::any_of(list.begin(), list.end(), [&](const char* e) { return ext == e; });
}

// What may be a return, by its name: those read, and those refused with a
// reason (.xls, .ods) so the service is told to save them again.
bool spreadsheet_name(const std::string& ext) { return one_of(ext, {".xlsx", ".xlsm", ".csv", ".tsv", ".xls", ".xlsb", ".ods"}); }

// Files an editor, a browser or a copy leaves while it works.
std::optional<std::string> temporary(const std::string& name, const std::string& ext) {
  if (name.rfind("~$", 0) == 0) return "an Office lock file (the return is open in Excel or Word)";
  if (name.rfind(".~lock.", 0) == 0) return "a LibreOffice lock file (the return is open)";
  if (name[0] == '.') return "a hidden file";
  if (name.back() == '~' || name[0] == '~' || one_of(ext, {".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp"}))
    return "a temporary file";
  return std::nullopt;
}

std::string age(std::chrono::seconds s) {
  return s.count() < 120 ? fmt::format("{} s ago", s.count()) : fmt::format("{} min ago", s.count() / 60);
}

class Search {
 public:
  Search(const rules::RuleBook& book, const Looking& how, Inbox& out) : how_(how), out_(out) {
    for (const auto& s : book.services)
      if (!s.email.empty()) senders_[ascii_lower(s.email)].push_back(s.id);
  }

  void folder(const std::filesystem::path& dir, int depth) {
    if (depth > 32) {
      pass(dir, "folders nested more than 32 deep are not searched");
      return;
    }
    std::error_code error;
    std::filesystem::directory_iterator it(dir, error), end;
    if (error) {
      pass(dir, fmt::format("the folder cannot be read: {}", error.message()), PassedOver::Kind::unreadable);
      return;
    }
    std::vector<std::filesystem::directory_entry> entries;
    for (; it != end; it.increment(error)) {
      if (error) {
        pass(dir, fmt::format("the folder could not be read to the end: {}", error.message()), PassedOver::Kind::unreadable);
        break;
      }
      entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
    for (const auto& entry : entries) one(entry, depth);
  }

  // A file named on the command line: read as it is, whatever its name.
  void given(const std::filesystem::path& path) {
    if (ascii_lower(path.extension().string()) == ".eml") message(path);
    else if (ascii_lower(path.extension().string()) == ".msg") outlook(path);
    else out_.returns.push_back(ingest::Delivery{path, std::nullopt, path, std::nullopt, {}, std::nullopt});
  }

 private:
  void pass(const std::filesystem::path& path, std::string why, PassedOver::Kind kind = PassedOver::Kind::other) {
    out_.passed_over.push_back(PassedOver{path.string(), std::move(why), kind});
  }

  void one(const std::filesystem::directory_entry& entry, int depth) {
    const std::filesystem::path& path = entry.path();
    std::string name = path.filename().string();
    std::string ext = ascii_lower(path.extension().string());
    std::error_code error;
    auto status = entry.symlink_status(error);
    if (error) {
      pass(path, fmt::format("cannot be read: {}", error.message()), PassedOver::Kind::unreadable);
      return;
    }
    if (std::filesystem::is_symlink(status)) {
      // Never followed: a link may lead out of the inbox, or round in a loop;
      // what it points at inside the inbox is found where it is.
      pass(path, "a link, not followed (put the return itself in the inbox)", PassedOver::Kind::link);
      return;
    }
    if (std::filesystem::is_directory(status)) {
      if (!name.empty() && name[0] == '.') return;  // hidden folders: a client's or a sync tool's own
      folder(path, depth + 1);
      return;
    }
    if (!std::filesystem::is_regular_file(status)) return;  // sockets, pipes, devices
    if (auto why = temporary(name, ext)) {
      pass(path, *why);
      return;
    }
    bool email = ext == ".eml", outlook = ext == ".msg";
    if (!email && !outlook && !spreadsheet_name(ext)) {
      pass(path, "not a return (kpiflow reads .xlsx, .xlsm, .csv, .tsv and e-mails saved as .eml)");
      return;
    }
    auto modified = std::filesystem::last_write_time(path, error);
    if (!error) {
      auto changed = std::chrono::duration_cast<std::chrono::seconds>(how_.now - std::chrono::file_clock::to_sys(modified));
      if (changed < how_.settle) {
        pass(path, fmt::format("changed {}, so it may still be being written; read by the next run", age(std::max(changed, std::chrono::seconds{0}))),
             PassedOver::Kind::next_run);
        return;
      }
    }
    if (outlook) this->outlook(path);
    else if (email) message(path);
    else out_.returns.push_back(ingest::Delivery{path, std::nullopt, path, std::nullopt, {}, std::nullopt});
  }

  void outlook(const std::filesystem::path& path) {
    ingest::Delivery d{path, std::nullopt, path, std::nullopt, {}, std::nullopt};
    d.refused = {"this is an Outlook message (.msg), which kpiflow does not open",
                 "save the attached return itself into the inbox (in Outlook: the attachment's menu, Save As), or save the "
                 "message as .eml (Outlook on the web, Thunderbird and Apple Mail do)"};
    out_.returns.push_back(std::move(d));
  }

  void message(const std::filesystem::path& path) {
    ++out_.emails;
    mail::Message m;
    try {
      m = mail::read_message(path);
    } catch (const Error& e) {
      ingest::Delivery d{path, std::nullopt, path, std::nullopt, {}, std::pair{e.message(), e.hint()}};
      out_.returns.push_back(std::move(d));
      return;
    }
    ingest::Sent sent{m.from, m.date, m.subject};
    std::string service;
    if (auto it = senders_.find(m.address); it != senders_.end() && it->second.size() == 1) service = it->second.front();
    std::vector<std::string> others;
    std::set<std::string> names;
    int found = 0;
    for (auto& a : m.attachments) {
      std::string ext = ascii_lower(std::filesystem::path(a.name).extension().string());
      if (a.name.empty() || !spreadsheet_name(ext)) {
        others.push_back(a.name);
        continue;
      }
      // Two attachments of one name are two returns: the second is told apart.
      std::string shown = a.name;
      for (int n = 2; !names.insert(shown).second; ++n)
        shown = fmt::format("{} ({}){}", std::filesystem::path(a.name).stem().string(), n, ext);
      ingest::Delivery d{path / shown, std::move(a.bytes), path, sent, service, std::nullopt};
      out_.returns.push_back(std::move(d));
      ++found;
    }
    if (found == 0) {
      std::string attached = others.empty() ? std::string("nothing is attached") : fmt::format("it has {}", quoted_list(others));
      ingest::Delivery d{path, std::nullopt, path, sent, service,
                         std::pair{fmt::format("the e-mail '{}' has no spreadsheet attached ({})", excerpt(m.subject), attached),
                                   "ask the service to send the return as an .xlsx or .csv attachment"}};
      out_.returns.push_back(std::move(d));
    }
  }

  static std::string quoted_list(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "'" : ", '") + excerpt(n) + "'";
    return out;
  }

  const Looking& how_;
  Inbox& out_;
  std::map<std::string, std::vector<std::string>> senders_;
};

std::string day_shown(std::chrono::year_month_day d) {
  return fmt::format("{} {} {}", static_cast<unsigned>(d.day()),
                     std::array{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}[static_cast<unsigned>(d.month()) - 1],
                     static_cast<int>(d.year()));
}

}  // namespace

Inbox look_in(const std::filesystem::path& inbox, const rules::RuleBook& book, const Looking& how) {
  std::error_code error;
  if (!std::filesystem::is_directory(inbox, error))
    throw Error(Location::of_file(inbox.string()), "the inbox is not a folder", "name the folder the returns are saved in");
  Inbox out;
  Search(book, how, out).folder(inbox, 0);
  std::stable_sort(out.returns.begin(), out.returns.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

std::vector<PassedOver> archive(const std::filesystem::path& inbox, const std::vector<ingest::Delivery>& returns,
                                const std::filesystem::path& folder) {
  std::vector<PassedOver> failed;
  std::set<std::filesystem::path> done;
  for (const auto& d : returns) {
    if (!done.insert(d.saved_as).second) continue;  // an e-mail's attachments: the message once
    std::error_code error;
    auto place = std::filesystem::relative(d.saved_as, inbox, error);
    auto to = folder / place;
    if (!error) std::filesystem::create_directories(to.parent_path(), error);
    std::string bytes = error ? std::string() : sha256_of_file(d.saved_as);
    for (int n = 2; !error && std::filesystem::exists(to, error); ++n) {
      if (sha256_of_file(to) == bytes) break;  // already archived
      to = folder / place.parent_path() / fmt::format("{} ({}){}", place.stem().string(), n, place.extension().string());
    }
    if (!error && !std::filesystem::exists(to, error)) std::filesystem::copy_file(d.saved_as, to, error);
    if (error) failed.push_back(PassedOver{d.saved_as.string(), error.message(), PassedOver::Kind::unreadable});
  }
  return failed;
}

Inbox returns_in(const std::vector<std::string>& given, const rules::RuleBook& book) {
  Looking how;
  how.settle = std::chrono::seconds{0};
  Inbox out;
  for (const auto& item : given) {
    std::filesystem::path path(item);
    std::error_code error;
    auto status = std::filesystem::status(path, error);  // a link named on the command line is meant
    if (error || !std::filesystem::exists(status)) {
      if (std::filesystem::is_symlink(std::filesystem::symlink_status(path, error)))
        throw Error(Location::of_file(item), "the link leads nowhere (or round in a loop)", "name the return or folder itself");
      throw Error(Location::of_file(item), "no such file or folder", "check the path");
    }
    Inbox found;
    Search search(book, how, found);
    if (std::filesystem::is_directory(status)) {
      search.folder(path, 0);
      std::stable_sort(found.returns.begin(), found.returns.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    } else {
      search.given(path);
    }
    for (auto& r : found.returns) out.returns.push_back(std::move(r));
    for (auto& p : found.passed_over) out.passed_over.push_back(std::move(p));
    out.emails += found.emails;
  }
  return out;
}

std::optional<Chosen> period_to_run(const store::Store& store, const rules::RuleBook& book, std::chrono::year_month_day today) {
  using std::chrono::sys_days;
  const int start = book.scorecard.year_start_month;
  const Period::Kind kind = book.scorecard.frequency == rules::Frequency::monthly ? Period::Kind::month : Period::Kind::quarter;
  const Period now = period_of(today, kind, start);

  // The latest ended period with returns in force.
  std::optional<Period> arriving;
  int received = 0;
  for (const auto& text : store.periods_in_force()) {
    auto p = parse_period(text, start);
    if (!p || p->kind != kind || sys_days{p->last_day(start)} >= sys_days{today}) continue;
    if (!arriving || sys_days{p->last_day(start)} > sys_days{arriving->last_day(start)}) arriving = *p;
  }
  if (arriving) received = static_cast<int>(store.current_submissions(arriving->str()).size());

  // The latest period of a year the rule file has targets for whose last deadline has passed.
  std::set<std::string> years;
  for (const auto& ind : book.indicators)
    for (const auto& [key, target] : ind.targets) years.insert(key.substr(0, 7));
  std::optional<std::pair<Period, std::chrono::year_month_day>> overdue;
  Period p = now;
  for (int step = 0; step < 200 && !overdue; ++step, p = p.previous()) {
    if (!years.count(p.financial_year())) continue;
    std::optional<std::chrono::year_month_day> last;
    for (const auto& s : book.services) {
      auto d = rules::deadline(s, p, book.scorecard);
      if (!last || sys_days{d} > sys_days{*last}) last = d;
    }
    if (last && sys_days{*last} < sys_days{today}) overdue = std::pair{p, *last};
  }

  if (arriving && (!overdue || sys_days{arriving->last_day(start)} > sys_days{overdue->first.last_day(start)}))
    return Chosen{*arriving, fmt::format("the latest period that has ended whose returns are arriving ({} in so far)",
                                         counted(received, "return", "returns"))};
  if (overdue)
    return Chosen{overdue->first, fmt::format("the latest period whose deadline ({}) has passed", day_shown(overdue->second))};
  return std::nullopt;
}

namespace {
void refused(const std::string& db, const std::string& holder) {
  throw Error(Location::of_file(db), fmt::format("another kpiflow run is using this store ({})", holder.empty() ? "it has just started" : holder),
              "wait for it to finish; a run that was killed releases the store at once, so this one is still going");
}
}  // namespace

RunLock::RunLock(const std::filesystem::path& db) {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (store::is_server(db.string())) {
    server_.emplace(store::Store::open(db.string()));
    // A connection's name is the holder's courtesy note: 63 bytes at most.
    if (auto holder = server_->lock_runs(fmt::format("kpiflow run, pid {} on {}, {:%Y-%m-%d %H:%M} UTC", ::getpid(), host, now)))
      refused(server_->name(), *holder);
    return;
  }
  std::string file = db.string() + ".lock";
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw Error(Location::of_file(file), fmt::format("cannot make the run's lock file: {}", std::strerror(errno)),
                "check the store's folder can be written");
  auto said = [&] {
    std::string text(512, '\0');
    ssize_t n = ::pread(fd_, text.data(), text.size(), 0);
    text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
    return text;
  };
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    std::string holder = said();
    ::close(fd_);
    fd_ = -1;
    refused(db.string(), holder);
  }
  // The lock is ours: whatever the file says is a run that ended without clearing it.
  taken_over_ = said();
  std::string mine = fmt::format("process {} on {}, since {:%Y-%m-%d %H:%M:%S} UTC\n", ::getpid(), host, now);
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, mine.data(), mine.size(), 0) != static_cast<ssize_t>(mine.size())) {
    // Who holds the lock is a courtesy to whoever is refused; the lock itself stands.
  }
}

RunLock::RunLock(RunLock&& other) noexcept : fd_(other.fd_), taken_over_(std::move(other.taken_over_)), server_(std::move(other.server_)) {
  other.fd_ = -1;
}

RunLock::~RunLock() {
  if (fd_ < 0) return;
  // Cleared, not removed: a run waiting on this file's lock must not lock a file no longer there.
  if (::ftruncate(fd_, 0) != 0) {
  }
  ::close(fd_);
}

std::string network_filesystem(const std::filesystem::path& path) {
  unsigned long type = 0;
  if (const char* given = std::getenv("KPIFLOW_FILESYSTEM_TYPE"); given && *given) {
    type = std::strtoul(given, nullptr, 0);
  } else {
    std::error_code error;
    std::filesystem::path dir = std::filesystem::absolute(path, error).parent_path();
    struct statfs fs {};
    if (::statfs(dir.c_str(), &fs) != 0) return {};
    type = static_cast<unsigned long>(fs.f_type);
  }
  switch (type) {
    case 0x6969: return "NFS";
    case 0x517B: case 0xFF534D42: case 0xFE534D42: return "SMB/CIFS";
    case 0x5346414F: return "AFS";
    case 0x73757245: return "Coda";
    case 0x00C36400: return "CephFS";
    case 0x01021997: return "9P";
    case 0x47504653: return "GPFS";
    case 0x0BD00BD0: return "Lustre";
    default: return {};
  }
}

}  // namespace kpiflow::pipeline
