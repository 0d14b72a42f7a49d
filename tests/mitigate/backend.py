# SPDX-License-Identifier: Apache-2.0
# The server behind the proxy in tests/mitigate/proxies.sh: 200 "reached" to any request, so a
# request the rules let through is told apart from one they blocked. Prints its port.
import http.server
import sys


class Reached(http.server.BaseHTTPRequestHandler):
    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = b"reached\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_HEAD = answer

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer((sys.argv[1], 0), Reached)
print(f"listening on port {server.server_address[1]}", flush=True)
server.serve_forever()
