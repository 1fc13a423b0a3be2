// mail: an e-mail saved whole from an e-mail client (.eml, RFC 5322), read
// with GMime: who sent it, when, about what, and the files attached. Services
// often send their return as an attachment, and a performance team saves the
// message rather than the file; the sender's address then helps say whose
// return it is, and the date when it arrived.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kpiflow::mail {

struct Attachment {
  std::string name;   // the file name the sender gave, without any folder
  std::string bytes;  // decoded (base64, quoted-printable)
};

struct Message {
  std::string from;     // as shown: "Jo Bloggs <jo.bloggs@northfield.gov.uk>", decoded to UTF-8
  std::string address;  // jo.bloggs@northfield.gov.uk, in lower case; empty when none
  std::string date;     // the Date header as ISO 8601 with its offset, 2017-10-13T09:14:00+01:00; empty when none
  std::string subject;  // decoded to UTF-8
  std::vector<Attachment> attachments;  // every attached file, including those of forwarded messages, in order
};

struct Limits {
  std::size_t max_message_bytes = 64u << 20;      // the .eml file
  std::size_t max_attachment_bytes = 64u << 20;   // all attachments, decoded
  int max_depth = 8;                              // multiparts and forwarded messages inside each other
};

// Throws Error (at the file) when the file cannot be read or is not an
// e-mail: no From, Date or Subject header and no MIME structure.
Message read_message(const std::filesystem::path& path, const Limits& limits = {});
// The same for a message's bytes; file names it in errors.
Message read_message_text(std::string_view text, const std::string& file, const Limits& limits = {});

// A message to be sent by a person: kpiflow writes it, never sends it. Saved
// as an .eml (RFC 5322: headers in UTF-8 encoded as RFC 2047 asks, a
// plain-text body, the files attached in base64, and X-Unsent: 1 so that
// Outlook opens it as a draft to send), it opens in any e-mail client.
struct Draft {
  std::string from_name, from_address;  // may be empty: the client fills in the sender
  std::string to_name, to_address;
  std::string subject;
  std::string body;  // UTF-8 plain text, lines ending in \n
  std::vector<std::filesystem::path> attachments;
};
// Written whole (a temporary file renamed); throws Error naming the file.
void write_draft(const std::filesystem::path& path, const Draft& draft);

}  // namespace kpiflow::mail
