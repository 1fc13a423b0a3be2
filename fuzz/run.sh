#!/usr/bin/env bash
# Fuzzes for N seconds: fuzz/run.sh BUILD/fuzz/reader_fuzz [SECONDS]
#                    or fuzz/run.sh BUILD/fuzz/mail_fuzz [SECONDS]
# Seeds for the reader: the producer fixtures, the samples and ../shared/corpus
# (read from there), each as a whole file and as its XML parts. Seeds for the
# e-mail reader: messages made with Python's email package (a return
# attached, forwarded, encoded headers, nested parts). New inputs the fuzzer
# finds go to fuzz-corpus/ or fuzz-corpus-mail/ (ignored by git); crashes to
# fuzz-crashes/, each to be turned into a regression test
# (tests/reader/fuzz_regressions_test.cpp, tests/mail/message_test.cpp).
set -euo pipefail
fuzzer=$(realpath "$1")
seconds=${2:-600}
cd "$(dirname "$0")/.."
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
case "$(basename "$fuzzer")" in
  mail_fuzz)
    /usr/bin/python3 fuzz/make_mail_seeds.py "$seeds" samples/returns/2017-18-Q2/housing-2017-18-Q2.xlsx
    corpus=fuzz-corpus-mail max_len=65536 ;;
  *)
    /usr/bin/python3 fuzz/make_seeds.py "$seeds" tests/fixtures/producers/*.xlsx samples/returns/*/* ../shared/corpus/xlsx-wild/*
    corpus=fuzz-corpus max_len=262144 ;;
esac
mkdir -p "$corpus" fuzz-crashes
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
  -artifact_prefix=fuzz-crashes/ -print_final_stats=1 "$corpus" "$seeds"
