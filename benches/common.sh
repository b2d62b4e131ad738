# Helpers the benchmark scripts share (sourced, not run).

# Wall time in microseconds of one run of "$@" (output discarded).
once_us() {
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>&1
  e=$(date +%s%N)
  echo $(( (e - s) / 1000 ))
}

# The median of the numbers on stdin, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Peak memory (max RSS, KiB) of one run of "$@".
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

# Checks for sqlite3 and GNU time, builds release, and sets `bin` (rolo) and `dir` (a
# temporary directory, removed on exit).
bench_setup() {
  command -v sqlite3 >/dev/null || { echo "sqlite3 is missing (apt-get install sqlite3)" >&2; exit 1; }
  [ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
  cargo build --release -q
  bin=$PWD/target/release/rolo
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
}
