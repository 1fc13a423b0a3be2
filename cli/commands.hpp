// Subcommands are a table, as in ninja: name, one-line summary, and a run
// function that gets the arguments after the subcommand's name.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cli/exit_status.hpp"

namespace kpiflow::pipeline {
struct Chased;
}

namespace kpiflow::cli {

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(const std::vector<std::string>& args);
};

std::span<const Command> commands();

int run_cat(const std::vector<std::string>& args);
int run_ingest(const std::vector<std::string>& args);
int run_validate(const std::vector<std::string>& args);
int run_transform(const std::vector<std::string>& args);
int run_export(const std::vector<std::string>& args);
int run_run(const std::vector<std::string>& args);
int run_chase(const std::vector<std::string>& args);
int run_template(const std::vector<std::string>& args);
int run_store(const std::vector<std::string>& args);

// Shared by chase and run: what chasing says it wrote.
std::vector<std::string> chase_lines(const pipeline::Chased& chased, const std::filesystem::path& emails);

}  // namespace kpiflow::cli
