// How the basis of a scored figure is shown in a reason.
#include <fmt/format.h>

#include "transform/history.hpp"

namespace kpiflow::transform {

std::string basis_prefix(const std::string& basis) {
  if (basis == "value" || basis.empty()) return {};
  return basis + " ";
}

}  // namespace kpiflow::transform
