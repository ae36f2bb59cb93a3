#!/usr/bin/env bash
# The Picket demo: fusiond, sensors-sim and alert-tail on loopback, playing the built-in
# caribbean-demo scenario (90 simulated minutes) at 60x, so about 90 s of wall time.
# Usage: scripts/demo.sh BIN_DIR [SPEED]
set -euo pipefail

bin=${1:-build/bin}
speed=${2:-60}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/picket-demo.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

bold=$'\e[1m'; red=$'\e[31m'; dim=$'\e[2m'; off=$'\e[0m'
[ -t 1 ] || { bold=; red=; dim=; off=; }

echo "${bold}Picket demo${off}: caribbean-demo scenario off Aruba at ${speed}x (logs in $work)"
echo "  coastal radar on Aruba, AIS receiver, patrol aircraft mpa-1 with search radar,"
echo "  four AIS merchant ships on the lane, one dark go-fast (no AIS) running north-east past Aruba."
echo

# 1. fusiond on ephemeral loopback ports; it prints its endpoints on its first stdout line.
mkfifo "$work/fusiond.out"
# The alert journal lives in the demo's work directory (docs/alert-stream.md).
"$bin/fusiond" --config "$here/config/demo.yaml" --exit-after-eos 1 --journal-dir "$work/journal" \
  >"$work/fusiond.out" 2>"$work/fusiond.log" &
pids+=($!); fusiond_pid=$!
exec 3<"$work/fusiond.out"
read -r -t 30 ready <&3 || { echo "fusiond did not start; see $work/fusiond.log"; exit 1; }
feeds=$(sed -E 's/.*feeds=([^ ]+).*/\1/' <<<"$ready")
alerts=$(sed -E 's/.*alerts=([^ ]+).*/\1/' <<<"$ready")
echo "fusiond listening: feeds $feeds, alerts $alerts"

# 2. alert-tail; wait until it is connected (it sees a heartbeat) before any data flows.
mkfifo "$work/tail.err"
"$bin/alert-tail" --connect "$alerts" --until-end 2>"$work/tail.err" \
  | while IFS= read -r line; do
      case "$line" in
        *" OPEN "*) echo "${red}${bold}ALERT${off} $line" ;;
        *) echo "${dim}alert${off} $line" ;;
      esac
    done &
pids+=($!); tail_pid=$!
exec 4<"$work/tail.err"
read -r -t 30 connected <&4 || { echo "alert-tail did not connect"; exit 1; }
echo "$connected"
cat <&4 >"$work/tail.log" &
pids+=($!)

# 3. The scenario.
echo "sensors-sim: playing caribbean-demo at ${speed}x ..."
echo
start_ns=$(( $(date +%s) * 1000000000 ))
"$bin/sensors-sim" --connect "$feeds" --speed "$speed" --seed 1 --start-time-ns "$start_ns" \
  --truth-csv "$work/truth.csv" --events-csv "$work/events.csv" 2>"$work/sim.log"

# 4. fusiond exits after the simulator's end-of-stream; alert-tail after fusiond's.
wait "$fusiond_pid"
summary=$(cat <&3)
wait "$tail_pid" || true
echo
echo "${bold}Summary${off}"
tr ' ' '\n' <<<"${summary#SUMMARY }" | awk -F= '
  $1=="messages_received" {printf "  messages in:        %s\n", $2}
  $1=="rejected"          {printf "  rejected:           %s\n", $2}
  $1=="tracks_initiated"  {printf "  tracks started:     %s\n", $2}
  $1=="tracks_confirmed"  {printf "  tracks held at end: %s confirmed\n", $2}
  $1=="alerts"            {printf "  alert events:       %s\n", $2}'
echo "  simulator:          $(tail -n 1 "$work/sim.log")"

# 5. Measures of effectiveness of the run. The same feed (scenario, seed and start) is recorded
# and replayed offline through the same correlator pipeline and configuration on the data
# clock, which gives tracks and alerts as files, then scored against the planted events.
echo
echo "${bold}Measures of effectiveness${off} (same feed replayed offline with config/demo.yaml)"
if "$bin/sensors-sim" --scenario caribbean-demo --seed 1 --start-time-ns "$start_ns" \
     --record "$work/run.pkrec" --truth-csv "$work/truth-events.csv" --truth-platforms events \
     --quiet 2>"$work/moe.log" &&
   "$bin/fusion-replay" --offline --config "$here/config/demo.yaml" --recording "$work/run.pkrec" \
     --tracks-csv "$work/tracks.csv" --tracks-interval-s 10 --alerts-csv "$work/alerts.csv" \
     2>>"$work/moe.log" &&
   "$bin/fusion-eval" --events "$work/events.csv" --alerts "$work/alerts.csv" \
     --truth "$work/truth-events.csv" --tracks "$work/tracks.csv" >"$work/moe.txt" 2>>"$work/moe.log"; then
  sed -n '/^  recall/,/^  custody share/p' "$work/moe.txt" | grep -v "alerted\(,\| events\)"
else
  echo "  (not available: see $work/moe.log)"
fi
echo "  logs, ground truth, events, tracks and alerts: $work"
