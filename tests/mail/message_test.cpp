#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "mail/mail.hpp"
#include "model/error.hpp"

using namespace kpiflow;
namespace fs = std::filesystem;

namespace {

struct Saved {
  fs::path path;
  explicit Saved(const std::string& text, const std::string& name = "message.eml")
      : path(fs::temp_directory_path() / ("kpiflow-mail-test-" + std::to_string(::getpid()) + "-" + name)) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~Saved() { fs::remove(path); }
};

std::string refusal(const fs::path& path, const mail::Limits& limits = {}) {
  try {
    mail::read_message(path, limits);
  } catch (const Error& e) {
    return e.what();
  }
  return "read";
}

// "Ref,Value\r\nHO-01,45\r\n" in base64.
const char* csv_base64 = "UmVmLFZhbHVlDQpITy0wMSw0NQ0K";

std::string with_attachment(const std::string& filename, const std::string& extra_headers = "") {
  return "From: =?UTF-8?Q?Si=C3=A2n_Jones?= <Sian.Jones@Northfield.example.gov.uk>\r\n"
         "To: performance@northfield.example.gov.uk\r\n"
         "Subject: =?UTF-8?B?UTIgcmV0dXJuIOKAkyBIb3VzaW5n?=\r\n"
         "Date: Fri, 13 Oct 2017 09:14:00 +0100\r\n" +
         extra_headers +
         "MIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
         "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOur return is attached.\r\n"
         "--b1\r\nContent-Type: text/csv\r\nContent-Transfer-Encoding: base64\r\n"
         "Content-Disposition: attachment; filename=\"" +
         filename + "\"\r\n\r\n" + csv_base64 + "\r\n--b1--\r\n";
}

}  // namespace

TEST_SUITE("mail") {
  TEST_CASE("a saved e-mail gives its sender, date, subject and attachments, decoded") {
    Saved eml(with_attachment("housing Q2.csv"));
    mail::Message m = mail::read_message(eml.path);
    CHECK(m.from == "Siân Jones <Sian.Jones@Northfield.example.gov.uk>");
    CHECK(m.address == "sian.jones@northfield.example.gov.uk");
    CHECK(m.subject == "Q2 return – Housing");
    CHECK(m.date == "2017-10-13T09:14:00+01:00");
    REQUIRE(m.attachments.size() == 1);
    CHECK(m.attachments[0].name == "housing Q2.csv");
    CHECK(m.attachments[0].bytes == "Ref,Value\r\nHO-01,45\r\n");
  }

  TEST_CASE("an attachment's name cannot lead out of the inbox") {
    Saved eml(with_attachment("..\\..\\windows/../../etc/housing.csv"));
    CHECK(mail::read_message(eml.path).attachments.at(0).name == "housing.csv");
  }

  TEST_CASE("a forwarded message's attachments arrived too") {
    std::string inner = with_attachment("housing.csv");
    std::string outer =
        "From: Team <performance@northfield.example.gov.uk>\r\nSubject: Fwd: Q2 return\r\nDate: Mon, 16 Oct 2017 10:00:00 +0100\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
        "--outer\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n"
        "--outer\r\nContent-Type: message/rfc822\r\n\r\n" +
        inner + "\r\n--outer--\r\n";
    Saved eml(outer);
    mail::Message m = mail::read_message(eml.path);
    CHECK(m.subject == "Fwd: Q2 return");
    REQUIRE(m.attachments.size() == 1);
    CHECK(m.attachments[0].bytes == "Ref,Value\r\nHO-01,45\r\n");
  }

  TEST_CASE("hostile and broken e-mails are refused with a reason") {
    SUBCASE("not an e-mail at all") {
      Saved eml(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
      CHECK(refusal(eml.path).find("this is not an e-mail kpiflow can read") != std::string::npos);
    }
    SUBCASE("parts nested deeper than the limit") {
      std::string text = "From: a@b.c\r\nSubject: deep\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n";
      std::string tail;
      for (int i = 1; i <= 12; ++i) {
        text += "--b" + std::to_string(i - 1) + "\r\nContent-Type: multipart/mixed; boundary=\"b" + std::to_string(i) + "\"\r\n\r\n";
        tail = "--b" + std::to_string(i - 1) + "--\r\n" + tail;
      }
      Saved eml(text + "--b12\r\nContent-Type: text/plain\r\n\r\nx\r\n--b12--\r\n" + tail);
      CHECK(refusal(eml.path).find("nests more than 8 parts") != std::string::npos);
    }
    SUBCASE("attachments larger than the limit, decoded") {
      mail::Limits small;
      small.max_attachment_bytes = 10;
      Saved eml(with_attachment("housing.csv"));
      CHECK(refusal(eml.path, small).find("the attachments come to more than") != std::string::npos);
    }
    SUBCASE("a message larger than the limit") {
      mail::Limits small;
      small.max_message_bytes = 100;
      Saved eml(with_attachment("housing.csv"));
      CHECK(refusal(eml.path, small).find("the e-mail is larger than") != std::string::npos);
    }
  }
}
