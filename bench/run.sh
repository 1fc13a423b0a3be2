#!/usr/bin/env bash
# Times `kpiflow cat` on a 200,000-row x 10-column workbook against, in the
# same run: openpyxl (read_only, data_only), xlsx2csv, the libzip + expat
# floor (bench/floor.c) and inflating the sheet alone. Prints wall seconds
# (median of REPEAT runs) and peak memory.
#
# usage: bench/run.sh [BUILD_DIR] [ROWS] [REPEAT]     (defaults: build 200000 3)
# needs: ./bootstrap.sh --bench; a Release or RelWithDebInfo build.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
rows=${2:-200000}
repeat=${3:-3}
mkdir -p bench/out
book=bench/out/bench-$rows.xlsx
[ -f "$book" ] || /usr/bin/python3 bench/make_workbook.py "$book" "$rows"
cmake --build "$build" --target kpiflow bench_floor bench_reader_count -j2 >/dev/null

measure() {  # name command...
  local name=$1; shift
  local times=() mem=0
  for _ in $(seq "$repeat"); do
    /usr/bin/time -f "%e %M" -o bench/out/time.txt "$@" >/dev/null
    read -r t m < bench/out/time.txt
    times+=("$t")
    (( m > mem )) && mem=$m
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (repeat + 1) / 2 ))p")
  printf '%-34s %8.2f s %8.1f MiB\n' "$name" "$median" "$(echo "$mem / 1024" | bc -l)"
  echo "$name $median $mem" >> bench/out/results.txt
}

: > bench/out/results.txt
echo "workbook: $book ($(du -h "$book" | cut -f1), $rows rows x 10 columns)"
printf '%-34s %10s %12s\n' "reader" "wall" "peak RSS"
measure "inflate only (libzip)" "$build/bench/bench_floor" "$book" --inflate-only
measure "floor: libzip + expat, count+sum" "$build/bench/bench_floor" "$book"
measure "kpiflow reader, count+sum" "$build/bench/bench_reader_count" "$book"
measure "kpiflow reader via expat, count+sum" "$build/bench/bench_reader_count" "$book" --expat
measure "kpiflow cat (tsv)" "$build/kpiflow" cat "$book"
measure "kpiflow cat --format jsonl" "$build/kpiflow" cat --format jsonl "$book"
if [ "${BENCH_PEERS:-1}" = 1 ]; then
  measure "openpyxl read_only, data_only" /usr/bin/python3 bench/openpyxl_read.py "$book"
  command -v xlsx2csv >/dev/null && measure "xlsx2csv" xlsx2csv "$book"
fi
# Memory against sheet size alone: the same layout with a 100-comment
# string table, at 20,000 and 200,000 rows.
for n in 20000 "$rows"; do
  small=bench/out/few-strings-$n.xlsx
  [ -f "$small" ] || /usr/bin/python3 bench/make_workbook.py "$small" "$n" --few-strings >/dev/null
  measure "kpiflow cat, $n rows, few strings" "$build/kpiflow" cat "$small"
done
floor=$(awk '/^floor/ {print $(NF-1)}' bench/out/results.txt)
cat_time=$(awk '/^kpiflow cat \(tsv\)/ {print $(NF-1)}' bench/out/results.txt)
echo "kpiflow cat / floor = $(echo "scale=2; $cat_time / $floor" | bc -l)"
