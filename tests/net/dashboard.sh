#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# `exray serve` in a real browser. A SQLite store gets two scans of the simulated fleet (the
# second after some hosts were patched, exchange-sim --epoch 1), a hunt of a web root and an IIS
# log whose file names and lines carry script payloads, and a scanned host whose name, error and
# advisory are payloads too. Then headless Chromium loads every page of the dashboard and:
#   - the overview and the hosts page show exactly the numbers `exray report --format json` gives;
#   - nothing from the data ran: the title is the page's own, no element got `data-xss`, and the
#     DOM holds no <script>, <img> or onerror from the payloads, which appear only as text;
# and a dashboard with a token (on 127.0.0.2) answers 401 without it, 200 with it. A PNG of each
# page is kept in OUT. Loopback only, a bounded number of hosts, every request with a timeout.
#
#   tests/net/dashboard.sh EXRAY SIM OUT
set -euo pipefail
export LC_ALL=C
exray=$1 sim=$2 out=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/exray-dashboard.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
die() { echo "dashboard: $*" >&2; exit 1; }
. "$(dirname "$0")/../support/listening_port.sh"
command -v jq > /dev/null || die "jq is needed (scripts/setup installs it)"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || die "no Chromium at $chromium (scripts/setup installs it)"
mkdir -p "$out"
db="sqlite:$work/fleet.db"

# ---- the store: two scans, a hostile hunt, a hostile host ----
range=127.9.8.0/25 seed=11 port=0
for epoch in 0 1; do
  "$sim" --port "$port" --seed $seed --epoch $epoch > "$work/sim.out" &
  sim_pid=$!
  port=$(listening_port "$work/sim.out")
  [ -n "$port" ] || die "the simulator did not start"
  "$exray" scan -q $range --ports "$port" --concurrency 50 --timeout 5s --db "$db" --format jsonl -o /dev/null ||
    [ $? -eq 1 ] || die "exray scan failed"
  kill -TERM "$sim_pid"; wait "$sim_pid" || true
done

title_payload="<script>document.title='XSS'</script>"
attr_payload="\"><img src=x onerror=\"document.body.setAttribute('data-xss','1')\">"
# A file name cannot hold '/': the first payload's closing tag makes it a folder and a file.
mkdir -p "$work/srv/aspnet_client/$title_payload" "$work/srv/logs"
printf '<%%eval(Request.Item["z"],"unsafe");%%>' > "$work/srv/aspnet_client/$title_payload/$attr_payload.aspx"
{
  printf '#Fields: date time cs-method cs-uri-stem cs-uri-query sc-status\n'
  printf '2021-03-03 01:02:03 POST /aspnet_client/%s.aspx %s 200\n' "${title_payload// /+}" "${attr_payload// /+}"
} > "$work/srv/logs/u_ex210303.log"
(cd "$work" && "$exray" hunt -q --host "$title_payload" --db "$db" srv > /dev/null) || die "exray hunt failed"
# A scanned host's name, error and advisory as payloads: the scanner keeps whatever a host or a
# target list says, and the dashboard must show it as text.
hostile=$(python3 - "$work/fleet.db" "$title_payload" "$attr_payload" <<'PY'
import sqlite3, sys
db, title, attr = sys.argv[1:]
c = sqlite3.connect(db)
run, address, port = c.execute(
    "SELECT run_id, address, port FROM observations JOIN runs ON runs.id = run_id "
    "WHERE observations.status = 'exchange' ORDER BY started DESC LIMIT 1").fetchone()
c.execute("INSERT INTO observations SELECT run_id, address, port, ?, status, ?, build, product, release_name, cu, "
          "record FROM observations WHERE run_id = ? AND address = ? AND port = ? AND name = ''",
          (title, attr, run, address, port))
c.execute("INSERT INTO verdicts VALUES (?, ?, ?, ?, ?, 'su-missing', ?, '')", (run, address, port, title, attr, title))
c.commit()
print("address=%s&port=%d" % (address, port))
PY
)

