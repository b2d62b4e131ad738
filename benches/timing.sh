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
