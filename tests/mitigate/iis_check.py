# SPDX-License-Identifier: Apache-2.0
# Checks `exray mitigate --format iis` output without IIS: the XML is well-formed, has the URL
# Rewrite shape (configuration/system.webServer/rewrite/rules/rule with match, conditions and an
# abort or custom-response action), every pattern compiles, and evaluating the rules the way URL
# Rewrite does blocks each exploit request of requests.tsv and lets every ordinary one through.
# Python's re agrees with .NET's regex on the constructs these patterns use (classes,
# alternation, lookahead, \s).
#
#   python3 iis_check.py RULES.xml requests.tsv EXPLOIT,...   (the exploits the rules were made for)
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

rules_path, requests_path, wanted = sys.argv[1], sys.argv[2], set(sys.argv[3].split(","))


def die(message):
    print(f"iis_check: {message}", file=sys.stderr)
    sys.exit(1)


root = ET.parse(rules_path).getroot()  # raises on malformed XML
if root.tag != "configuration":
    die(f"root element is {root.tag}, not configuration")
rules = root.findall("./system.webServer/rewrite/rules/rule")
if not rules:
    die("no system.webServer/rewrite/rules/rule")

compiled = []
for rule in rules:
    name = rule.get("name")
    if not name or rule.get("stopProcessing") != "true":
        die(f"rule {name!r}: needs a name and stopProcessing=\"true\"")
    match = rule.find("match")
    action = rule.find("action")
    if match is None or match.get("url") is None:
        die(f"rule {name}: no <match url=…>")
    if action is None or action.get("type") not in ("AbortRequest", "CustomResponse"):
        die(f"rule {name}: action must be AbortRequest or CustomResponse")
    conditions = rule.find("conditions")
    adds = conditions.findall("add") if conditions is not None else []
    if not adds:
        die(f"rule {name}: no conditions")
    grouping = conditions.get("logicalGrouping", "MatchAll")
    tests = []
    for add in adds:
        source = add.get("input")
        if source not in ("{HTTP_COOKIE}", "{UrlDecode:{REQUEST_URI}}"):
            die(f"rule {name}: input {source} is not one this check can evaluate")
        flags = re.IGNORECASE if add.get("ignoreCase", "true") == "true" else 0
        tests.append((source, re.compile(add.get("pattern"), flags), add.get("negate") == "true"))
    compiled.append((name, re.compile(match.get("url"), re.IGNORECASE), grouping, tests))


def blocked_by(path, cookies):
    values = {"{HTTP_COOKIE}": "; ".join(cookies), "{UrlDecode:{REQUEST_URI}}": urllib.parse.unquote(path)}
    url = urllib.parse.unquote(path.split("?", 1)[0]).lstrip("/")  # what <match url> sees
    for name, url_pattern, grouping, tests in compiled:
        if not url_pattern.search(url):
            continue
        results = [bool(p.search(values[s])) != negate for s, p, negate in tests]
        if all(results) if grouping == "MatchAll" else any(results):
            return name
    return None


failures = blocked = passed = 0
for line in open(requests_path, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    expect, exploit, label, _method, path, *cookies = line.split("\t")
    cookies = [c for c in cookies if c]
    if expect == "block" and exploit not in wanted:
        continue
    hit = blocked_by(path, cookies)
    if expect == "block" and hit:
        blocked += 1
    elif expect == "pass" and not hit:
        passed += 1
    else:
        failures += 1
        print(f"iis_check: {label}: expected {expect}, rule {hit!r}", file=sys.stderr)
print(f"iis: {len(rules)} rules; {blocked} exploit requests blocked, {passed} ordinary requests passed, {failures} wrong")
sys.exit(1 if failures else 0)
