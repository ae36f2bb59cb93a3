#!/usr/bin/env bash
# Measures of effectiveness of a scenario, offline and as fast as the machine goes:
#   1. sensors-sim records the scenario, with its planted events and its event platforms' truth;
#   2. fusion-replay --offline runs the recording through the correlator with the scenario's
#      fusiond config (config/scenarios/NAME.fusiond.yaml), writing tracks and alerts;
#   3. fusion-eval scores the alerts against the planted events (recall, precision, near-miss
#      false alarms, time to first cue, custody) and, from the recording, which events a sensor
#      measured at all (recall over observable events beside the raw recall).
# Each step's wall time is printed; the files stay in the output directory (moe.json: the
# figures as JSON).
#
# Usage: scripts/moe.sh SCENARIO [--duration-s S] [--seed N] [--out DIR] [--bin DIR]
#                      [--tracks-interval-s S] [--rules FILE]
# Exit status: 0 done, 1 a step failed, 2 bad usage.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
[ $# -ge 1 ] || usage
scenario=$1; shift
[ "$scenario" = "-h" ] || [ "$scenario" = "--help" ] && usage
bin="$here/build/bin"
out=""
interval=30
sim_args=()
eval_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration-s|--seed) [ $# -ge 2 ] || usage; sim_args+=("$1" "$2"); shift 2 ;;
    --out) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
    --bin) [ $# -ge 2 ] || usage; bin=$2; shift 2 ;;
    --tracks-interval-s) [ $# -ge 2 ] || usage; interval=$2; shift 2 ;;
    --rules) [ $# -ge 2 ] || usage; eval_args+=(--rules "$2"); shift 2 ;;
    *) echo "moe.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
config="$here/config/scenarios/$scenario.fusiond.yaml"
if [ ! -f "$config" ]; then
  echo "moe.sh: no fusiond config $config; write one as config/scenarios/README.md says" >&2
  exit 2
fi
for tool in sensors-sim fusion-replay fusion-eval; do
  [ -x "$bin/$tool" ] || { echo "moe.sh: $bin/$tool missing (make build)" >&2; exit 2; }
done
[ -n "$out" ] || out=$(mktemp -d "/tmp/picket-moe-$scenario.XXXXXX")
mkdir -p "$out"

# Runs one step, timing it; on failure shows its log and stops.
step() {
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  if ! "$@" >"$out/$name.out" 2>"$out/$name.log"; then
    echo "moe.sh: $name failed:" >&2
    tail -n 20 "$out/$name.log" >&2
    exit 1
  fi
  t1=$(date +%s.%N)
  printf '  %-14s %8.1f s wall\n' "$name" "$(echo "$t1 - $t0" | bc)"
}

echo "Measures of effectiveness: scenario $scenario (files in $out)"
step record "$bin/sensors-sim" --scenario "$scenario" "${sim_args[@]}" --record "$out/run.pkrec" \
  --events-csv "$out/events.csv" --truth-csv "$out/truth.csv" --truth-platforms events
step replay "$bin/fusion-replay" --offline --config "$config" --recording "$out/run.pkrec" \
  --tracks-csv "$out/tracks.csv" --tracks-interval-s "$interval" --alerts-csv "$out/alerts.csv"
moe_args=(--events "$out/events.csv" --alerts "$out/alerts.csv" --truth "$out/truth.csv"
          --tracks "$out/tracks.csv" --custody-max-age-s "$(echo "$interval * 4" | bc)"
          --config "$config" --recording "$out/run.pkrec" "${eval_args[@]}")
step evaluate "$bin/fusion-eval" "${moe_args[@]}" --json
mv "$out/evaluate.out" "$out/moe.json"
echo
grep -E '^  (messages_received|messages_accepted|rejected|tracks_confirmed|alert_events|alerts\.|wall_time_s|messages_per_s)' \
  "$out/replay.log" | sed 's/^/  replay: /' || true
echo
"$bin/fusion-eval" "${moe_args[@]}"
