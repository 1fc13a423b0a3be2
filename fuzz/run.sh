#!/usr/bin/env bash
# Fuzzes the reader for N seconds: fuzz/run.sh BUILD/fuzz/reader_fuzz [SECONDS]
# Seeds: the producer fixtures, the samples and ../shared/corpus (read from
# there), each as a whole file and as its XML parts. New inputs the fuzzer
# finds go to fuzz-corpus/ (ignored by git); crashes to fuzz-crashes/, each
# to be turned into a regression test in tests/reader/fuzz_regressions_test.cpp.
set -euo pipefail
fuzzer=$(realpath "$1")
seconds=${2:-600}
cd "$(dirname "$0")/.."
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
/usr/bin/python3 fuzz/make_seeds.py "$seeds" tests/fixtures/producers/*.xlsx samples/returns/*/* ../shared/corpus/xlsx-wild/*
mkdir -p fuzz-corpus fuzz-crashes
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
  -artifact_prefix=fuzz-crashes/ -print_final_stats=1 fuzz-corpus "$seeds"
