// SHA-256 as lower-case hex (OpenSSL): what identifies a return's bytes and
// a rule file's text in the store.
#pragma once

#include <string>
#include <string_view>

namespace kpiflow {

std::string sha256_of(std::string_view bytes);

}  // namespace kpiflow
