#!/bin/bash
# llama.cpp's own benchmark on the shipped model, built from the very sources
# and flags the `local-llm` feature compiles: the llama-cpp-sys-2 crate's
# vendored llama.cpp (native CPU, Release, no OpenMP, no AMX kernels), so its
# tokens/s compare with Piyasa's (scripts/model-speed.sh). The crate ships
# every source but llama-bench's own two files; those come from the
# llama-cpp-python source package on PyPI (pinned below), whose vendored
# llama.cpp builds against the same API. Builds once into target/llama-bench.
# Usage: scripts/llama-bench.sh [llama-bench arguments]; default: prompts of
# 128 and 512 tokens, 32 generated, 1 and 2 threads, 3 repetitions.
set -eu
cd "$(dirname "$0")/.."
LLAMA_CPP_PYTHON=${LLAMA_CPP_PYTHON:-0.3.36}
OUT=target/llama-bench
if [ ! -x "$OUT/build/bin/llama-bench" ]; then
  CRATE=$(cargo metadata --format-version 1 --features web/local-llm 2>/dev/null | python3 -c '
import json, os, sys
for p in json.load(sys.stdin)["packages"]:
    if p["name"] == "llama-cpp-sys-2":
        print(os.path.join(os.path.dirname(p["manifest_path"]), "llama.cpp"))')
  rm -rf "$OUT"; mkdir -p "$OUT/sdist"
  cp -r "$CRATE" "$OUT/src"; chmod -R u+w "$OUT/src"
  python3 -m pip download "llama-cpp-python==$LLAMA_CPP_PYTHON" --no-binary :all: --no-deps -q -d "$OUT/sdist"
  tar xzf "$OUT"/sdist/llama_cpp_python-*.tar.gz -C "$OUT/sdist" --wildcards '*/vendor/llama.cpp/tools/llama-bench/*'
  cp "$OUT"/sdist/llama_cpp_python-*/vendor/llama.cpp/tools/llama-bench/* "$OUT/src/tools/llama-bench/"
  echo 'add_subdirectory(llama-bench)' > "$OUT/src/tools/CMakeLists.txt"
  export CFLAGS="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16" CXXFLAGS="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
  cmake -S "$OUT/src" -B "$OUT/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DGGML_NATIVE=ON \
    -DGGML_OPENMP=OFF -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
    -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF -DLLAMA_BUILD_COMMON=ON -DLLAMA_BUILD_TOOLS=ON \
    > "$OUT/build.log" 2>&1 || { tail -20 "$OUT/build.log"; exit 1; }
  cmake --build "$OUT/build" --target llama-bench -j "$(nproc)" >> "$OUT/build.log" 2>&1 || { tail -20 "$OUT/build.log"; exit 1; }
fi
MODEL=${MODEL:-models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf}
if [ $# -eq 0 ]; then set -- -p 128,512 -n 32 -t 1,2 -r 3; fi
"$OUT/build/bin/llama-bench" -m "$MODEL" "$@"
