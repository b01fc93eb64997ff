#!/usr/bin/env bash
# `make run` as a new user runs it, on a fresh clone: the main job starts on
# the embedded defaults, answers /readyz, stops on SIGTERM, and leaves
# `git status` clean (the runtime database and model stay out of git).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PIYASA_CHECK_PORT:-18080}
log=$(mktemp)
before=$(git status --porcelain)
setsid env PIYASA_SERVER__PORT="$port" make run >"$log" 2>&1 &
pid=$!
stop() { kill -TERM -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq 1 600); do
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "make run ended before it was ready:" >&2; tail -40 "$log" >&2; exit 1; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || { echo "make run: not ready within 10 minutes" >&2; tail -40 "$log" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$port/api/rooms/piyasa-sohbet/messages" >/dev/null
stop
trap - EXIT
after=$(git status --porcelain)
if [ "$before" != "$after" ]; then
  echo "make run changed the working tree:" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
echo "make run: ready on :$port, stopped, git status unchanged"
