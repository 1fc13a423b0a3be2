// libFuzzer target for the e-mail reader (mail/): any bytes saved as an .eml
// must give a Message or an Error, never a crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mail/mail.hpp"
#include "model/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kpiflow::mail::Limits limits;
  limits.max_attachment_bytes = 4u << 20;
  try {
    auto m = kpiflow::mail::read_message_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.eml", limits);
    for (const auto& a : m.attachments)
      if (a.name.find('/') != std::string::npos) __builtin_trap();  // a name must never lead out of the inbox
  } catch (const kpiflow::Error&) {
  }
  return 0;
}
