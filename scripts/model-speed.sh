#!/bin/bash
# The embedded model's speed in the running room, as docs/BENCHMARKS.md
# reports it: `piyasa run` on a fresh SQLite store with the default config,
# the time from the start to the first bot message, then $SECS seconds of
# the room (two people ask a question each) and the medians of the model's
# `local generation` lines (prompt tokens read and reused, prompt and
# generation ms). Needs a build with local-llm (make build) and the model.
# Usage: scripts/model-speed.sh [SECS, default 300]; writes to $OUT (/tmp/mspeed).
set -u
cd "$(dirname "$0")/.."
SECS=${1:-300}
OUT=${OUT:-/tmp/mspeed}
PORT=${PORT:-8089}
BIN=${BIN:-target/debug/piyasa}
ROOM=piyasa-sohbet
rm -rf "$OUT"; mkdir -p "$OUT"
START=$(date +%s.%N)
RUST_LOG=info,actors::llm=debug,actors::bot=debug PIYASA_LLM__MODEL_PATH=models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf \
  "$BIN" --db "sqlite://$OUT/piyasa.db" run --port "$PORT" > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
bots() { curl -sf "http://127.0.0.1:$PORT/api/rooms/$ROOM/messages" |
  python3 -c 'import json,sys; print(sum(1 for m in json.load(sys.stdin) if m["author"]["kind"] == "bot"))' 2>/dev/null || echo 0; }
FIRST=""
for _ in $(seq 1 600); do
  if [ "$(bots)" -gt 0 ]; then FIRST=$(python3 -c "print(round($(date +%s.%N) - $START, 1))"); break; fi
  sleep 0.2
done
echo "first bot message after ${FIRST:-never} s" | tee "$OUT/summary.txt"
say() { curl -s -H 'Content-Type: application/json' -d "{\"author\": \"$1\", \"text\": \"$2\"}" \
  "http://127.0.0.1:$PORT/api/rooms/$ROOM/messages" > /dev/null; }
# How responsive the web side stays while the model works: /health every 0.5 s.
( while kill -0 $SERVER 2>/dev/null; do
    curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/health" >> "$OUT/health.txt"; sleep 0.5
  done ) &
say Yasemin "Bugün bankalar neden bu kadar düştü, bilen var mı?"
sleep $((SECS / 2))
say Tolga "Altın mı dolar mı, siz hangisini tutuyorsunuz?"
sleep $((SECS / 2))
echo "bot messages: $(bots)" | tee -a "$OUT/summary.txt"
echo "resident memory: $(( $(ps -o rss= -p $SERVER) / 1024 )) MiB" | tee -a "$OUT/summary.txt"
kill $SERVER; trap - EXIT; sleep 2
python3 - "$OUT/server.log" "$OUT/health.txt" <<'PY' | tee -a "$OUT/summary.txt"
import re, statistics, sys
rows, refused = [], {}
for line in open(sys.argv[1], errors="replace"):
    line = re.sub(r"\x1b\[[0-9;]*m", "", line)
    if "draft refused" in line:
        why = re.search(r"reject=(\S+)", line)
        refused[why.group(1) if why else "?"] = refused.get(why.group(1) if why else "?", 0) + 1
    if "local generation" not in line:
        continue
    f = dict(re.findall(r"(\w+)=(\d+)", line))
    rows.append({k: int(v) for k, v in f.items()})
if not rows:
    sys.exit("no 'local generation' lines in the log")
med = lambda k: statistics.median(r[k] for r in rows)
total = [r["prompt_ms"] + r["gen_ms"] for r in rows]
read = sum(r["tokens_in"] - r.get("tokens_reused", 0) for r in rows)
print(f"model calls: {len(rows)}")
print(f"median tokens in {med('tokens_in')}, reused {med('tokens_reused') if 'tokens_reused' in rows[0] else 0}, "
      f"read {read} of {sum(r['tokens_in'] for r in rows)} prompt tokens")
print(f"median prompt {med('prompt_ms')} ms, generation {med('gen_ms')} ms ({med('tokens_out')} tokens), "
      f"call {statistics.median(total)} ms")
pt = sum(r["tokens_in"] - r.get("tokens_reused", 0) for r in rows) / (sum(r["prompt_ms"] for r in rows) / 1000)
gt = sum(r["tokens_out"] for r in rows) / (sum(r["gen_ms"] for r in rows) / 1000)
print(f"read {pt:.1f} prompt tok/s, generated {gt:.1f} tok/s")
print("drafts refused:", ", ".join(f"{k} {v}" for k, v in sorted(refused.items(), key=lambda kv: -kv[1])) or "none")
h = sorted(float(x) * 1000 for x in open(sys.argv[2]) if x.strip())
print(f"/health: median {statistics.median(h):.1f} ms, p95 {h[int(len(h) * 0.95)]:.1f} ms, max {h[-1]:.1f} ms ({len(h)} requests)")
PY
