#!/usr/bin/env bash
# scripts/report-check/run.sh — looks at the static leaderboard in a real browser.
#
# Builds a site from demo reports (two `verifier demo` nights of the 40 mock hosts, plus one malformed
# scorecard for the "skipped" section), renders index.html and a provider page with Debian's headless
# Chromium (--screenshot and --dump-dom), and asserts:
#   - `verifier report` and every Chromium run exit 0;
#   - the screenshots are PNGs that are not blank (many colours, not a near-empty file);
#   - the dumped DOM holds the leaderboard rows, the skipped section, the SVG trend charts and an
#     evidence excerpt;
#   - no page asked for anything but file: URLs — neither in its markup (src/href/url() with a scheme)
#     nor in Chromium's network log (requests whose top frame is a file: page). Chromium's own
#     background traffic (component updates and the like) is not the page's and is not counted; a control
#     page with an external image proves the network check can fail.
# Installs chromium with apt-get when it is missing (and python3, which reads the PNGs and the net log).
#
# Usage:
#   scripts/report-check/run.sh
# Environment:
#   VERIFIER         a verifier binary to use instead of building `swift build --product verifier`
#   VV_REPORT_OUT    working folder (default: a new temporary folder); screenshots are left there
#   VV_REPORT_CASES  --cases-per-suite for the demo nights (default 8)
set -euo pipefail

cd "$(dirname "$0")/../.."
out="${VV_REPORT_OUT:-$(mktemp -d -t vv-report-check-XXXXXX)}"
cases="${VV_REPORT_CASES:-8}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

fail() { echo "report-check: FAIL: $*" >&2; exit 1; }
step() { echo "report-check: $*"; }

if ! command -v chromium >/dev/null 2>&1; then
    step "installing chromium (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! command -v python3 >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
fi

if [[ -z "${VERIFIER:-}" ]]; then
    step "building verifier"
    swift build --product verifier >/dev/null
    VERIFIER="$(swift build --show-bin-path)/verifier"
fi

# Two nights of the demo, so the trend charts have a history, and one unreadable scorecard.
for night in 1 2; do
    step "demo night $night (--cases-per-suite $cases)"
    rm -rf "$out/night-$night"
    "$VERIFIER" demo --cases-per-suite "$cases" --output "$out/night-$night" >"$out/demo-$night.log" 2>&1 \
        || fail "verifier demo night $night (see $out/demo-$night.log)"
done
mkdir -p "$out/night-2/demo/broken"
printf '{"schema_version": "0.2.0",\n oops}\n' >"$out/night-2/demo/broken/scorecard.json"

step "verifier report"
rm -rf "$out/site"
"$VERIFIER" report "$out/night-1" "$out/night-2" --html "$out/site" --markdown "$out/site/leaderboard.md" \
    >"$out/report.log" 2>"$out/report.err" || fail "verifier report exited $? (see $out/report.err)"
grep -q "skipped .*broken/scorecard.json" "$out/report.err" || fail "the malformed scorecard was not reported"

chrome=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions
    --disable-background-networking --disable-component-update --disable-sync)

# Renders one page: screenshot, DOM, net log. $1 page path, $2 name, $3 window height.
render() {
    local page="$1" name="$2" height="$3"
    "${chrome[@]}" --window-size=1400,"$height" --screenshot="$out/$name.png" "file://$page" \
        >"$out/$name.screenshot.log" 2>&1 || fail "chromium --screenshot $name exited $?"
    "${chrome[@]}" --log-net-log="$out/$name.netlog.json" --dump-dom "file://$page" \
        >"$out/$name.dom.html" 2>"$out/$name.dom.log" || fail "chromium --dump-dom $name exited $?"
}

# Prints the URLs a page (top frame file://) asked the network for.
page_requests() {
    python3 - "$1" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
for event in log["events"]:
    params = event.get("params", {})
    if names.get(event["type"]) != "URL_REQUEST_START_JOB":
        continue
    url = params.get("url", "")
    if "file://" in params.get("network_isolation_key", "") and not url.startswith("file:"):
        print(url)
PY
}

# Checks that a PNG is not blank: a real size and many distinct colours in its pixel data.
check_png() {
    python3 - "$1" <<'PY' || fail "$1 is blank or not a PNG"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])
position, idat = 8, b""
while position < len(data):
    length, kind = struct.unpack(">I4s", data[position:position + 8])
    if kind == b"IDAT":
        idat += data[position + 8:position + 8 + length]
    position += 12 + length
pixels = zlib.decompress(idat)
distinct = len(set(pixels))
print(f"{sys.argv[1]}: {width}x{height}, {len(data)} bytes, {distinct} distinct byte values")
assert width >= 800 and height >= 400, "too small"
assert distinct >= 64 and len(data) > 20000, "looks blank"
PY
}

site="$out/site"
provider_page="$site/providers/drop-calls.html"
[[ -f "$provider_page" ]] || fail "no page for drop-calls"

step "rendering index.html and providers/drop-calls.html"
render "$site/index.html" index 1800
render "$provider_page" provider 5200
check_png "$out/index.png"
check_png "$out/provider.png"

step "checking the DOM"
rows=$(grep -o '<tr class="row-' "$out/index.dom.html" | wc -l)
[[ "$rows" -eq 40 ]] || fail "index.html shows $rows leaderboard rows, expected 40"
grep -q '<section id="skipped">' "$out/index.dom.html" || fail "no skipped section"
grep -q '<svg class="spark"' "$out/index.dom.html" || fail "no sparklines"
charts=$(grep -o '<svg class="chart"' "$out/provider.dom.html" | wc -l)
[[ "$charts" -eq 5 ]] || fail "the provider page has $charts trend charts, expected 5"
grep -q '<polyline class="ln"' "$out/provider.dom.html" || fail "no trend line"
grep -q 'Failures and the evidence behind them' "$out/provider.dom.html" || fail "no failure section"
grep -q 'Last message of the request' "$out/provider.dom.html" || fail "no evidence excerpt"

step "checking that nothing but file: URLs is asked for"
if grep -rEn '(src|href)="[a-zA-Z][a-zA-Z0-9+.-]*:|(src|href)="//|url\(|<script|@import' "$site" --include='*.html'; then
    fail "a page refers to an external asset or has a script"
fi
for name in index provider; do
    requests="$(page_requests "$out/$name.netlog.json")"
    [[ -z "$requests" ]] || fail "$name asked the network for: $requests"
done
# Control: a page with an external image must be caught by the same net-log check.
printf '<!DOCTYPE html><img src="http://example.invalid/x.png">' >"$out/control.html"
"${chrome[@]}" --log-net-log="$out/control.netlog.json" --dump-dom "file://$out/control.html" >/dev/null 2>&1 || true
[[ -n "$(page_requests "$out/control.netlog.json")" ]] || fail "the net-log check did not see the control page's request"

step "OK: $rows rows, $charts charts, no external request; screenshots in $out/index.png and $out/provider.png"
