#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# `exray mitigate` rules loaded into real servers: each proxy runs on loopback (127.0.0.1, ports
# the kernel picks, its own config, pid and log files in a temporary folder; nothing of the
# system's own configuration is read) in front of backend.py, which answers 200 to anything.
# Every row of requests.tsv is sent with curl: exploit rows must be blocked (403, or the
# connection closed unanswered), ordinary rows must reach the backend (200), first with the rules
# for all exploits, then with the rules for one exploit at a time (its rows blocked, the other
# exploits' rows not counted), then with no rules at all (every row reaches the backend: what
# blocks is the rules, not the proxy).
#
# With SERVER scan-nginx, scan-haproxy or scan-modsecurity, the proxy ends TLS in front of one
# vulnerable host of tools/exchange-sim instead, and `exray scan --probe all` through it must
# say: no rules → vulnerable (ProxyLogon and ProxyShell); rules for proxylogon → ProxyLogon
# "mitigated" (the request is cut off unanswered, DETECTIONS.md), ProxyShell still vulnerable;
# rules for all → both "mitigated" (ModSecurity answers 403 instead, which reads the same).
#
#   tests/mitigate/proxies.sh EXRAY SERVER [SIM]
#     SERVER: nginx | haproxy | modsecurity | iis | scan-nginx | scan-haproxy | scan-modsecurity
#     (the scan-* checks need SIM, the exchange-sim binary)
set -euo pipefail
export LC_ALL=C
exray=$1 server=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/../support/listening_port.sh"
requests=$here/requests.tsv
work=$(mktemp -d "${TMPDIR:-/tmp}/exray-mitigate.XXXXXX")
chmod 755 "$work"
pids=()        # the backend and the simulator: they live as long as the script
proxy_pid=""   # the proxy: one per set of rules
cleanup() {
  for pid in $proxy_pid "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
die() { echo "mitigate $server: $*" >&2; exit 1; }
need() { command -v "$1" > /dev/null || die "$1 is not installed (scripts/setup installs it)"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Where the proxy forwards to, and its certificate when it speaks TLS (empty: plain HTTP).
upstream="" upstream_scheme=http tls_pem=""

# Waits until 127.0.0.1:$1 accepts connections.
wait_port() {
  for _ in $(seq 100); do
    curl -sk -o /dev/null --max-time 1 "http${tls_pem:+s}://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  return 1
}

start_backend() {
  : > "$work/backend.out"
  python3 "$here/backend.py" 127.0.0.1 > "$work/backend.out" &
  pids+=($!)
  backend_port=$(listening_port "$work/backend.out")
  [ -n "$backend_port" ] || die "the backend did not start"
  upstream=127.0.0.1:$backend_port
}

# Writes the proxy's config with the rules file $1 (empty: none) and starts it; sets $proxy_pid.
start_proxy() {
  local rules=$1 conf=$work/proxy
  rm -rf "$conf" && mkdir -p "$conf/logs" && chmod -R 755 "$conf"
  proxy_port=$(free_port)
  case "$server" in
    nginx | modsecurity)
      local load="" modsec="" include="" listen_ssl="" tls=""
      if [ -n "$tls_pem" ]; then
        listen_ssl=ssl
        tls="ssl_certificate $tls_pem; ssl_certificate_key $tls_pem;"
      fi
      if [ "$server" = modsecurity ]; then
        load="load_module /usr/lib/nginx/modules/ngx_http_modsecurity_module.so;"
        { echo "SecRuleEngine On"; [ -n "$rules" ] && cat "$rules"; } > "$conf/modsec.conf"
        modsec="modsecurity on; modsecurity_rules_file $conf/modsec.conf;"
      elif [ -n "$rules" ]; then
        include="include $rules;"
      fi
      # master_process off: one process as the caller, so no worker switches to `nobody`.
      cat > "$conf/nginx.conf" <<CONF
$load
daemon off;
master_process off;
pid $conf/nginx.pid;
error_log $conf/logs/error.log;
events { worker_connections 64; }
http {
  access_log $conf/logs/access.log;
  client_body_temp_path $conf/body; proxy_temp_path $conf/proxy;
  fastcgi_temp_path $conf/fastcgi; uwsgi_temp_path $conf/uwsgi; scgi_temp_path $conf/scgi;
  server {
    listen 127.0.0.1:$proxy_port $listen_ssl;
    $tls
    $modsec
    $include
    location / { proxy_pass $upstream_scheme://$upstream; proxy_pass_header Server; }
  }
}
CONF
      nginx -p "$conf" -c "$conf/nginx.conf" -e "$conf/logs/error.log" &
      ;;
    haproxy)
      # The rules go into the frontend, where the template's header says to paste them.
      {
        printf 'global\n  pidfile %s/haproxy.pid\n' "$conf"
        printf 'defaults\n  mode http\n  timeout connect 5s\n  timeout client 10s\n  timeout server 10s\n'
        printf 'frontend exchange\n  bind 127.0.0.1:%s%s\n' "$proxy_port" "${tls_pem:+ ssl crt $tls_pem}"
        [ -n "$rules" ] && sed 's/^/  /' "$rules"
        printf '  default_backend exchange\nbackend exchange\n  server upstream %s%s\n' "$upstream" \
          "$([ "$upstream_scheme" = https ] && echo ' ssl verify none')"
      } > "$conf/haproxy.cfg"
      haproxy -c -q -f "$conf/haproxy.cfg" || die "haproxy rejects the config"
      haproxy -db -f "$conf/haproxy.cfg" 2> "$conf/logs/haproxy.err" &
      ;;
  esac
  proxy_pid=$!
  wait_port "$proxy_port" || { cat "$conf"/logs/* >&2 2>/dev/null; die "$server did not start"; }
}
stop_proxy() {
  kill -TERM "$proxy_pid"
  wait "$proxy_pid" 2>/dev/null || true
  proxy_pid=""
}

# Sends every row of requests.tsv; $1: the exploits the loaded rules cover ("" for none).
# Prints "blocked passed wrong" and lists the wrong rows on stderr.
send_all() {
  local covered=",$1," blocked=0 passed=0 wrong=0 expect exploit label method path c1 c2 args code
  while IFS=$'\t' read -r expect exploit label method path c1 c2; do
    case "$expect" in block | pass) ;; *) continue ;; esac
    args=(-s -g --path-as-is -o /dev/null -w '%{http_code}' --max-time 5 -X "$method")
    [ "$method" = POST ] && args+=(--data 'x=1')
    [ -n "${c1:-}" ] && args+=(-H "Cookie: $c1")
    [ -n "${c2:-}" ] && args+=(-H "Cookie: $c2")
    code=$(curl "${args[@]}" "http://127.0.0.1:$proxy_port$path" || true)
    # A row of an exploit the rules do not cover may go either way (the ProxyShell rule also
    # stops most ProxyNotShell requests); with no rules at all every row must pass.
    if [ "$expect" = block ] && [[ "$covered" != *",$exploit,"* ]]; then
      [ "$covered" = ",," ] && expect=pass || continue
    fi
    if [ "$expect" = block ] && [ "$code" = "$blocked_code" ]; then
      blocked=$((blocked + 1))
    elif [ "$expect" = pass ] && [ "$code" = 200 ]; then
      passed=$((passed + 1))
    else
      wrong=$((wrong + 1))
      echo "  wrong: $label: expected $expect, got HTTP $code ($method $path)" >&2
    fi
  done < "$requests"
  echo "$blocked $passed $wrong"
}

# Loads the rules for $1 (a --for list, or "none"), sends every row, checks the counts.
check_rules() {
  local for=$1 rules="" covered=$1 result
  if [ "$for" = none ]; then
    covered=""
  else
    rules=$work/rules.$server
    "$exray" mitigate --for "$for" --format "$server" -o "$rules" -q || die "exray mitigate --for $for failed"
    [ "$for" = all ] && covered=proxylogon,proxyshell,proxynotshell
  fi
  start_proxy "$rules"
  result=$(send_all "$covered")
  stop_proxy
  read -r blocked passed wrong <<< "$result"
  echo "$server, rules for $for: $blocked exploit requests blocked, $passed ordinary requests passed, $wrong wrong"
  [ "$wrong" -eq 0 ] || die "$wrong requests were not handled as expected with the rules for $for"
}

# What a blocked request gets: nginx's 444 and HAProxy's reject close the connection unanswered
# (curl's 000), as IIS's AbortRequest does; ModSecurity's deny answers 403.
blocked_code=000
# `exray scan` through the proxy in front of the simulator, with the rules for $1 (or none);
# $2 the expected "proxylogon proxyshell" probe results.
scan_through() {
  local for=$1 expected=$2 rules="" observed
  if [ "$for" != none ]; then
    rules=$work/rules.$server
    "$exray" mitigate --for "$for" --format "$server" -o "$rules" -q || die "exray mitigate --for $for failed"
  fi
  start_proxy "$rules"
  "$exray" scan 127.0.0.1 --ports "$proxy_port" --probe all --timeout 5s --format jsonl -o "$work/scan.jsonl" -q ||
    true
  stop_proxy
  observed=$(jq -r '[.status, (.probes.proxylogon // "-"), (.probes.proxyshell // "-")] | join(" ")' "$work/scan.jsonl")
  echo "$server in front of $upstream, rules for $for: exray scan says $observed"
  [ "$observed" = "exchange $expected" ] || die "expected exchange $expected"
}

scan_check() {
  local sim=$1 seed=9
  need openssl
  need jq
  [ -x "$sim" ] || die "give the exchange-sim binary as the third argument"
  : > "$work/sim.out"
  "$sim" --port 0 --seed "$seed" > "$work/sim.out" &
  pids+=($!)
  local sim_port="" address
  sim_port=$(listening_port "$work/sim.out")
  [ -n "$sim_port" ] || die "the simulator did not start"
  # One plain Exchange host both probes find vulnerable, not behind the simulator's own rule.
  address=$("$sim" --truth 127.9.0.0/24 --seed "$seed" |
    jq -rn '[inputs | select(.behaviour == "exchange" and .mitigated == false and .expect.proxylogon == "vulnerable"
                             and .expect.proxyshell == "vulnerable")][0].address')
  [ "$address" != null ] || die "no vulnerable host in 127.9.0.0/24 with seed $seed"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=exchange-proxy.test \
    -keyout "$work/tls.key" -out "$work/tls.crt" 2> /dev/null
  cat "$work/tls.crt" "$work/tls.key" > "$work/tls.pem"
  upstream=$address:$sim_port upstream_scheme=https tls_pem=$work/tls.pem
  scan_through none "vulnerable vulnerable"
  # ModSecurity answers 403 where the others cut the request off: both read as "mitigated".
  scan_through proxylogon "mitigated vulnerable"
  scan_through all "mitigated mitigated"
}

case "$server" in
  scan-nginx | scan-haproxy | scan-modsecurity)
    server=${server#scan-}
    need "${server/modsecurity/nginx}"
    scan_check "${3:-}"
    exit 0
    ;;
  nginx) need nginx ;;
  modsecurity) need nginx; blocked_code=403 ;;
  haproxy) need haproxy ;;
  iis)
    for for in all proxylogon proxyshell proxynotshell; do
      "$exray" mitigate --for "$for" --format iis -o "$work/rules.xml" -q || die "exray mitigate failed"
      xmllint --noout "$work/rules.xml" 2> /dev/null || ! command -v xmllint > /dev/null || die "not well-formed XML"
      [ "$for" = all ] && for=proxylogon,proxyshell,proxynotshell
      python3 "$here/iis_check.py" "$work/rules.xml" "$requests" "$for" || die "the IIS rules for $for fail"
    done
    exit 0
    ;;
  *) die "unknown server (nginx, haproxy, modsecurity or iis)" ;;
esac
[ "$server" = modsecurity ] && [ ! -e /usr/lib/nginx/modules/ngx_http_modsecurity_module.so ] &&
  die "libnginx-mod-http-modsecurity is not installed (scripts/setup installs it)"
start_backend
for for in all proxylogon proxyshell proxynotshell none; do check_rules "$for"; done
