#!/usr/bin/env bash
# Rewrites SampleData/events with the generator's default spec (what the sample pipeline and goldens expect).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf SampleData/events
swift run -c release fission generate --persons 1000 --days 45 --seed 7 --start 2025-06-01 --out SampleData/events
