// The one exception type: a stage could not go on (a file refused, a rule
// file unreadable). Expected data problems are values, not exceptions.
#pragma once

#include <stdexcept>
#include <string>

#include "location.hpp"

namespace kpiflow {

class Error : public std::runtime_error {
 public:
  // message: what is wrong, quoting the bad text; hint: what to do about it.
  Error(Location where, std::string message, std::string hint = {});

  const Location& where() const noexcept { return where_; }
  const std::string& message() const noexcept { return message_; }
  const std::string& hint() const noexcept { return hint_; }

 private:
  Location where_;
  std::string message_;
  std::string hint_;
};

// "<where>: <message>; hint: <hint>" on one line.
std::string one_line(const Location& where, const std::string& message, const std::string& hint);

}  // namespace kpiflow
