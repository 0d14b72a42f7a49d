#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Issue 7's acceptance: two scans of the simulated fleet with some hosts patched in between
# (exchange-sim --epoch 1) go into one store, and `exray report` shows exactly the change: its
# "changes" are the hosts whose visible build changed in the simulator's ground truth, no more
# and no fewer. `exray alert` after each scan: the second round of notices names exactly the
# owned hosts that changed and were affected before or after. Loopback only (127.9.0.0/22), a
# bounded number of hosts, each with timeouts.
#
#   tests/net/report_epochs.sh EXRAY SIM [DB]   DB: a store URL; default a SQLite file in a
#                                                scratch folder; "postgres": $EXRAY_TEST_POSTGRES
set -euo pipefail
export LC_ALL=C
exray=$1 sim=$2 db=${3:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/exray-report-epochs.XXXXXX")
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill -TERM "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
die() { echo "report_epochs: $*" >&2; exit 1; }
. "$(dirname "$0")/../support/listening_port.sh"
[ -n "$db" ] || db="sqlite:$work/fleet.db"
[ "$db" = postgres ] && db=${EXRAY_TEST_POSTGRES:?run under tests/store/with_postgres.sh}

range=127.9.0.0/22 seed=9 port=0
# Two owners; 127.9.3.0/24 belongs to no one.
printf 'match,organisation,contact,email\n127.9.0.0/23,Org A,Alice,alice@a.example\n127.9.2.0/24,Org B,,b@b.example\n' \
  > "$work/owners.csv"
for epoch in 0 1; do
  # The same port both times: a host is its address and port, and must be recognised again.
  "$sim" --port "$port" --seed $seed --epoch $epoch > "$work/sim.out" &
  sim_pid=$!
  port=$(listening_port "$work/sim.out")
  [ -n "$port" ] || die "the simulator did not start"
  "$exray" scan -q $range --ports "$port" --concurrency 100 --timeout 5s --db "$db" --format jsonl \
    -o "$work/scan$epoch.jsonl" || [ $? -eq 1 ] || die "exray scan failed"
  kill -TERM "$sim_pid"; wait "$sim_pid" || true; sim_pid=""
  "$sim" --truth $range --seed $seed --epoch $epoch > "$work/truth$epoch.jsonl"
  "$exray" alert -q --db "$db" --owners "$work/owners.csv" --out "$work/notices$epoch" > /dev/null ||
    die "exray alert failed after scan $epoch"
done

# What changed, per the ground truth: the build a scanner can see, before and after.
paste -d '\n' "$work/truth0.jsonl" "$work/truth1.jsonl" |
  jq -rs '[range(0; length; 2) as $i | {a: .[$i], b: .[$i + 1]}][]
          | select(.a.expect.build != .b.expect.build) | "\(.a.address) \(.a.expect.build) \(.b.expect.build)"' |
  sort > "$work/expected"
[ -s "$work/expected" ] || die "the simulator changed no host between epochs: nothing to check"

"$exray" report --db "$db" --format json -o "$work/report.json" || die "exray report failed"
jq -r '.changes[] | "\(.host.address) \(.from_build) \(.to_build)"' "$work/report.json" | sort > "$work/observed"
if ! diff "$work/expected" "$work/observed" > "$work/diff"; then
  head -20 "$work/diff" >&2
  die "the report's changes differ from the ground truth in $(grep -c '^[<>]' "$work/diff") lines"
fi
# Two complete scans of every address, and a patched host is never reported as newly open.
[ "$(jq '[.runs[] | select(.kind == "scan" and .status == "complete")] | length' "$work/report.json")" = 2 ] ||
  die "the report does not show two complete scans"
[ "$(jq '.hosts' "$work/report.json")" = 1024 ] || die "the report does not count 1024 hosts"
[ "$(jq '[.changes[] | select(.opened | length > 0)] | length' "$work/report.json")" = 0 ] ||
  die "patching opened an advisory"
[ "$(jq '[.changes[] | select(.closed | length > 0)] | length' "$work/report.json")" -gt 0 ] ||
  die "no change closed an advisory"
# The trend: each scan's own count, per advisory, of the Exchange servers it found open, and of
# the hosts that answered, exactly as that scan printed them.
[ "$(jq '.trend | length' "$work/report.json")" = 2 ] || die "the trend does not have one point per scan"
for epoch in 0 1; do
  want=$(jq -scS '{vulnerable: ([.[] | select(.type == "host" and .status == "exchange") | .verdicts[]
                                | select(.state == "su-missing" or .state == "no-fix") | .advisory]
                               | reduce .[] as $a ({}; .[$a] += 1)),
                   reached: ([.[] | select(.type == "host" and .status != "error")] | length)}' \
    "$work/scan$epoch.jsonl")
  got=$(jq -cS ".trend[$epoch] | {vulnerable: (.vulnerable | with_entries(select(.value > 0))), reached}" \
    "$work/report.json")
  [ "$want" = "$got" ] || die "scan $epoch: the trend says $got; the scan's own records $want"
