#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# `exray scan` against tools/exchange-sim on loopback: every check compares the scanner's output
# (or the simulator's access log) with the simulator's ground truth. Traffic goes only to
# 127.0.0.0/8 and ::1, a bounded number of hosts, each with timeouts.
#
#   tests/net/scan_sim.sh EXRAY SIM CHECK     CHECK: truth | safety | shards | resume | stdin
set -euo pipefail
export LC_ALL=C
exray=$1 sim=$2 check=$3
# Few hosts in flight: under sanitizers the simulator and the scanner share two slow cores, and
# with hundreds in flight a 1 MiB answer can queue past the deadline on either side.
scan() { "$exray" scan --concurrency 100 "$@"; }
work=$(mktemp -d "${TMPDIR:-/tmp}/exray-scan-sim.XXXXXX")
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill -TERM "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
die() { echo "scan_sim $check: $*" >&2; exit 1; }
. "$(dirname "$0")/../support/listening_port.sh"

# Starts the simulator (seed $1) and sets $port.
start_sim() {
  "$sim" --port 0 --seed "$1" --access-log "$work/access.jsonl" > "$work/sim.out" &
  sim_pid=$!
  port=$(listening_port "$work/sim.out")
  [ -n "$port" ] || die "the simulator did not start"
}
stop_sim() { kill -TERM "$sim_pid"; wait "$sim_pid" || true; sim_pid=""; }

