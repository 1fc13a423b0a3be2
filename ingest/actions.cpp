#include "ingest/actions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <map>

#include "model/text.hpp"

namespace kpiflow::ingest {

namespace {



// Headings are compared as their words ("Action ref." is "action ref"), so
// the punctuation services add does not hide a column.
bool heads(std::string_view heading, const std::vector<std::string>& aliases, std::initializer_list<std::string_view> more,
           std::initializer_list<std::string_view> prefixes = {}) {
  std::string words = name_words(heading);
  for (const auto& alias : aliases)
    if (alias.find('{') == std::string::npos && words == name_words(alias)) return true;
  for (auto alias : more)
    if (words == name_words(alias)) return true;
  for (auto prefix : prefixes)
    if (words.starts_with(name_words(prefix))) return true;
  return false;
}

const std::vector<std::string> none;

// "Action for 2018/19", the county report's heading, and the plain ones.
bool heads_title(std::string_view h) {
  return heads(h, none, {"Action", "Actions", "Action title", "Key action", "Action description", "Description", "Title"},
               {"Action for ", "Actions for ", "Key action for "});
}
bool heads_ref(std::string_view h, const rules::Service& s) {
  return heads(h, s.columns.ref, {"Ref", "Action ref", "Action reference", "Action no", "Action number", "Action id", "No"});
}
bool heads_progress(std::string_view h) {
  return heads(h, none, {"Progress", "Action status", "Status", "Progress status", "Delivery status", "Action progress",
                         "Progress against milestone", "Milestone status"});
}
bool heads_assessed(std::string_view h, const rules::Service& s) { return heads(h, s.columns.assessed, {"RAG"}, {"RAG "}); }
bool heads_revised(std::string_view h) {
  return heads(h, none, {"Revised milestone", "Revised date", "New date", "Re-phased to", "Rephased to", "Revised due date", "New milestone",
                         "Revised target date", "New target date"});
}
bool heads_milestone(std::string_view h) { return heads(h, none, {"Milestone", "Milestone date", "Due date", "Target date", "Due by"}); }
bool heads_commentary(std::string_view h, const rules::Service& s) {
  return heads(h, s.columns.commentary, {"Commentary", "Update", "Progress update", "Comments", "Latest update", "Comments on progress"});
}

std::string words_allowed(const rules::RuleBook& book) {
  std::string out;
  auto add = [&](std::string_view w) {
    std::string quoted = fmt::format("'{}'", w);
    if (out.find(quoted) == std::string::npos) out += (out.empty() ? "" : ", ") + quoted;
  };
  for (const auto& w : book.progress_word_list) add(w);
  for (const auto& entry : names<Progress>()) add(entry.words);
  return out;
}

}  // namespace

namespace {
std::optional<ActionColumns> columns_of(std::uint32_t row, const Grid::Row& cells, const rules::Service& service) {
    ActionColumns found;
    found.row = row;
    std::optional<std::uint32_t> ref;
    for (const auto& [col, cell] : cells) {
      std::string_view h = trim(cell.text());
      if (h.empty()) continue;
      auto take = [&](std::optional<std::uint32_t>& slot, bool matched) {
        if (!slot && matched) slot = col;
        return matched;
      };
      if (take(ref, !ref && heads_ref(h, service))) continue;
      if (take(found.progress, !found.progress && heads_progress(h))) continue;
      if (take(found.assessed, heads_assessed(h, service))) continue;
      if (take(found.revised, heads_revised(h))) continue;
      if (take(found.commentary, heads_commentary(h, service))) continue;
      if (take(found.milestone, heads_milestone(h))) continue;
      take(found.title, heads_title(h));
    }
    if (!ref) return std::nullopt;
    // A RAG beside a Ref is also how a measures table is headed: with no
    // progress, the action's or the milestone's heading must say it is actions.
    if (!found.progress && !(found.assessed && (found.title || found.milestone))) return std::nullopt;
    found.ref = *ref;
    return found;
}
}  // namespace

bool heads_actions(const Grid::Row& cells, const rules::Service& service) { return columns_of(0, cells, service).has_value(); }

std::optional<ActionColumns> find_action_columns(const Grid& grid, const rules::Service& service, std::optional<std::uint32_t> not_row) {
  for (const auto& [row, cells] : grid.rows()) {
    if (not_row && row == *not_row) continue;
    if (auto found = columns_of(row, cells, service)) return found;
  }
  return std::nullopt;
}

void read_actions(const Grid& grid, const ActionColumns& columns, std::optional<std::uint32_t> end_row, const std::string& sheet,
                  const rules::RuleBook& book, const rules::Service& service, const Period& period, Return& out) {
  auto issue = [&](Code code, CellRef at, const std::string& action, std::string message, std::string hint, std::string raw = {}) {
    Issue i = Issue::of(code, Location::of_cell(out.file, sheet, at), std::move(message), std::move(hint));
    i.service = service.id;
    i.indicator = action;
    i.raw = std::move(raw);
    out.issues.push_back(std::move(i));
  };
  std::vector<const rules::Action*> own;
  for (const auto& a : book.actions)
    if (a.service == service.id) own.push_back(&a);
  std::map<std::string, CellRef> seen;
  for (const auto& [row, cells] : grid.rows()) {
    if (row <= columns.row) continue;
    if (end_row && row >= *end_row) break;
    auto text_at = [&](std::optional<std::uint32_t> col) {
      const Grid::Value* cell = col ? grid.at(CellRef{row, *col}) : nullptr;
      return cell ? std::string(trim(cell->text())) : std::string();
    };
    std::string ref = text_at(columns.ref), title = text_at(columns.title), progress = text_at(columns.progress),
                rag = text_at(columns.assessed);
    if (ref.empty() && title.empty()) continue;
    CellRef ref_cell{row, columns.ref};
    const rules::Action* action = ref.empty() ? nullptr : book.action(ref);
    if (action == nullptr && !title.empty()) {
      auto titled = std::find_if(own.begin(), own.end(), [&](const rules::Action* a) { return name_words(a->title) == name_words(title); });
      if (titled != own.end()) action = *titled;
    }
    if (action == nullptr) {
      if (progress.empty() && rag.empty()) continue;  // a heading ("Outcome 1: People are healthy and safe")
      std::vector<std::string_view> ids;
      for (const auto* a : own) ids.push_back(a->id);
      std::string near = closest(ref, ids);
      issue(Code::unknown_action, ref_cell, {},
            fmt::format("Ref '{}' is not an action of {} in the rule file{}", excerpt(ref), service.name,
                        near.empty() ? std::string() : fmt::format("; did you mean '{}'?", near)),
            "correct the Ref, or add the action to the rule file's 'actions:'", ref);
      continue;
    }
    if (action->service != service.id) {
      const rules::Service* owner = book.service(action->service);
      issue(Code::unknown_action, ref_cell, action->id,
            fmt::format("action {} is {}'s, not {}'s, so it is not read from this return", action->id, owner ? owner->name : action->service,
                        service.name),
            "report each action in its own service's return, or correct its service in the rule file", ref);
      continue;
    }
    if (auto [it, first] = seen.emplace(action->id, ref_cell); !first) {
      issue(Code::duplicate_indicator, ref_cell, action->id,
            fmt::format("action {} appears again (first at {}); the first row is kept", action->id, to_a1(it->second)), "delete the repeated row",
            ref);
      continue;
    }
    // An action not yet begun ("From July 2018") has nothing to report.
    if (progress.empty() && rag.empty() && !rules::action_started(*action, period, book.scorecard)) continue;
    ActionUpdate u;
    u.action = action->id;
    u.period = period.str();
    u.sheet = sheet;
    // Where the action's standing is read: its progress, else its RAG.
    CellRef progress_cell{row, columns.progress ? *columns.progress : *columns.assessed};
    u.cell = to_a1(progress_cell);
    u.progress_raw = progress;
    u.assessed = text_at(columns.assessed);
    if (columns.assessed) u.assessed_cell = to_a1(CellRef{row, *columns.assessed});
    u.commentary = text_at(columns.commentary);
    if (columns.commentary) u.commentary_cell = to_a1(CellRef{row, *columns.commentary});
    u.revised = text_at(columns.revised);
    if (columns.revised) u.revised_cell = to_a1(CellRef{row, *columns.revised});
    if (!columns.progress) {
      if (rag.empty())
        issue(Code::blank_value, progress_cell, action->id, fmt::format("action {} ({}) has no RAG", action->id, excerpt(action->title, 60)),
              "write its RAG: Red, Amber or Green");
    } else if (progress.empty()) {
      issue(Code::blank_value, progress_cell, action->id, fmt::format("action {} ({}) has no progress", action->id, excerpt(action->title, 60)),
            fmt::format("write its progress: one of {}", words_allowed(book)));
    } else if (!(u.progress = book.progress_of(progress))) {
      issue(Code::unknown_progress, progress_cell, action->id,
            fmt::format("'{}' is not a progress the rule file knows, for action {}", excerpt(progress), action->id),
            fmt::format("write one of {}, or add the word under 'action_status:' in the rule file", words_allowed(book)), progress);
    }
    if (!u.revised.empty() && !rules::milestone_written(u.revised, book.scorecard.year_start_month))
      issue(Code::unparseable_value, CellRef{row, *columns.revised}, action->id,
            fmt::format("'{}' is not a date or month kpiflow can read, so action {}'s milestone is not revised", excerpt(u.revised), action->id),
            "write the new milestone as 'By March 2019' or 31/03/2019", u.revised);
    out.actions.push_back(std::move(u));
  }
}

}  // namespace kpiflow::ingest
