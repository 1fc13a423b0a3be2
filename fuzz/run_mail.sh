#!/usr/bin/env bash
# Fuzzes the e-mail reader for N seconds: fuzz/run_mail.sh BUILD/fuzz/mail_fuzz [SECONDS]
# Seeds: messages made with Python's email package (a return attached, a
# forwarded message, encoded headers, nested parts). New inputs go to
# fuzz-corpus-mail/ (ignored by git); crashes to fuzz-crashes/, each to be
# turned into a regression test in tests/mail/message_test.cpp.
set -euo pipefail
fuzzer=$(realpath "$1")
seconds=${2:-300}
cd "$(dirname "$0")/.."
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
/usr/bin/python3 fuzz/make_mail_seeds.py "$seeds" samples/returns/2017-18-Q2/housing-2017-18-Q2.xlsx
mkdir -p fuzz-corpus-mail fuzz-crashes
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix=fuzz-crashes/ -print_final_stats=1 fuzz-corpus-mail "$seeds"
