#!/usr/bin/env bash
# Rerunnable benchmark of `verifier merge`: runs every shipped case (--cases-per-suite 0) against the built-in
# mock host unsharded and as N shards, times `merge` against `score` of the unsharded run, and checks that the
# merged scorecard equals the unsharded one (run block, latency and evidence line numbers aside).
#
# Usage: scripts/shards/merge-bench.sh [SHARDS] [PROFILE]     (defaults: 4, drop-calls)
#        BUILD=debug scripts/shards/merge-bench.sh            (the debug build; default release)
set -euo pipefail
cd "$(dirname "$0")/../.."
shards=${1:-4}
profile=${2:-drop-calls}
build=${BUILD:-release}
swift build -c "$build" --product verifier >/dev/null
verifier=$PWD/.build/$build/verifier
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/verifier.yaml" <<YAML
model: mock-model
reference: official
providers:
  official: {base_url: "mock://faithful", api_key_env: none}
  candidate: {base_url: "mock://$profile", api_key_env: none}
YAML
cd "$work"
run() { "$verifier" check --provider candidate --fixtures "$OLDPWD/Fixtures" --cases-per-suite 0 "$@" >/dev/null 2>&1 || true; }
run --output whole
for i in $(seq 1 "$shards"); do run --shard "$i/$shards" --output shards; done
whole=$(ls -d whole/*)
records=$(cat shards/*/evidence.jsonl | wc -l)
bytes=$(cat shards/*/evidence.jsonl | wc -c)
seconds() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || true
  python3 -c "print(round($EPOCHREALTIME - $start, 2))"
}
merge=$(seconds "$verifier" merge shards --out merged)
score=$(seconds "$verifier" score "$whole" --output rescored)
python3 - "$whole/scorecard.json" merged/scorecard.json <<'PY'
import json, re, sys
def comparable(path):
    card = json.load(open(path))
    card.pop("run"); card.pop("latency")
    card["k2vv"] = {k: v for k, v in card["k2vv"].items() if not k.startswith("eval_")}
    return re.sub(r"evidence\.jsonl:[0-9]+", "evidence.jsonl:N", json.dumps(card, sort_keys=True))
same = comparable(sys.argv[1]) == comparable(sys.argv[2])
print("merged scorecard equals the unsharded one:", "yes" if same else "NO")
sys.exit(0 if same else 1)
PY
echo "$build build, $shards shards, $records records, $((bytes / 1024 / 1024)) MiB: merge $merge s (chain checks, copy, re-scoring); score of the unsharded run $score s"
