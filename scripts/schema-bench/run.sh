#!/usr/bin/env bash
# Schema validation benchmark: this project's validator against Python's jsonschema, on the same
# (schema, instance) pairs, in the same run.
#
# Pairs: the BFCL possible answers (tool parameters converted to OpenAI JSON Schema as BFCLConverter does, the
# first acceptable argument values as the instance) plus every walle valid schema with a synthesised instance.
# Both sides start each run with an empty cache and compile every distinct schema once: Python with
# validator_for + check_schema (the equivalent of our compile, which rejects invalid schemas) and, as a second
# figure, without check_schema. Both time JSON parsing of each line + compile + collecting every error, and not
# the printing of results; both also report the time spent validating alone (compiled schema, parsed
# instance), the steady state of a run that checks thousands of calls against the same tools.
#
# Usage: scripts/schema-bench/run.sh
# Environment: VERIFIER=path/to/verifier (skip the build), RUNS=10, PASSES=10, PYTHON=python3,
#              BFCL_DATA=…/bfcl/data, WALLE_CASES=…/validator_cases, WORK_DIR=… (keeps pairs.jsonl).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BFCL="${BFCL_DATA:-$ROOT/../shared/upstream/bfcl/data}"
WALLE="${WALLE_CASES:-$ROOT/Fixtures/schema-corpus/walle/testdata/validator_cases}"
WORK="${WORK_DIR:-$(mktemp -d)}"
mkdir -p "$WORK"
RUNS="${RUNS:-10}"
PASSES="${PASSES:-10}"
PYTHON="${PYTHON:-python3}"

if ! "$PYTHON" -c "import jsonschema" 2>/dev/null; then
    echo "installing jsonschema from PyPI…" >&2
    "$PYTHON" -m pip install --quiet jsonschema
fi

"$PYTHON" "$HERE/make_pairs.py" --bfcl "$BFCL" --walle "$WALLE" --out "$WORK/pairs.jsonl"

if [ -z "${VERIFIER:-}" ]; then
    # Built as a Linux release is shipped: optimised, the Swift runtime linked in (--static-swift-stdlib), in its
    # own build folder so that the ordinary release build is not relinked back and forth.
    echo "building verifier (release, static Swift runtime, .build-bench; 10–15 minutes on 2 cores the first time)…" >&2
    (cd "$ROOT" && swift build -c release --product verifier --static-swift-stdlib --scratch-path "$ROOT/.build-bench" >&2)
    VERIFIER="$ROOT/.build-bench/release/verifier"
fi

python_checked="$("$PYTHON" "$HERE/bench_python.py" "$WORK/pairs.jsonl" --runs "$RUNS")"
python_unchecked="$("$PYTHON" "$HERE/bench_python.py" "$WORK/pairs.jsonl" --runs "$RUNS" --no-check-schema)"

# In-process figure, measured as Python's is: one process, RUNS timed runs, the fastest counts (the process's own
# start-up is not part of it, as the interpreter's is not part of Python's). A Python run takes about 0.1 s and
# ours about a tenth of that, so that both sample the same stretches of a shared machine's noise, each of our runs
# checks the file PASSES times (default 10), every pass with an empty schema cache, and counts its mean per pass.
status=0
"$VERIFIER" schema check --jsonl "$WORK/pairs.jsonl" --timing --timing-runs "$RUNS" --timing-passes "$PASSES" >/dev/null 2>"$WORK/timing.txt" \
    || status=$?
# Exit 1 (some instances invalid) and 2 (some schemas unusable: the three walle schemas with an $id fragment,
# which Python's check_schema rejects too) are expected; a missing timing line is not.
if ! grep -q "validations/s" "$WORK/timing.txt"; then
    echo "verifier schema check failed (exit $status):" >&2
    cat "$WORK/timing.txt" >&2
    exit 2
fi
timing_line="$(cat "$WORK/timing.txt")"
best_rate=$(sed -n 's/.* s, \([0-9][0-9]*\) validations\/s (parse.*/\1/p' "$WORK/timing.txt")

# Whole-process figure: RUNS separate processes, wall clock including start-up, reading and writing results.
best_wall=999999
for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    "$VERIFIER" schema check --jsonl "$WORK/pairs.jsonl" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    wall=$(echo "$end - $start" | bc -l)
    if [ "$(echo "$wall < $best_wall" | bc -l)" = 1 ]; then best_wall=$wall; fi
done
lines=$(grep -c . "$WORK/pairs.jsonl")
wall_rate=$(echo "$lines / $best_wall" | bc -l)

rate_of() { sed -n 's/.* s = \([0-9][0-9]*\) validations\/s (parse.*/\1/p' <<<"$1"; }
validate_rate_of() { sed -n 's/.*validate only [0-9.]* s = \([0-9][0-9]*\) validations\/s.*/\1/p' <<<"$1"; }
checked=$(rate_of "$python_checked")
unchecked=$(rate_of "$python_unchecked")
python_validate=$(validate_rate_of "$python_unchecked")
ours_validate=$(validate_rate_of "$timing_line")

echo "pairs: $lines ($WORK/pairs.jsonl), best of $RUNS runs each (ours: each run the mean of $PASSES passes)"
echo "$python_checked"
echo "$python_unchecked"
echo "ours (in-process timing): $timing_line"
printf 'ours (whole process, wall clock incl. start-up and output): %.0f validations/s\n' "$wall_rate"
printf 'ratio ours / python (check_schema):    %.1fx\n' "$(echo "$best_rate / $checked" | bc -l)"
printf 'ratio ours / python (no check_schema): %.1fx\n' "$(echo "$best_rate / $unchecked" | bc -l)"
printf 'ratio ours wall clock / python (check_schema): %.1fx\n' "$(echo "$wall_rate / $checked" | bc -l)"
printf 'ratio validate only (compiled schemas, parsed instances): %.1fx\n' \
    "$(echo "$ours_validate / $python_validate" | bc -l)"
