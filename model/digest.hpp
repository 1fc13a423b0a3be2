// SHA-256 as lower-case hex (OpenSSL): what identifies a return's bytes and
// a rule file's text in the store.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace kpiflow {

std::string sha256_of(std::string_view bytes);
// A file's, read in blocks; empty when it cannot be read.
std::string sha256_of_file(const std::filesystem::path& path);

}  // namespace kpiflow
