// The rule book kept in a compact binary form. A large council's YAML takes
// yaml-cpp a second and about 50 bytes of memory a byte to parse, and every
// command needs the book: the store keeps this form, keyed by the rule
// file's name and text, and a command reads it back in milliseconds.
//
// Each struct's fields are listed once, in `fields`, for writing and reading
// alike. The format is versioned, and the sizes of the structs are part of
// it, so a kpiflow whose structs differ never reads another's bytes: it
// parses the YAML again and keeps the new form.
#include <cstring>
#include <fstream>
#include <iterator>
#include <type_traits>

#include "model/digest.hpp"
#include "rules/rules.hpp"

namespace kpiflow::rules {

namespace {

constexpr std::uint32_t format_version = 10;

std::string format_tag() {
  return "kpiflow rule book " + std::to_string(format_version) + "/" + std::to_string(sizeof(RuleBook)) + "/" +
         std::to_string(sizeof(Indicator)) + "/" + std::to_string(sizeof(Service)) + "/" + std::to_string(sizeof(Scorecard)) + "/" +
         std::to_string(sizeof(Tolerance)) + "/" + std::to_string(sizeof(Target)) + "/" + std::to_string(sizeof(Location)) + "/" +
         std::to_string(sizeof(Action));
}

template <typename A> void fields(A& a, CellRef& c) { a(c.row, c.col); }
template <typename A> void fields(A& a, Location& l) { a(l.file, l.sheet, l.cell, l.part, l.line, l.column); }
template <typename A> void fields(A& a, Tolerance& t) {
  a(t.kind, t.amber, t.green, t.amber_at, t.red_at, t.amber_green, t.red_amber, t.at_zero, t.limit_inclusive, t.amber_if_improved_on_last_year);
}
template <typename A> void fields(A& a, Target& t) { a(t.kind, t.value, t.high, t.benchmark, t.text, t.strict, t.for_period); }
template <typename A> void fields(A& a, Margin& m) { a(m.kind, m.value); }
template <typename A> void fields(A& a, Band& b) { a(b.worse, b.better); }
template <typename A> void fields(A& a, Scorecard& s) {
  a(s.name, s.year_start_month, s.frequency, s.levels, s.tolerance, s.compare, s.maintained, s.commentary_for_red, s.commentary_for_amber,
    s.action_rag);
}
template <typename A> void fields(A& a, ColumnAliases& c) {
  a(c.ref, c.indicator, c.value, c.target, c.commentary, c.previous, c.assessed, c.assessed_reason, c.figure_period, c.named, c.assessed_named);
}
template <typename A> void fields(A& a, Override& o) { a(o.indicator, o.period, o.status, o.reason, o.where); }
template <typename A> void fields(A& a, Service& s) {
  a(s.id, s.name, s.owner, s.email, s.directorate, s.deadline_working_days, s.sheet, s.columns, s.service_cell, s.period_cell,
    s.submitted_cell, s.deadline_cell, s.owner_cell, s.estimate_fills, s.where);
}
template <typename A> void fields(A& a, Indicator& i) {
  a(i.id, i.title, i.service, i.theme, i.definition, i.key, i.unit, i.decimals, i.polarity, i.frequency, i.due, i.aggregation, i.targets, i.profile,
    i.tolerance, i.minimum, i.maximum, i.max_change, i.seasonal, i.carry_forward, i.latest_available, i.compare, i.maintained, i.benchmarks, i.parts, i.where);
}
template <typename A> void fields(A& a, Milestone& m) { a(m.kind, m.date, m.text); }
template <typename A> void fields(A& a, Action& x) { a(x.id, x.title, x.service, x.theme, x.lead, x.milestone, x.year, x.where); }
template <typename A> void fields(A& a, RuleBook& b) {
  a(b.file, b.fingerprint, b.register_file, b.scorecard, b.states, b.state_words, b.services, b.indicators, b.shared_targets, b.overrides,
    b.actions, b.progress_words, b.progress_word_list);
}

template <typename T>
inline constexpr bool is_plain = std::is_arithmetic_v<T> || std::is_enum_v<T> || std::is_same_v<T, std::chrono::year_month_day>;

class Writer {
 public:
  std::string out;
  template <typename... T>
  void operator()(T&... values) { (put(values), ...); }

