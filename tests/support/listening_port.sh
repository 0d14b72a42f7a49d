# SPDX-License-Identifier: Apache-2.0
# Sourced by the test scripts that start a server of ours (tools/exchange-sim, the mitigate
# tests' backend), which print "listening on port P" once they accept connections.

# listening_port FILE: the port printed to FILE, waiting up to 10 s; nothing if it never came.
listening_port() {
  local port=""
  for _ in $(seq 100); do
    port=$(awk '/^listening on port/ {print $4; exit}' "$1")
    [ -n "$port" ] && break
    sleep 0.1
  done
  printf '%s' "$port"
}
