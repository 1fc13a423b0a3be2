#include "reader/xml.hpp"
#include "model/utf8.hpp"

#include <expat.h>
#include <fmt/format.h>

#include <cstring>
#include <memory>

namespace kpiflow::reader {

const char* attribute(const char** attrs, std::string_view local) {
  for (; attrs[0] != nullptr; attrs += 2) {
    const char* name = attrs[0];
    if (name[0] == 'x' && std::strncmp(name, "xmlns", 5) == 0 && (name[5] == '\0' || name[5] == ':')) continue;
    if (local_name(name) == local) return attrs[1];
  }
  return nullptr;
}

namespace {

struct Session {
  XML_Parser parser;
  XmlHandler* handler;
  Location where;
  std::exception_ptr failure;

  void fail(std::exception_ptr error) {
    if (!failure) failure = error;
    XML_StopParser(parser, XML_FALSE);
  }
  Error located(const std::string& message, const std::string& hint) const {
    return Error(where.in_part(where.part, static_cast<std::uint32_t>(XML_GetCurrentLineNumber(parser)),
                               static_cast<std::uint32_t>(XML_GetCurrentColumnNumber(parser)) + 1),
                 message, hint);
  }
};

void on_start(void* data, const char* name, const char** attrs) {
  auto* s = static_cast<Session*>(data);
  try {
    s->handler->start(local_name(name), attrs);
  } catch (...) {
    s->fail(std::current_exception());
  }
}

void on_end(void* data, const char* name) {
  auto* s = static_cast<Session*>(data);
  try {
    s->handler->end(local_name(name));
  } catch (...) {
    s->fail(std::current_exception());
  }
}

void on_text(void* data, const char* text, int length) {
  auto* s = static_cast<Session*>(data);
  try {
    s->handler->text(text, length);
  } catch (...) {
    s->fail(std::current_exception());
  }
}

void on_doctype(void* data, const char* name, const char*, const char*, int) {
  auto* s = static_cast<Session*>(data);
  s->fail(std::make_exception_ptr(
      s->located(fmt::format("the part declares a DOCTYPE ('{}'); workbooks never do, and entity tricks hide "
                             "behind one",
                             name ? name : ""),
                 "this file was not written by a spreadsheet program: ask for a copy saved from Excel")));
}

void on_entity(void* data, const char* name, int, const char*, int, const char*, const char*, const char*,
               const char*) {
  auto* s = static_cast<Session*>(data);
  s->fail(std::make_exception_ptr(
      s->located(fmt::format("the part declares an XML entity ('{}'); entities are refused", name ? name : ""),
                 "this file was not written by a spreadsheet program: ask for a copy saved from Excel")));
}

using ParserPtr = std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)>;

struct Parse {
  ParserPtr parser{XML_ParserCreate(nullptr), &XML_ParserFree};  // honours UTF-16 and declared encodings
  Session session;

  Parse(XmlHandler& handler, Location where) : session{nullptr, &handler, std::move(where), nullptr} {
    if (!parser) throw Error(session.where, "out of memory creating an XML parser");
    session.parser = parser.get();
    XML_SetUserData(parser.get(), &session);
    XML_SetElementHandler(parser.get(), on_start, on_end);
    XML_SetCharacterDataHandler(parser.get(), on_text);
    XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
    XML_SetEntityDeclHandler(parser.get(), on_entity);
    XML_SetParamEntityParsing(parser.get(), XML_PARAM_ENTITY_PARSING_NEVER);
  }

  // After XML_Parse* returned an error status.
  [[noreturn]] void raise() {
    if (session.failure) std::rethrow_exception(session.failure);
    XML_Error code = XML_GetErrorCode(parser.get());
    if (code == XML_ERROR_INVALID_TOKEN || code == XML_ERROR_PARTIAL_CHAR) {
      int offset = 0, size = 0;
      const char* context = XML_GetInputContext(parser.get(), &offset, &size);
      if (context != nullptr && offset >= 0 && offset < size) {
        const auto* p = reinterpret_cast<const unsigned char*>(context) + offset;
        std::size_t left = static_cast<std::size_t>(size - offset);
        if (*p >= 0x80 && utf8_sequence(p, left) <= 0) {
          throw session.located(fmt::format("invalid UTF-8 (byte 0x{:02X})", *p),
                                "open the file in Excel and save a new copy; text pasted from other programs "
                                "can carry bad bytes");
        }
      }
      if (code == XML_ERROR_PARTIAL_CHAR) {
        throw session.located("invalid UTF-8 at the end of the part",
                              "open the file in Excel and save a new copy");
      }
    }
    throw session.located(fmt::format("malformed XML: {}", XML_ErrorString(code)),
                          "the file is damaged or was not written by a spreadsheet program: ask for a copy "
                          "saved from Excel");
  }
};

}  // namespace

void parse_part(const Package& package, std::size_t index, XmlHandler& handler) {
  Parse p(handler, package.where().in_part(package.part_name(index)));
  Package::Reader reader = package.open(index);
  constexpr int chunk = 1 << 18;
  for (;;) {
    void* buffer = XML_GetBuffer(p.parser.get(), chunk);
    if (buffer == nullptr) throw Error(p.session.where, "out of memory parsing XML");
    std::size_t n = reader.read(static_cast<char*>(buffer), chunk);
    if (XML_ParseBuffer(p.parser.get(), static_cast<int>(n), n == 0) != XML_STATUS_OK) p.raise();
    if (n == 0) break;
  }
}

void parse_text(std::string_view xml, const Location& where, XmlHandler& handler) {
  Parse p(handler, where);
  // Fed in pieces so tests see the same splits of character data as a part does.
  constexpr std::size_t chunk = 1 << 18;
  std::size_t at = 0;
  do {
    std::size_t n = std::min(chunk, xml.size() - at);
    bool last = at + n == xml.size();
    if (XML_Parse(p.parser.get(), xml.data() + at, static_cast<int>(n), last) != XML_STATUS_OK) p.raise();
    at += n;
  } while (at < xml.size());
}

}  // namespace kpiflow::reader
