#include "mail/mail.hpp"

#include <gmime/gmime.h>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <mutex>

#include "model/error.hpp"
#include "model/output_file.hpp"
#include "model/text.hpp"

namespace kpiflow::mail {

namespace {

// GMime keeps global tables (charsets, parser options); it is set up once
// per process, before the first message, and never torn down while threads
// may still use it.
void gmime_ready() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct Unref {
  void operator()(void* object) const {
    if (object) g_object_unref(object);
  }
};
template <typename T>
using Owned = std::unique_ptr<T, Unref>;

struct GFree {
  void operator()(char* text) const { g_free(text); }
};
std::string taken(char* text) {
  std::unique_ptr<char, GFree> hold(text);
  return text ? std::string(text) : std::string();
}

std::string base_name(std::string name) {
  // A name is the sender's to choose: keep what follows the last folder separator of either kind.
  auto cut = name.find_last_of("/\\");
  if (cut != std::string::npos) name.erase(0, cut + 1);
  return name;
}

class Walk {
 public:
  Walk(const std::string& file, const Limits& limits, std::vector<Attachment>& out) : file_(file), limits_(limits), out_(out) {}

  void part(GMimeObject* object, int depth) {
    if (!object) return;
    if (depth > limits_.max_depth)
      throw Error(Location::of_file(file_), fmt::format("the e-mail nests more than {} parts inside each other", limits_.max_depth),
                  "save the attached return itself and put that in the inbox");
    if (GMIME_IS_MULTIPART(object)) {
      auto* multipart = GMIME_MULTIPART(object);
      int count = g_mime_multipart_get_count(multipart);
      for (int i = 0; i < count; ++i) part(g_mime_multipart_get_part(multipart, i), depth + 1);
    } else if (GMIME_IS_MESSAGE_PART(object)) {
      // A forwarded message: its attachments arrived too.
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      if (inner) part(g_mime_message_get_mime_part(inner), depth + 1);
    } else if (GMIME_IS_PART(object)) {
      auto* leaf = GMIME_PART(object);
      const char* name = g_mime_part_get_filename(leaf);
      if (!name || !*name) return;  // the body, not an attachment
      GMimeDataWrapper* content = g_mime_part_get_content(leaf);
      if (!content) return;
      Owned<GMimeStream> sink(g_mime_stream_mem_new());
      if (g_mime_data_wrapper_write_to_stream(content, sink.get()) < 0)
        throw Error(Location::of_file(file_), fmt::format("the attachment '{}' cannot be decoded", excerpt(name)),
                    "save the attachment itself and put that in the inbox");
      GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(sink.get()));
      total_ += bytes->len;
      if (total_ > limits_.max_attachment_bytes)
        throw Error(Location::of_file(file_), fmt::format("the attachments come to more than {} MB decoded", limits_.max_attachment_bytes >> 20),
                    "save the attached return itself and put that in the inbox");
      out_.push_back(Attachment{base_name(name), std::string(reinterpret_cast<const char*>(bytes->data), bytes->len)});
    }
  }

 private:
  const std::string& file_;
  const Limits& limits_;
  std::vector<Attachment>& out_;
  std::size_t total_ = 0;
};

}  // namespace

Message read_message(const std::filesystem::path& path, const Limits& limits) {
  const std::string file = path.string();
  std::error_code error;
  auto size = std::filesystem::file_size(path, error);
  if (error) throw Error(Location::of_file(file), fmt::format("the e-mail cannot be read: {}", error.message()), "check the file's permissions");
  if (size > limits.max_message_bytes)
    throw Error(Location::of_file(file), fmt::format("the e-mail is larger than {} MB", limits.max_message_bytes >> 20),
                "save the attached return itself and put that in the inbox");
  std::string text(size, '\0');
  {
    std::ifstream in(path, std::ios::binary);
    in.read(text.data(), static_cast<std::streamsize>(size));
    if (!in) throw Error(Location::of_file(file), "the e-mail cannot be read", "check the file's permissions");
  }

  return read_message_text(text, file, limits);
}

