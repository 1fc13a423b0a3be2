// Figures put straight into a store, and a result found on a scorecard: what
// the scoring tests (tests/transform/) build their cases from.
#pragma once

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "model/digest.hpp"
#include "model/scorecard.hpp"
#include "store/store.hpp"

namespace kpiflow::test {

// A return's row as ingest would store it; "-" with no figure is the
// in-measurement token.
inline Observation figure(const std::string& id, const std::string& period, std::optional<double> value, std::string raw = {}) {
  Observation o;
  o.indicator = id;
  o.period = period;
  o.value = value;
  o.raw = raw.empty() && value ? std::to_string(*value) : raw;
  if (!value && raw == "-") o.state = State::in_measurement;
  o.sheet = "Return";
  o.cell = "C2";
  return o;
}

// A service's return for a period, saved (and ingested) at `saved`.
inline void send(store::Store& store, const std::string& service, const std::string& period, std::vector<Observation> figures,
                 const std::string& saved = "2018-01-01T00:00:00Z") {
  store::Submission s;
  s.service = service;
  s.period = period;
  s.file = service + " " + period + ".xlsx";
  s.sha256 = sha256_of(s.file + saved);
  s.saved = saved;
  s.ingested = saved;
  store.add(s, figures);
}

inline const Result& find(const Scorecard& card, const std::string& id) {
  for (const auto& r : card.results)
    if (r.indicator == id) return r;
  FAIL("no result for " << id);
  return card.results.front();
}

}  // namespace kpiflow::test