 private:
  template <typename T>
  void put(const T& v) {
    if constexpr (is_plain<T>) {
      out.append(reinterpret_cast<const char*>(&v), sizeof v);
    } else {
      fields(*this, const_cast<T&>(v));
    }
  }
  void put(const std::string& s) {
    put(static_cast<std::uint64_t>(s.size()));
    out += s;
  }
  template <typename T>
  void put(const std::optional<T>& v) {
    put(v.has_value());
    if (v) put(*v);
  }
  template <typename T>
  void put(const std::vector<T>& v) {
    put(static_cast<std::uint64_t>(v.size()));
    for (const auto& each : v) put(each);
  }
  template <typename K, typename V>
  void put(const std::map<K, V>& m) {
    put(static_cast<std::uint64_t>(m.size()));
    for (const auto& [k, v] : m) {
      put(k);
      put(v);
    }
  }
};

// Reads what Writer wrote; any shortfall or impossible count is "not ours".
class Reader {
 public:
  explicit Reader(std::string_view in, bool indicators) : indicators_(indicators), in_(in) {}
  bool ok = true;
  template <typename... T>
  void operator()(T&... values) { (get(values), ...); }
  bool at_end() const { return at_ == in_.size(); }

 private:
  bool take(void* to, std::size_t n) {
    if (!ok || in_.size() - at_ < n) return ok = false;
    std::memcpy(to, in_.data() + at_, n);
    at_ += n;
    return true;
  }
  std::uint64_t count() {
    std::uint64_t n = 0;
    take(&n, sizeof n);
    if (n > in_.size() - at_) ok = false;  // every element takes at least a byte
    return ok ? n : 0;
  }
  template <typename T>
  void get(T& v) {
    if constexpr (is_plain<T>) {
      take(&v, sizeof v);
    } else {
      fields(*this, v);
    }
  }
  void get(bool& v) {
    unsigned char byte = 0;
    take(&byte, 1);
    if (byte > 1) ok = false;
    v = byte == 1;
  }
  void get(std::string& s) {
    std::uint64_t n = count();
    if (!ok) return;
    s.assign(in_.data() + at_, n);
    at_ += n;
  }
  template <typename T>
  void get(std::optional<T>& v) {
    bool has = false;
    get(has);
    if (!ok) return;
    if (has) {
      T value{};
      get(value);
      v = std::move(value);
    } else {
      v.reset();
    }
  }
  template <typename T>
  void get(std::vector<T>& v) {
    std::uint64_t n = count();
    v.clear();
    v.reserve(n);
    for (std::uint64_t i = 0; i < n && ok; ++i) {
      T each{};
      get(each);
      v.push_back(std::move(each));
    }
  }
  // Without indicators (an export of a large council): each is read past, one at a time.
  void get(std::vector<Indicator>& v) {
    if (indicators_) return get<Indicator>(v);
    std::uint64_t n = count();
    v.clear();
    for (std::uint64_t i = 0; i < n && ok; ++i) {
      Indicator each;
      get(each);
    }
  }
  template <typename K, typename V>
  void get(std::map<K, V>& m) {
    std::uint64_t n = count();
    m.clear();
    for (std::uint64_t i = 0; i < n && ok; ++i) {
      K k{};
      V v{};
      get(k);
      get(v);
      m.emplace(std::move(k), std::move(v));
    }
  }
  bool indicators_;
  std::string_view in_;
  std::size_t at_ = 0;
};

}  // namespace

std::string cache_key(std::string_view yaml, const std::string& file_name) {
  std::string keyed = file_name;
  keyed += '\0';
  keyed += yaml;
  return sha256_of(keyed);
}

std::string to_cache(const RuleBook& book) {
  Writer w;
  std::string tag = format_tag();
  w(tag);
  fields(w, const_cast<RuleBook&>(book));
  return std::move(w.out);
}

std::optional<RuleBook> from_cache(std::string_view bytes, std::string_view yaml, Parts parts) {
  Reader r(bytes, parts == Parts::all);
  std::string tag;
  r(tag);
  if (!r.ok || tag != format_tag()) return std::nullopt;
  RuleBook book;
  fields(r, book);
  if (!r.ok || !r.at_end()) return std::nullopt;
  // The fingerprint is of the rule file and its register: a register edited
  // since means the book must be read again.
  std::string source(yaml);
  if (!book.register_file.empty()) {
    std::ifstream in(book.register_file, std::ios::binary);
    if (!in) return std::nullopt;
    source.append(std::istreambuf_iterator<char>(in), {});
  }
  if (sha256_of(source) != book.fingerprint) return std::nullopt;
  return book;
}

}  // namespace kpiflow::rules
