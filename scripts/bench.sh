#!/usr/bin/env bash
# Benchmarks a full run of a pipeline (default: the sample) against zlib alone inflating the same files.
# Prints per-run numbers, then medians: wall time, events/s, peak memory, and the ratio to inflate-only time
# (both measured in the same iteration, so machine noise affects them alike).
#   scripts/bench.sh [config] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-Pipelines/sample.json}"
runs="${2:-5}"
swift build -c release --product fission >/dev/null
bin="$(swift build -c release --show-bin-path)/fission"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

files=$(find SampleData/events -name '*.jsonl.gz' | sort)
[ "$config" = "Pipelines/sample.json" ] || files=$(find "${BENCH_INPUT:?set BENCH_INPUT to the input folder}" -name '*.jsonl.gz' | sort)

printf 'run\twall_s\tinflate_s\tratio\tevents\tevents_per_s\tpeak_mib\n'
for i in $(seq 1 "$runs"); do
    rm -f "$work"/r.sqlite*
    start=$(date +%s.%N)
    cat $files | gzip -dc > /dev/null
    inflate=$(echo "$(date +%s.%N) - $start" | bc -l)
    start=$(date +%s.%N)
    "$bin" run "$config" --output "$work/r.sqlite" > /dev/null 2> "$work/err"
    wall=$(echo "$(date +%s.%N) - $start" | bc -l)
    events=$(sed -n 's/.* \([0-9]*\) accepted.*/\1/p' "$work/err")
    peak=$(sed -n 's/.*peak memory \([0-9]*\) MiB.*/\1/p' "$work/err")
    printf '%d\t%.3f\t%.3f\t%.2f\t%d\t%.0f\t%d\n' "$i" "$wall" "$inflate" "$(echo "$wall / $inflate" | bc -l)" \
        "$events" "$(echo "$events / $wall" | bc -l)" "$peak"
done | tee "$work/rows"
python3 - "$work/rows" <<'PY'
import statistics, sys
rows = [l.split('\t') for l in open(sys.argv[1]) if l.strip()]
col = lambda i: statistics.median(float(r[i]) for r in rows)
print(f"median\twall {col(1):.3f} s\tinflate {col(2):.3f} s\tratio {col(3):.2f}\t{col(5):.0f} events/s\tpeak {col(6):.0f} MiB")
PY
