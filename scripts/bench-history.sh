#!/usr/bin/env bash
# Times GET /api/rooms/…/messages?limit=500 (median of 20) when 600 replies point at one message that has scrolled off the page.
# Usage: scripts/bench-history.sh PATH/TO/piyasa PORT
set -e
bin=$1; port=$2
d=$(mktemp -d)
PIYASA_LLM__PROVIDER=fake PIYASA_ROOM__PACING__MEAN_GAP_MS=100000000 PIYASA_ROOM__PACING__MIN_GAP_MS=100000000 $bin run --port $port --db sqlite://$d/p.db >/dev/null 2>&1 &
pid=$!
for i in $(seq 50); do curl -sf localhost:$port/health >/dev/null && break; sleep 0.2; done
u=http://127.0.0.1:$port/api/rooms/piyasa-sohbet/messages
p=$(curl -s -XPOST -H 'content-type: application/json' -d '{"author":"Deniz","text":"ilk soru"}' $u | python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')
for i in $(seq 600); do curl -s -o /dev/null -XPOST -H 'content-type: application/json' -d "{\"author\":\"Ali$((i%50))\",\"text\":\"cevap $i\",\"reply_to\":$p}" $u; done
for i in 1 2 3; do curl -s -o /dev/null $u?limit=500; done
python3 - "$u?limit=500" <<'PY'
import sys,time,urllib.request,statistics
t=[]
for _ in range(20):
    s=time.perf_counter(); urllib.request.urlopen(sys.argv[1]).read(); t.append((time.perf_counter()-s)*1000)
print("median_ms=%.1f" % statistics.median(t))
PY
kill $pid; wait $pid 2>/dev/null || true; rm -rf $d
