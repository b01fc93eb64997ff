#!/usr/bin/env bash
# System packages the build needs beyond the Rust toolchain: cmake and clang
# (with libclang) for llama.cpp, the `local-llm` feature; chromium and
# chromium-driver for the console's browser tests (web/tests/console);
# redis-server for the workers tests. Installs
# them with apt-get when they are missing and we can; otherwise says what to
# install.
set -euo pipefail

missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v clang >/dev/null 2>&1 || missing+=(clang)
ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 || ls /usr/lib/x86_64-linux-gnu/libclang*.so* >/dev/null 2>&1 || missing+=(libclang-dev)
command -v pip >/dev/null 2>&1 || command -v pip3 >/dev/null 2>&1 || missing+=(python3-pip)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
# The workers tests (cli/tests/faults/workers.rs) start and kill a Redis of their own.
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# The bots' AI marker is an emoji: the console's screenshots need a font for it.
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing build dependencies: ${missing[*]}"
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "error: please install: ${missing[*]} (the embedded model's llama.cpp build and the console's browser tests need them)" >&2
  exit 1
fi