done
echo "report_epochs: $(wc -l < "$work/expected") changed hosts, exactly as the ground truth ($db)"

# The export: every host as the second scan saw it; in STIX, one sighting per host and CVE it
# left open, and two exports of the store are the same bytes.
"$exray" export --db "$db" --what hosts -o "$work/hosts.jsonl" || die "exray export failed"
jq -r 'select(.type == "host") | "\(.address):\(.port) \(.build)"' "$work/scan1.jsonl" | sort > "$work/expected-hosts"
jq -r '"\(.address):\(.port) \(.build)"' "$work/hosts.jsonl" | sort > "$work/observed-hosts"
cmp -s "$work/expected-hosts" "$work/observed-hosts" || die "the exported hosts differ from the second scan"
"$exray" export --db "$db" --what hosts --format stix -o "$work/hosts1.json" || die "exray export --format stix failed"
"$exray" export --db "$db" --what hosts --format stix -o "$work/hosts2.json" || die "exray export --format stix failed"
cmp -s "$work/hosts1.json" "$work/hosts2.json" || die "two STIX exports of one store differ"
want=$(jq -r 'select(.type == "host") | "\(.address):\(.port)" as $h | .verdicts[]?
              | select(.state == "su-missing" or .state == "no-fix") | .cves[] | "\($h) \(.)"' "$work/scan1.jsonl" |
       sort -u | wc -l)
got=$(jq '[.objects[] | select(.type == "sighting")] | length' "$work/hosts1.json")
[ "$want" = "$got" ] || die "the STIX bundle has $got sightings; the second scan left $want host-CVE pairs open"
[ "$want" -gt 0 ] || die "no host was left open: nothing to check"
echo "report_epochs: export holds the second scan's hosts; STIX: $got sightings of open CVEs"

# The second notices: owned hosts whose build changed and that were affected in either scan.
affected() {  # scan output → "address" of every host open to an advisory
  jq -r 'select(any(.verdicts[]?; .state == "su-missing" or .state == "no-fix")) | .address' "$1"
}
{ affected "$work/scan0.jsonl"; affected "$work/scan1.jsonl"; } | sort -u > "$work/affected"
cut -d' ' -f1 "$work/expected" | sort | join - "$work/affected" | grep -v '^127\.9\.3\.' > "$work/expected-notices" || true
cat "$work/notices1"/*.json | jq -r '.hosts[].address' | sort > "$work/observed-notices"
[ -s "$work/expected-notices" ] || die "no owned affected host changed: nothing to check"
if ! diff "$work/expected-notices" "$work/observed-notices" > "$work/diff"; then
  head -20 "$work/diff" >&2
  die "the second notices differ from the change in $(grep -c '^[<>]' "$work/diff") hosts"
fi
[ "$(cat "$work/notices0"/*.json | jq -r '.hosts[].address' | grep -c '^127\.9\.3\.' || true)" = 0 ] ||
  die "an unowned host was put in an owner's notice"
[ -s "$work/notices0/unowned.txt" ] || die "the affected unowned hosts were not listed"
grep -q '^Subject: \[exray\] ' "$work/notices1/org-a.eml" || die "the .eml has no subject"
echo "report_epochs: $(wc -l < "$work/expected-notices") hosts in the second notices, exactly the owned change"
