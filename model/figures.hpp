// The figures in force for each indicator and period, however they are
// kept: what scoring reads the history through. The store provides one
// (store::FiguresInForce); a test can provide its own.
#pragma once

#include <string>

#include "model/observation.hpp"
#include "model/period.hpp"

namespace kpiflow {

class Figures {
 public:
  virtual ~Figures() = default;
  // The observation in force for an indicator in a period; null when none.
  virtual const Observation* find(const std::string& indicator, const Period& period) = 0;
};

}  // namespace kpiflow
