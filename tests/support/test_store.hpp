// The store a test works on. By default SQLite in memory; when
// KPIFLOW_TEST_POSTGRES names a server (tests/store/postgres_server.py sets
// it), a fresh schema on it, so the same tests check both backends.
#pragma once

#include <filesystem>
#include <string>

#include "store/store.hpp"

namespace kpiflow::testing {

bool on_postgres();
// A new, empty store's address: a file in dir, or a new schema on the server.
std::string fresh_store_address(const std::filesystem::path& dir, const std::string& file = "store.db");
store::Store fresh_store();

}  // namespace kpiflow::testing