"$exray" report --db "$db" --format json -o "$work/report.json" || die "exray report failed"

# ---- the dashboard ----
start_serve() {  # ADDRESS [ARGS…] → sets url
  local address=$1 log="$work/serve.$RANDOM"
  shift
  "$exray" serve --db "$db" --listen "$address:0" "$@" > "$log" 2> "$log.err" &
  pids+=($!)
  url=""
  for _ in $(seq 100); do
    url=$(awk '/^listening on / {print $3}' "$log")
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  cat "$log.err" >&2
  die "exray serve did not start on $address"
}
browse() {  # URL NAME → the rendered DOM in $work/NAME.html, a screenshot in $out/NAME.png
  local flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
               --disable-component-update --disable-sync --user-data-dir="$(mktemp -d "$work/chrome.XXXXXX")")
  timeout 90 "$chromium" "${flags[@]}" --dump-dom "$1" > "$work/$2.html" 2> /dev/null ||
    die "Chromium could not load $1"
  timeout 90 "$chromium" "${flags[@]}" --screenshot="$out/$2.png" --window-size=1280,1600 "$1" > /dev/null 2>&1 ||
    die "Chromium could not take a picture of $1"
}

start_serve 127.0.0.1
# The hostile host's page: the same address and port as a host the scan saw, and its own name.
detail=$hostile
declare -A pages=([overview]="" [hosts]="hosts" [hosts-sorted]="hosts?sort=build&dir=desc"
                  [hosts-vulnerable]="hosts?state=vulnerable" [detail]="hosts/detail?$detail"
                  [findings]="findings" [findings-critical]="findings?severity=critical" [runs]="runs")
for name in "${!pages[@]}"; do
  browse "$url${pages[$name]}" "$name"
  dom="$work/$name.html"
  grep -q '</html>' "$dom" || die "$name: no whole page"
  # Nothing ran: our own title, no mark from an event handler, no element from the data.
  python3 - "$dom" <<'PY' || die "$name: a payload became markup or ran"
import html.parser, sys
class Check(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad, self.title, self.in_title = [], "", False
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "img", "iframe", "object", "embed"): self.bad.append("<%s>" % tag)
        for name, _ in attrs:
            if name.startswith("on") or name == "data-xss": self.bad.append("%s on <%s>" % (name, tag))
        # The document's title is the first; the SVG charts' <title> elements are tooltips.
        self.in_title = tag == "title" and not self.title
    def handle_endtag(self, tag): self.in_title = False
    def handle_data(self, data):
        if self.in_title: self.title += data
c = Check()
c.feed(open(sys.argv[1], encoding="utf-8", errors="replace").read())
if not c.title.endswith("exray dashboard") or "XSS" in c.title: c.bad.append("title " + repr(c.title))
if c.bad: sys.exit("dashboard: " + ", ".join(c.bad))
PY
done
echo "dashboard: ${#pages[@]} pages rendered, no payload ran"

# The payloads are there, as text.
grep -qF '&lt;script&gt;document.title=' "$work/findings.html" || die "the hunted path is not shown"
grep -qF "&lt;script&gt;document.title='XSS'&lt;/script&gt;" "$work/hosts.html" || die "the hostile host is not shown"
grep -qF '&lt;img src=x onerror="document.body' "$work/detail.html" || die "the hostile error is not shown"

# ---- the same numbers as exray report ----
card() {  # PAGE NUMBER LABEL: the overview's card
  grep -qF "<span class=\"n\">$2</span><span class=\"l\">$3" "$work/$1.html" ||
    die "$1: the card '$3' does not show $2 (exray report's number)"
}
card overview "$(jq '.hosts' "$work/report.json")" "hosts seen"
card overview "$(jq '.exchange' "$work/report.json")" "Exchange servers exposed"
card overview "$(jq '.runs | length' "$work/report.json")" "runs"
jq -r '.advisories[] | select(.advisory | test("^[A-Za-z0-9._-]+$")) | "\(.vulnerable) \(.advisory)"' \
  "$work/report.json" > "$work/advisories"
