// What the workbooks show, read from the store once.
#include <fmt/format.h>

#include <algorithm>

#include "export/export.hpp"

namespace kpiflow::publish {

Bundle gather(const store::Store& store, const Period& period, const std::string& db_name, const std::string& rules_fingerprint) {
  Bundle bundle;
  bundle.period = period;
  // This year's scorecards up to the period, for the Data sheet's history.
  if (period.kind != Period::Kind::year)
    for (int i = 1; i < period.index; ++i)
      if (auto card = store.scorecard(Period{period.year, period.kind, i}.str())) bundle.scorecards.push_back(std::move(*card));
  auto current = store.scorecard(period.str());
  if (!current)
    throw Error(Location::of_file(db_name), fmt::format("the store holds no scorecard for {}", period.str()),
                fmt::format("run `kpiflow transform --period \"{}\"` first", period.str()));
  // Never old figures under a new date: a scorecard made before the latest
  // returns, or under another rule file, is refused.
  if (auto stale = store.staleness(period.str(), rules_fingerprint); stale && stale->stale()) {
    std::string why = stale->returns_changed > 0
                          ? fmt::format("{} {} changed since it was made", stale->returns_changed, stale->returns_changed == 1 ? "return" : "returns")
                          : std::string();
    if (stale->rules_changed) why += (why.empty() ? "" : ", and ") + std::string("the rule file is not the one it was made with");
    throw Error(Location::of_file(db_name), fmt::format("the scorecard for {} is out of date: {}", period.str(), why),
                fmt::format("run `kpiflow transform --period \"{}\"` again, then export", period.str()));
  }
  bundle.scorecards.push_back(std::move(*current));

  for (auto& sub : store.current_submissions(period.str())) {
    auto figures = store.observations(sub.id);
    bundle.returns.push_back({std::move(sub), std::move(figures)});
  }
  bundle.issues = store.issues(period.str());

  // The trend: each indicator's figure in up to eight periods, oldest first.
  std::vector<Period> periods{period};
  while (periods.size() < 8) periods.push_back(periods.back().previous());
  std::reverse(periods.begin(), periods.end());
  std::vector<std::map<std::string, double>> figures;
  for (const Period& p : periods) {
    std::map<std::string, double> by_indicator;
    for (const auto& o : store.current_observations(p.str()))
      if (o.value) by_indicator[o.indicator] = *o.value;
    figures.push_back(std::move(by_indicator));
  }
  // Start the trend at the first period with any figure at all.
  std::size_t first = 0;
  while (first + 1 < figures.size() && figures[first].empty()) ++first;
  for (const auto& r : bundle.current().results) {
    std::vector<std::optional<double>> trend;
    for (std::size_t i = first; i < figures.size(); ++i) {
      auto it = figures[i].find(r.indicator);
      trend.push_back(it == figures[i].end() ? std::nullopt : std::optional(it->second));
    }
    bundle.trends[r.indicator] = std::move(trend);
  }
  return bundle;
}

std::string trend_blocks(const std::vector<std::optional<double>>& figures) {
  static const char* blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  double low = 0, high = 0;
  bool any = false;
  for (const auto& f : figures) {
    if (!f) continue;
    low = any ? std::min(low, *f) : *f;
    high = any ? std::max(high, *f) : *f;
    any = true;
  }
  std::string out;
  for (const auto& f : figures) {
    if (!f) {
      out += "·";
      continue;
    }
    int level = high == low ? 3 : static_cast<int>((*f - low) / (high - low) * 7 + 0.5);
    out += blocks[std::clamp(level, 0, 7)];
  }
  return out;
}

}  // namespace kpiflow::publish
