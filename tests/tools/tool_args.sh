#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The command lines of the test-data tools: what the scripts and tests pass is accepted, usage
# errors exit with status 2 and --help with 0. Offline, and nothing is generated but one small
# log tree.
#
#   tests/tools/tool_args.sh SIM LOGS TREE
set -euo pipefail
export LC_ALL=C
sim=$1 logs=$2 tree=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/exray-tool-args.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
# expect STATUS COMMAND...: runs the command, output discarded, and checks its exit status.
expect() {
  local want=$1 status=0
  shift
  "$@" > /dev/null 2>&1 || status=$?
  if [ "$status" -ne "$want" ]; then
    echo "tool_args: exit status $status, not $want: ${*##*/}" >&2
    failures=$((failures + 1))
  fi
}

for tool in "$sim" "$logs" "$tree"; do
  expect 0 "$tool" --help
  expect 2 "$tool" --no-such-option
  expect 2 "$tool"  # each needs --port/--truth or --out
done

# exchange-sim: the forms tests/net/scan_sim.sh and bench/macro/netscan use, then the refusals.
expect 0 "$sim" --truth 127.0.0.0/30 ::1 --seed 3
expect 0 "$sim" --seed=3 --epoch 1 --truth 127.0.0.1
[ "$("$sim" --truth 127.0.0.0/28 --seed 010)" = "$("$sim" --truth 127.0.0.0/28 --seed 10)" ] ||
  { echo "tool_args: --seed 010 is not --seed 10" >&2; failures=$((failures + 1)); }
expect 2 "$sim" --truth
expect 2 "$sim" --truth 10.0.0.0/8
expect 2 "$sim" --truth 127.0.0.1 --port 0
expect 2 "$sim" --truth 127.0.0.1 --threads 2
expect 2 "$sim" --truth 127.0.0.1 --access-log "$work/log"
expect 2 "$sim" --port 65536
expect 2 "$sim" --port 0 --threads 0
expect 2 "$sim" --port 0 --threads 65
expect 2 "$sim" --port 0 --access-log ""
expect 2 "$sim" --truth 127.0.0.1 --seed -1
expect 2 "$sim" --truth 127.0.0.1 --seed 0x10
expect 2 "$sim" --truth 127.0.0.1 --epoch -1

# exchange-logs: loghunt_tests' form, then the refusals.
expect 0 "$logs" --out "$work/logs" --size 200K --seed 11 --attacks 6 --gzip
[ -s "$work/logs/ground-truth.jsonl" ] || { echo "tool_args: no ground truth from exchange-logs" >&2; failures=$((failures + 1)); }
expect 2 "$logs" --out "$work/logs"  # not empty
expect 2 "$logs" --out ""
expect 2 "$logs" --out "$work/l2" --size 99K
expect 2 "$logs" --out "$work/l2" --size 5X
expect 2 "$logs" --out "$work/l2" --attacks 1000001
[ ! -e "$work/l2" ] || { echo "tool_args: a refused exchange-logs left $work/l2" >&2; failures=$((failures + 1)); }

# file-tree: refusals only (a tree reads /usr).
expect 2 "$tree" --out "$work/logs"  # not empty
expect 2 "$tree" --out "$work/t" --size 5X
expect 2 "$tree" --out "$work/t" --files 1x
expect 2 "$tree" --out "$work/t" --samples "$work/none"
expect 2 "$tree" --out "$work/t" --files 100 --size 1K  # cannot be met
[ ! -e "$work/t" ] || { echo "tool_args: a refused file-tree left $work/t" >&2; failures=$((failures + 1)); }

[ "$failures" -eq 0 ] || { echo "tool_args: $failures failed checks" >&2; exit 1; }
echo "tool_args: ok"
