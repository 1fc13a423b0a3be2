#include "model/digest.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include "model/error.hpp"

namespace kpiflow {

std::string sha256_of(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw Error(Location::of_file(""), "SHA-256 is not available from OpenSSL");
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace kpiflow
