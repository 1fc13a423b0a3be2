// The rule book's compact form: what the store keeps so that a command does
// not parse a large council's YAML again.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "rules/rules.hpp"

namespace fs = std::filesystem;
using namespace kpiflow;
using namespace kpiflow::rules;

namespace {

std::string text_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Folder {
  fs::path dir = fs::temp_directory_path() / ("kpiflow-cache-test-" + std::to_string(::getpid()));
  Folder() { fs::create_directories(dir); }
  ~Folder() { fs::remove_all(dir); }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
    return dir / name;
  }
};

}  // namespace

TEST_SUITE("rules") {
  TEST_CASE("the sample council's book reads back from its compact form exactly") {
    fs::path path = fs::path(KPIFLOW_TESTS_DIR) / ".." / "samples" / "council.yaml";
    std::string yaml = text_of(path);
    RuleBook book = load_rules_text(yaml, path.string());
    REQUIRE(book.indicators.size() > 20);
    std::string bytes = to_cache(book);
    auto back = from_cache(bytes, yaml);
    REQUIRE(back);
    CHECK(*back == book);
    // Every field survives: a book differing in one deep field is not equal.
    RuleBook changed = book;
    changed.indicators.back().targets.begin()->second.text += "!";
    CHECK_FALSE(changed == book);
    CHECK(back->indicator(book.indicators.back().id) != nullptr);
  }

  TEST_CASE("a compact form that is cut short, of another format or another text is not used") {
    fs::path path = fs::path(KPIFLOW_TESTS_DIR) / ".." / "samples" / "council.yaml";
    std::string yaml = text_of(path);
    std::string bytes = to_cache(load_rules_text(yaml, path.string()));
    CHECK_FALSE(from_cache(bytes.substr(0, bytes.size() / 2), yaml));
    CHECK_FALSE(from_cache(bytes + "x", yaml));
    CHECK_FALSE(from_cache("kpiflow rule book 0", yaml));
    CHECK_FALSE(from_cache(bytes, yaml + "\n# edited"));
    CHECK(cache_key(yaml, "a.yaml") != cache_key(yaml, "b.yaml"));
    CHECK(cache_key(yaml, "a.yaml") != cache_key(yaml + " ", "a.yaml"));
  }

  TEST_CASE("a register edited since the book was kept means the book is read again") {
    Folder f;
    std::string yaml = "scorecard: {name: Register test}\nservices:\n  - {id: HO, name: Housing}\nindicators_from: register.csv\n";
    auto rules = f.write("rules.yaml", yaml);
    f.write("register.csv", "Ref,Title,Service,Unit,Polarity,Target 2017/18\nHO-01,Homes,HO,number,down,<= 45\n");
    RuleBook book = load_rules(rules);
    std::string bytes = to_cache(book);
    REQUIRE(from_cache(bytes, yaml));
    CHECK(*from_cache(bytes, yaml) == book);
    f.write("register.csv", "Ref,Title,Service,Unit,Polarity,Target 2017/18\nHO-01,Homes,HO,number,down,<= 40\n");
    CHECK_FALSE(from_cache(bytes, yaml));
    fs::remove(f.dir / "register.csv");
    CHECK_FALSE(from_cache(bytes, yaml));
  }
}
