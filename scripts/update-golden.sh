#!/usr/bin/env bash
# Regenerates the golden report tables in SampleData/expected from Pipelines/sample.json.
# Run it only when a report definition or the sample data changed on purpose, and review the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product fission
bin="$(swift build -c release --show-bin-path)/fission"
db="$(mktemp -d)/sample.sqlite"
# The console output, less the database path line, is a golden too (table row counts and the headline).
"$bin" run Pipelines/sample.json --output "$db" | tail -n +2 | tee SampleData/expected/run-output.txt
mkdir -p SampleData/expected
for table in $(cat SampleData/expected/TABLES); do
    "$bin" dump "$db" "$table" > "SampleData/expected/$table.tsv"
done
git --no-pager diff --stat -- SampleData/expected || true
