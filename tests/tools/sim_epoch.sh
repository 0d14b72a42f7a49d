#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# exchange-sim's epochs, offline (`--truth` only): epoch 1 is the fleet of epoch 0 after a round
# of patching, in which some Exchange hosts moved to a newer build of the same CU and nothing
# else changed.
#
#   tests/tools/sim_epoch.sh SIM
set -euo pipefail
export LC_ALL=C
sim=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/exray-sim-epoch.XXXXXX")
trap 'rm -rf "$work"' EXIT
die() { echo "sim_epoch: $*" >&2; exit 1; }

cidr=127.8.0.0/20 hosts=4096 seed=8
"$sim" --truth "$cidr" --seed "$seed" > "$work/default.jsonl"
for epoch in 0 1 2; do "$sim" --truth "$cidr" --seed "$seed" --epoch "$epoch" > "$work/$epoch.jsonl"; done
cmp -s "$work/default.jsonl" "$work/0.jsonl" || die "--epoch 0 differs from no --epoch"
cmp -s "$work/1.jsonl" "$work/2.jsonl" || die "--epoch 2 differs from --epoch 1"

# One line per failed rule, then the counts; the pairs are the same address at epochs 0 and 1.
jq -nr --slurpfile before "$work/0.jsonl" --slurpfile after "$work/1.jsonl" --argjson hosts "$hosts" '
  def version: split(".") | map(tonumber);
  def vulnerable: . == "vulnerable";
  def unbuilt: del(.build, .listed, .expect.build, .expect.proxylogon, .expect.proxyshell);
  if ($before | length) != $hosts or ($after | length) != $hosts then
    "\($before | length) hosts at epoch 0 and \($after | length) at epoch 1, not \($hosts)"
  else
    ([$before, $after] | transpose) as $pairs |
    ($pairs | map(select(.[0].build != .[1].build))) as $changed |
    ($before | map(select(.behaviour == "exchange")) | length) as $exchange |
    ($pairs[] | select(.[0].address != .[1].address) | "address \(.[0].address) at epoch 0 is \(.[1].address) at epoch 1"),
    ($pairs[] | select(.[0].build == .[1].build and .[0] != .[1]) | "\(.[0].address) changed but kept its build"),
    ($changed[] | .[0].address as $a |
      (select(.[0].behaviour != "exchange" or .[1].behaviour != "exchange") | "\($a) changed build but is not Exchange at both epochs"),
      (select((.[0] | unbuilt) != (.[1] | unbuilt)) | "\($a) changed more than its build"),
      (select((.[1].build | version) <= (.[0].build | version)) | "\($a): \(.[1].build) is not newer than \(.[0].build)"),
      (select((.[1].build | version)[:3] != (.[0].build | version)[:3]) | "\($a): \(.[1].build) is another CU than \(.[0].build)"),
      (select(.[1].listed | not) | "\($a): the update \(.[1].build) is not a listed build"),
      (select((.[1].expect.proxylogon | vulnerable) and (.[0].expect.proxylogon | vulnerable | not)) |
        "\($a): patching made it vulnerable to ProxyLogon"),
      (select((.[1].expect.proxyshell | vulnerable) and (.[0].expect.proxyshell | vulnerable | not)) |
        "\($a): patching made it vulnerable to ProxyShell")),
    (if ($changed | length) == 0 then "no host changed build" else empty end),
    (if ($changed | length) * 2 > $exchange then "\($changed | length) of \($exchange) Exchange hosts patched, more than half"
     else empty end),
    "changed \($changed | length) of \($exchange) Exchange hosts"
  end
' > "$work/report"
if grep -v '^changed ' "$work/report" > "$work/failures"; then
  head -20 "$work/failures" >&2
  die "$(wc -l < "$work/failures") failed checks"
fi
echo "sim_epoch: ok, $(cat "$work/report")"
