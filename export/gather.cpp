// What the workbooks show, read from the store once.
#include <fmt/format.h>

#include <algorithm>

#include "export/export.hpp"

namespace kpiflow::publish {

Bundle gather(const store::Store& store, const Period& period, const std::string& db_name, const std::string& basis) {
  Bundle bundle;
  bundle.period = period;
  auto current = store.scorecard_totals(period.str());
  if (!current)
    throw Error(Location::of_file(db_name), fmt::format("the store holds no scorecard for {}", period.str()),
                fmt::format("run `kpiflow transform --period \"{}\"` first", period.str()));
  // Never old figures under a new date: a scorecard made before the latest
  // returns, or under another rule file, is refused.
  if (auto stale = store.staleness(period.str(), basis); stale && stale->stale()) {
    std::string why = stale->returns_changed > 0
                          ? fmt::format("{} {} changed since it was made", stale->returns_changed, stale->returns_changed == 1 ? "return" : "returns")
                          : std::string();
    if (stale->rules_changed) why += (why.empty() ? "" : ", and ") + std::string("the rule file is not the one it was made with");
    throw Error(Location::of_file(db_name), fmt::format("the scorecard for {} is out of date: {}", period.str(), why),
                fmt::format("run `kpiflow transform --period \"{}\"` again, then export", period.str()));
  }
  bundle.current = std::move(*current);
  // This year's scorecards up to the period, for the Data sheet's history.
  if (period.kind != Period::Kind::year)
    for (int i = 1; i < period.index; ++i) {
      Period earlier{period.year, period.kind, i};
      if (std::size_t rows = store.result_count(earlier.str()); rows > 0) {
        bundle.periods.push_back(earlier);
        bundle.data_rows += rows;
      }
    }
  bundle.periods.push_back(period);
  bundle.data_rows += store.result_count(period.str());

  bundle.returns = store.current_submissions(period.str());
  bundle.issues = store.issues(period.str());

  // The trend: each indicator's figure in up to eight periods, oldest
  // first, from the first period with any figure at all.
  std::vector<Period> periods{period};
  while (periods.size() < 8) periods.push_back(periods.back().previous());
  std::reverse(periods.begin(), periods.end());
  std::unordered_map<std::string, std::vector<std::optional<double>>> figures;
  std::size_t first = periods.size();
  for (std::size_t i = 0; i < periods.size(); ++i)
    store.each_value(periods[i].str(), [&](const std::string& indicator, double value) {
      auto& trend = figures[indicator];
      trend.resize(periods.size());
      trend[i] = value;
      first = std::min(first, i);
    });
  if (first == periods.size()) first = periods.size() - 1;
  bundle.trend_periods = periods.size() - first;
  for (auto& [indicator, trend] : figures)
    bundle.trends.emplace(indicator, trend_blocks(std::vector<std::optional<double>>(trend.begin() + static_cast<std::ptrdiff_t>(first), trend.end())));
  return bundle;
}

std::string Bundle::trend(const std::string& indicator) const {
  if (auto it = trends.find(indicator); it != trends.end()) return it->second;
  return trend_blocks(std::vector<std::optional<double>>(trend_periods));
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
