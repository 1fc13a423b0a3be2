#!/usr/bin/python3
"""make_mail_seeds.py OUT ATTACHMENT: saved e-mails for the mail fuzz target,
each of a shape services send: a return attached, forwarded, with encoded
headers, nested multiparts, quoted-printable text."""
import email.message
import email.policy
import os
import sys

out, attachment = sys.argv[1], sys.argv[2]
with open(attachment, "rb") as f:
    # A small return keeps the seeds under the fuzzer's max_len.
    data = f.read()[:20000]


def plain(subject, sender="Siân Jones <sian.jones@northfield.example.gov.uk>"):
    m = email.message.EmailMessage()
    m["From"] = sender
    m["To"] = "performance@northfield.example.gov.uk"
    m["Subject"] = subject
    m["Date"] = "Fri, 13 Oct 2017 09:14:00 +0100"
    m.set_content("Our return is attached.\nRegards – Siân\n")
    return m


seeds = {}
m = plain("Q2 return")
m.add_attachment(data, maintype="application", subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename="housing Q2.xlsx")
seeds["attached.eml"] = bytes(m)
m = plain("Q2 return – CSV")
m.add_attachment(b"Ref,Value\r\nHO-01,45\r\n", maintype="text", subtype="csv", filename="../../housing.csv")
seeds["csv.eml"] = bytes(m)
outer = plain("Fwd: Q2 return", "Team <performance@northfield.example.gov.uk>")
outer.add_attachment(m)
seeds["forwarded.eml"] = bytes(outer)
nested = plain("nested")
nested.make_mixed()
inner = email.message.EmailMessage()
inner.make_mixed()
inner.attach(m)
nested.attach(inner)
seeds["nested.eml"] = bytes(nested)
seeds["headers-only.eml"] = b"From: a@b.c\r\nSubject: =?UTF-8?B?UTIgcmV0dXJu?=\r\n\r\n"
for name, body in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(body)
