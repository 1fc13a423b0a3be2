#pragma once

namespace kpiflow::cli {

// The same for every subcommand, so a nightly batch can act on them.
enum ExitStatus : int {
  exit_clean = 0,         // ran, nothing to report
  exit_issues_found = 1,  // ran, and found problems of severity error
  exit_could_not_run = 2  // bad options, unreadable input, nothing written
};

}  // namespace kpiflow::cli