# What must match, per address, as sorted lines: address status error build source probes.
expected() {
  "$sim" --truth "$@" --seed "$seed" |
    jq -r '[.address, .expect.status, (.expect.error // "-"), (.expect.build // "-"), (.expect.build_source // "-"),
            (.expect.proxylogon // "-"), (.expect.proxyshell // "-")] | @tsv' | sort
}
observed() {
  jq -r '[.address, .status, (.error // "-"), (.build // "-"), (.build_source // "-"),
          (.probes.proxylogon // "-"), (.probes.proxyshell // "-")] | @tsv' "$1" | sort
}
same() {  # $1 expected, $2 observed
  if ! diff "$1" "$2" > "$work/diff"; then
    head -20 "$work/diff" >&2
    die "$(grep -c '^[<>]' "$work/diff") lines differ from the ground truth"
  fi
}

case "$check" in
  truth)  # the acceptance scan: every host of a /16 and ::1, probes on, exactly the ground truth
    seed=3
    start_sim $seed
    scan 127.3.0.0/16 ::1 --ports "$port" --probe all --timeout 2s --format jsonl -o "$work/out.jsonl" -q ||
      [ $? -eq 0 ] || die "exray scan failed"
    expected 127.3.0.0/16 ::1 > "$work/expected"
    observed "$work/out.jsonl" > "$work/observed"
    [ "$(wc -l < "$work/observed")" -eq 65537 ] || die "expected 65537 records, got $(wc -l < "$work/observed")"
    same "$work/expected" "$work/observed"
    ;;
  safety)  # only listed, non-excluded addresses are touched, only with the documented requests
    seed=4
    start_sim $seed
    printf '127.4.0.200-127.4.0.255\n' > "$work/exclude.txt"
    scan 127.4.0.0/24 --exclude 127.4.0.0/26 --exclude "$work/exclude.txt" --ports "$port" --timeout 2s \
      --format jsonl -o "$work/plain.jsonl" -q || true
    scan 127.4.1.0/25 --ports "$port" --timeout 2s --probe all --format jsonl -o "$work/probed.jsonl" -q || true
    stop_sim
    # Addresses: exactly the allowed ones were connected to, and nothing else.
    { seq 64 199 | sed 's/^/127.4.0./'; seq 0 127 | sed 's/^/127.4.1./'; } | sort > "$work/allowed"
    jq -r 'select(.event == "connect") | .address' "$work/access.jsonl" | sort -u > "$work/touched"
    diff "$work/allowed" "$work/touched" > /dev/null || die "addresses touched differ from the allowed ones: $(diff "$work/allowed" "$work/touched" | head -5 | tr '\n' ' ')"
    # Requests: only the documented ones; the cookie only on the ProxyLogon check; probes only when asked.
    exporttool=/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application
    proxyshell='/autodiscover/autodiscover.json?@test.com/owa/?&Email=autodiscover/autodiscover.json%3F@test.com'
    cookie='X-AnonResource=true; X-AnonResource-Backend=localhost/ecp/default.flt?~3; X-BEResource=localhost/owa/auth/logon.aspx?~3;'
    jq -r --arg e "$exporttool" --arg s "$proxyshell" --arg c "$cookie" '
      select(.event == "request") |
      if .method != "GET" then "method \(.method)"
      elif (.target == "/owa/" or .target == $e or .target == "/owa/auth/logon.aspx" or .target == $s) and (.cookie == null) then empty
      elif .target == "/owa/auth/x.js" and .cookie == $c then empty
      else "undocumented request \(.target) cookie=\(.cookie)" end' "$work/access.jsonl" > "$work/bad"
    [ ! -s "$work/bad" ] || die "$(head -3 "$work/bad")"
    probes_unasked=$(jq -r --arg s "$proxyshell" 'select(.event == "request" and (.address | startswith("127.4.0.")) and
                       (.target == "/owa/auth/x.js" or .target == $s)) | .address' "$work/access.jsonl" | wc -l)
    [ "$probes_unasked" -eq 0 ] || die "$probes_unasked probe requests sent without --probe"
    # Bounded: at most 5 requests per host (three for the build, two probes).
    most=$(jq -r 'select(.event == "request") | .address' "$work/access.jsonl" | sort | uniq -c | sort -n | tail -1 | awk '{print $1}')
    [ "${most:-0}" -le 5 ] || die "a host got $most requests"
    ;;
  shards)  # three shards cover every address exactly once, and agree with one whole scan
    seed=5
    start_sim $seed
    for i in 1 2 3; do
      scan 127.5.0.0/22 --shard "$i/3" --ports "$port" --timeout 2s --format jsonl -o "$work/shard$i.jsonl" -q || true
    done
    cat "$work/shard"*.jsonl > "$work/all.jsonl"
    [ "$(jq -r .address "$work/all.jsonl" | sort | uniq -d | wc -l)" -eq 0 ] || die "an address is in two shards"
    [ "$(wc -l < "$work/all.jsonl")" -eq 1024 ] || die "the shards hold $(wc -l < "$work/all.jsonl") of 1024 addresses"
    expected 127.5.0.0/22 | cut -f1-5 > "$work/expected"
    observed "$work/all.jsonl" | cut -f1-5 > "$work/observed"
    same "$work/expected" "$work/observed"
    ;;
  resume)  # killed with SIGKILL mid-scan, twice, then finished: no host lost, none repeated
    seed=6
    start_sim $seed
    # exec: the background job's PID is exray itself, so the kill hits the scanner.
    run() { exec "$exray" scan --concurrency 100 127.6.0.0/20 --ports "$port" --timeout 2s --rate 1500 --resume "$work/state.json" \
              --format jsonl -o "$work/out.jsonl" -q "$@"; }
    for pause in 1.5 1.5; do
      (run) & pid=$!
      sleep "$pause"
      kill -KILL "$pid"
      wait "$pid" 2>/dev/null || true
      [ -s "$work/state.json" ] || die "no resume state after ${pause}s"
    done
    partial=$(wc -l < "$work/out.jsonl")
    (run) || true
    [ "$(jq -r .finished "$work/state.json")" = true ] || die "the state does not say finished"
    [ "$(jq -r .address "$work/out.jsonl" | sort | uniq -d | wc -l)" -eq 0 ] || die "a host is in the output twice"
    [ "$(wc -l < "$work/out.jsonl")" -eq 4096 ] || die "$(wc -l < "$work/out.jsonl") of 4096 hosts in the output"
    [ "$partial" -gt 0 ] && [ "$partial" -lt 4096 ] || die "the kills did not land mid-scan ($partial hosts before)"
    expected 127.6.0.0/20 | cut -f1-5 > "$work/expected"
    observed "$work/out.jsonl" | cut -f1-5 > "$work/observed"
    same "$work/expected" "$work/observed"
    # A finished scan is not run again, and a state cannot be applied to other targets.
    again=$("$exray" scan 127.6.0.0/20 --ports "$port" --resume "$work/state.json" -o "$work/out.jsonl" --format jsonl 2>&1 || true)
    grep -q "already complete" <<< "$again" || die "a finished scan ran again: $again"
    [ "$(wc -l < "$work/out.jsonl")" -eq 4096 ] || die "the finished output was changed"
    if "$exray" scan 127.6.0.0/21 --ports "$port" --resume "$work/state.json" -o "$work/out.jsonl" -q 2>/dev/null; then
      die "a state was applied to other targets"
    fi
    ;;
  stdin)  # masscan and ZMap output piped in; exclusions still win
    seed=7
    start_sim $seed
    { echo "# masscan"; echo "open tcp $port 127.7.0.1 1616161616"; echo "127.7.0.2"; echo "127.7.0.3,$port,synack";
      echo "Host: 127.7.0.4 ()	Ports: $port/open/tcp////"; echo "{\"ip\": \"127.7.0.9\", \"ports\": [{\"port\": $port}]}"; } |
      scan --stdin --ports "$port" --exclude 127.7.0.9 --timeout 2s --format jsonl -o "$work/out.jsonl" -q || true
    expected 127.7.0.1 127.7.0.2 127.7.0.3 127.7.0.4 | cut -f1-5 > "$work/expected"
    observed "$work/out.jsonl" | cut -f1-5 > "$work/observed"
    same "$work/expected" "$work/observed"
    ;;
  *) die "unknown check" ;;
esac
echo "scan_sim $check: ok"
