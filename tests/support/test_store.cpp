#include "support/test_store.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace kpiflow::testing {

namespace {
const char* server() {
  const char* address = std::getenv("KPIFLOW_TEST_POSTGRES");
  return address && *address ? address : nullptr;
}
}  // namespace

bool on_postgres() { return server() != nullptr; }

std::string fresh_store_address(const std::filesystem::path& dir, const std::string& file) {
  if (!on_postgres()) return (dir / file).string();
  static int made = 0;
  std::string schema = fmt::format("t{}_{}", ::getpid(), ++made);
  PGconn* conn = PQconnectdb(server());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("the test server refused a connection: " + message);
  }
  PGresult* r = PQexec(conn, fmt::format("CREATE SCHEMA {}", schema).c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string message = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(conn);
  if (!ok) throw std::runtime_error("the test server could not make a schema: " + message);
  std::string base = server();
  return fmt::format("{}{}options=-csearch_path%3D{}", base, base.find('?') == std::string::npos ? "?" : "&", schema);
}

store::Store fresh_store() {
  if (!on_postgres()) return store::Store::in_memory();
  return store::Store::open(fresh_store_address({}));
}

}  // namespace kpiflow::testing