Message read_message_text(std::string_view text, const std::string& file, const Limits& limits) {
  if (text.size() > limits.max_message_bytes)
    throw Error(Location::of_file(file), fmt::format("the e-mail is larger than {} MB", limits.max_message_bytes >> 20),
                "save the attached return itself and put that in the inbox");
  gmime_ready();
  // The stream reads the caller's bytes; GMime does not take ownership of them.
  Owned<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
  Owned<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  Owned<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!message)
    throw Error(Location::of_file(file), "this is not an e-mail kpiflow can read (no message headers)",
                "save the attached return itself and put that in the inbox");

  Message out;
  if (const char* subject = g_mime_message_get_subject(message.get())) out.subject = subject;
  if (InternetAddressList* from = g_mime_message_get_from(message.get()); from && internet_address_list_length(from) > 0) {
    out.from = taken(internet_address_list_to_string(from, nullptr, FALSE));
    InternetAddress* first = internet_address_list_get_address(from, 0);
    if (INTERNET_ADDRESS_IS_MAILBOX(first)) {
      if (const char* address = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(first))) out.address = ascii_lower(address);
    }
  }
  if (GDateTime* date = g_mime_message_get_date(message.get())) out.date = taken(g_date_time_format(date, "%Y-%m-%dT%H:%M:%S%:z"));
  if (out.from.empty() && out.date.empty() && out.subject.empty() && !g_mime_message_get_mime_part(message.get()))
    throw Error(Location::of_file(file), "this is not an e-mail kpiflow can read (no From, Date or Subject, and no body)",
                "save the attached return itself and put that in the inbox");
  Walk(file, limits, out.attachments).part(g_mime_message_get_mime_part(message.get()), 0);
  return out;
}

namespace {

std::string content_type_of(const std::filesystem::path& file) {
  std::string ext = ascii_lower(file.extension().string());
  if (ext == ".xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (ext == ".csv") return "text/csv";
  if (ext == ".pdf") return "application/pdf";
  return "application/octet-stream";
}

std::string file_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.eof() && in.fail())
    throw Error(Location::of_file(file.string()), "cannot read the file to attach", "check it exists and can be read");
  return bytes;
}

}  // namespace

void write_draft(const std::filesystem::path& path, const Draft& draft) {
  gmime_ready();
  Owned<GMimeMessage> message(g_mime_message_new(TRUE));
  if (!draft.from_address.empty())
    g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_FROM, draft.from_name.c_str(), draft.from_address.c_str());
  if (!draft.to_address.empty() || !draft.to_name.empty())
    g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_TO, draft.to_name.c_str(), draft.to_address.c_str());
  g_mime_message_set_subject(message.get(), draft.subject.c_str(), "utf-8");
  GDateTime* now = g_date_time_new_now_local();
  g_mime_message_set_date(message.get(), now);
  g_date_time_unref(now);
  std::string domain = draft.from_address.substr(draft.from_address.find('@') + 1);
  char* id = g_mime_utils_generate_message_id(domain.empty() || draft.from_address.find('@') == std::string::npos ? "kpiflow.invalid" : domain.c_str());
  g_mime_message_set_message_id(message.get(), id);
  g_free(id);
  // Outlook opens a message marked unsent as a draft, with Send; other clients ignore it.
  g_mime_object_set_header(GMIME_OBJECT(message.get()), "X-Unsent", "1", nullptr);

  Owned<GMimeMultipart> mixed(g_mime_multipart_new_with_subtype("mixed"));
  Owned<GMimeTextPart> body(g_mime_text_part_new_with_subtype("plain"));
  g_mime_text_part_set_text(body.get(), draft.body.c_str());
  g_mime_text_part_set_charset(body.get(), "utf-8");
  g_mime_part_set_content_encoding(GMIME_PART(body.get()), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  g_mime_multipart_add(mixed.get(), GMIME_OBJECT(body.get()));

  std::vector<std::string> contents;  // kept until the message is written: GMime's streams read them in place
  contents.reserve(draft.attachments.size());
  for (const auto& file : draft.attachments) {
    contents.push_back(file_bytes(file));
    std::string type = content_type_of(file);
    auto slash = type.find('/');
    Owned<GMimePart> part(g_mime_part_new_with_type(type.substr(0, slash).c_str(), type.substr(slash + 1).c_str()));
    g_mime_part_set_filename(part.get(), file.filename().string().c_str());
    Owned<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(contents.back().data(), contents.back().size()));
    Owned<GMimeDataWrapper> wrapper(g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(part.get(), wrapper.get());
    g_mime_part_set_content_encoding(part.get(), GMIME_CONTENT_ENCODING_BASE64);
    g_mime_multipart_add(mixed.get(), GMIME_OBJECT(part.get()));
  }
  g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(mixed.get()));

  // RFC 5322 lines end in CRLF.
  GMimeFormatOptions* format = g_mime_format_options_clone(nullptr);
  g_mime_format_options_set_newline_format(format, GMIME_NEWLINE_FORMAT_DOS);
  Owned<GMimeStream> out(g_mime_stream_mem_new());
  ssize_t written = g_mime_object_write_to_stream(GMIME_OBJECT(message.get()), format, out.get());
  g_mime_format_options_free(format);
  if (written < 0) throw Error(Location::of_file(path.string()), "cannot compose the e-mail", "this is a fault in kpiflow: report it");
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  write_whole(path, std::string_view(reinterpret_cast<const char*>(bytes->data), bytes->len), "the e-mail");
}

}  // namespace kpiflow::mail
