#!/usr/bin/env bash
# Exec-to-first-frame of the TUI, as a whole process in a pseudo-terminal, at 10k and 100k
# customers. `ROLO_BENCH_FIRST_FRAME=1` makes rolo draw its first full review screen and exit.
# The same pty + shell run with `true` is the baseline; rolo's cost is the difference.
# Usage: benches/startup.sh [runs]   (needs `script` from util-linux; builds release)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
cargo build --release -q
bin=$PWD/target/release/rolo
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export ROLO_TODAY=2026-11-23 ROLO_CONFIG=$dir/none.toml
time_runs() { # db, command
  local s e
  s=$(date +%s%N)
  for _ in $(seq "$runs"); do
    ROLO_BENCH_FIRST_FRAME=1 ROLO_DB=$1 script -qec "stty cols 100 rows 30; $2" /dev/null >/dev/null
  done
  e=$(date +%s%N)
  echo $(( (e - s) / runs / 1000 ))
}
printf '%-10s %12s %12s %12s\n' customers baseline_us rolo_us first_frame_us
for n in 10000 100000; do
  db=$dir/rolo-$n.db
  ROLO_DB=$db "$bin" demo --customers "$n" >/dev/null
  base=$(time_runs "$db" true)
  full=$(time_runs "$db" "$bin")
  printf '%-10s %12s %12s %12s\n' "$n" "$base" "$full" $(( full - base ))
done
