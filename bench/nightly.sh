#!/usr/bin/env bash
# kpiflow run, the nightly job, on ../shared/bench/pipeline's monthly council
# (480 returns per area) against that folder's pandas script, interleaved in
# one sitting: a first run into an empty store, a run with nothing changed,
# and a run after one return changed. Figures in bench/README.md.
# Usage: bench/nightly.sh BUILD_DIR WORK_DIR [AREAS=1] [RUNS=3]
set -euo pipefail
build=$(cd "$1" && pwd); work=$2; areas=${3:-1}; runs=${4:-3}
peer=$(cd "$(dirname "$0")/../../shared/bench/pipeline" && pwd)
mkdir -p "$work"; work=$(cd "$work" && pwd)
council=$work/x$areas
[ -d "$council" ] || "$peer/gen_council.py" "$council" --areas "$areas" >/dev/null

# interleave.py runs each command without a shell: each case is a script that
# ends by exec'ing kpiflow, so the peak memory measured is kpiflow's.
run="$build/kpiflow run $council/returns --rules $council/council.yaml --db $work/nightly$areas.db --out $work/nightly$areas --period '2017/18 M12' --settle 0"
changed=$(find "$council/returns" -name "*.csv" | sort | tail -1)
cat > "$work/first.sh" <<SH
rm -rf $work/nightly$areas.db* $work/nightly$areas
exec $run
SH
cat > "$work/again.sh" <<SH
exec $run
SH
# One return changed: a line added to one CSV, so its bytes differ each time.
cat > "$work/one.sh" <<SH
printf 'ZZ-99,1\n' >> $changed
exec $run
SH
cp "$changed" "$work/changed.orig"
trap 'cp "$work/changed.orig" "$changed"' EXIT
bash "$work/first.sh" >/dev/null || true  # the store for the first "again"
"$peer/interleave.py" --runs "$runs" --json "$work/nightly$areas.json" \
  first "bash $work/first.sh" again "bash $work/again.sh" one "bash $work/one.sh" \
  pandas "/usr/bin/python3 $peer/peer_pandas.py $council $work/pandas$areas"