[ -s "$work/advisories" ] || die "the report counts no advisory: nothing to compare"
while read -r vulnerable advisory; do card overview "$vulnerable" "$advisory</span>"; done < "$work/advisories"
grep -qF "<span id=\"total\">$(jq '.hosts' "$work/report.json")</span>" "$work/hosts.html" ||
  die "the hosts page does not list every host the report counts"
vulnerable_hosts=$(jq '[.still_open[].host | "\(.address):\(.port):\(.name)"] | unique | length' "$work/report.json")
grep -qF "<span id=\"shown\">$vulnerable_hosts</span>" "$work/hosts-vulnerable.html" ||
  die "the vulnerable hosts are not the $vulnerable_hosts the report has still open"
grep -qF "Hunt findings: $(jq '[.findings[] | length] | add' "$work/report.json") on" "$work/findings.html" ||
  die "the findings page does not count the report's findings"
echo "dashboard: the numbers are exray report's"

# DNS rebinding: without a token, a request for any name but the loopback's is refused.
[ "$(curl -s -o "$work/body" -w '%{http_code}' --max-time 10 -H 'Host: evil.example' "${url}hosts")" = 421 ] ||
  die "a request for another site's name was served"
! grep -q '127\.9\.' "$work/body" || die "the refusal of another site's name showed data"

# ---- the token ----
# Off loopback without a token: refused before anything is bound.
status=0
timeout 10 "$exray" serve --db "$db" --listen 0.0.0.0:0 > /dev/null 2> "$work/refused" || status=$?
[ "$status" = 2 ] && grep -q 'needs --token' "$work/refused" || die "0.0.0.0 without a token was not refused ($status)"
token=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
printf '%s\n' "$token" > "$work/token"
start_serve 127.0.0.2 --token-file "$work/token"
code() { curl -s -o "$work/body" -w '%{http_code}' --max-time 10 "$@"; }
for page in "" hosts findings runs "hosts/detail?$detail" nope; do
  [ "$(code "$url$page")" = 401 ] || die "/$page answered without the token"
  ! grep -q '127\.9\.' "$work/body" || die "/$page: a refusal showed data"
  [ "$(code -H "Authorization: Bearer ${token}x" "$url$page")" = 401 ] || die "/$page took a wrong token"
done
[ "$(code -H "Authorization: Bearer $token" "${url}hosts")" = 200 ] || die "the token was refused"
[ "$(code "${url}?token=$token" -D "$work/headers")" = 303 ] || die "/?token= did not redirect"
grep -qi "^set-cookie: exray_token=$token; Path=/; HttpOnly; SameSite=Strict" "$work/headers" || die "no cookie set"
grep -qi '^location: /\s*$' "$work/headers" || die "the redirect keeps the token in the address"
[ "$(code -b "exray_token=$token" "${url}runs")" = 200 ] || die "the cookie was refused"
# Every answer, refusals too, forbids script, framing and sniffing; only GET and HEAD.
code -D "$work/headers" "$url" > /dev/null
for h in "content-security-policy: default-src 'none'" "x-content-type-options: nosniff" \
         "referrer-policy: no-referrer" "x-frame-options: deny"; do
  grep -qi "^$h" "$work/headers" || die "the 401 answer lacks $h"
done
[ "$(code -X POST -H "Authorization: Bearer $token" "$url")" = 405 ] || die "POST was not refused"
[ "$(code -I -H "Authorization: Bearer $token" "$url")" = 200 ] || die "HEAD was refused"
[ "$(code -H "Authorization: Bearer $token" -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)" "$url")" = 413 ] ||
  die "an oversized request was not refused"
echo "dashboard: the token is asked for, in a header or a cookie; a wrong one shows nothing"
