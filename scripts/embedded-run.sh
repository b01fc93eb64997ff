#!/bin/bash
# $MINUTES (default 30) of the room on the embedded model, as docs/QUALITY.md
# reports it: `piyasa run` on a fresh SQLite store, `piyasa probe`, then ten
# more people's questions spread over the rest of the time, then `piyasa
# eval` over the run. Needs a build with local-llm (make build) and the model
# (make model). Writes to $OUT (default /tmp/qrun): server.log,
# probe.txt/json, eval.txt/json, times.
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/qrun}
PORT=${PORT:-8088}
rm -rf $OUT; mkdir -p $OUT
START=$(date -u +%FT%TZ); echo "start $START" > $OUT/times
PIYASA_LLM__MODEL_PATH=models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf target/debug/piyasa --db sqlite://$OUT/piyasa.db run --port $PORT > $OUT/server.log 2>&1 &
SERVER=$!
for i in $(seq 1 60); do curl -sf http://127.0.0.1:$PORT/health >/dev/null && break; sleep 2; done
target/debug/piyasa probe --url http://127.0.0.1:$PORT --room piyasa-sohbet --wait 120s --json $OUT/probe.json > $OUT/probe.txt 2>&1
echo "probe done $(date -u +%FT%TZ)" >> $OUT/times
say() { curl -s -c $OUT/jar-$1 -b $OUT/jar-$1 -H 'Content-Type: application/json' \
  -d "{\"author\": \"$1\", \"text\": \"$2\"}" http://127.0.0.1:$PORT/api/rooms/piyasa-sohbet/messages > /dev/null; }
QUESTIONS=(
  "Yasemin|Bugün bankalar neden bu kadar düştü, bilen var mı?"
  "Tolga|@mehmet_bist altın mı dolar mı, sen hangisini tutuyorsun?"
  "Cem|Borsaya yeni başladım, ilk hisse için nelere bakmalıyım?"
  "Yasemin|Faiz kararı yarın, sizce piyasa nasıl tepki verir?"
  "Tolga|ASELSAN bu hafta çok hareketli, sebebi ne?"
  "Derya|Enflasyon verisi beklentinin üstünde gelirse dolar ne olur?"
  "Cem|Temettü veren hisseler uzun vadede mantıklı mı sizce?"
  "Murat|Bitcoin'deki bu düşüş devam eder mi, ne dersiniz?"
  "Derya|THY bilançosu nasıldı, okuyan var mı?"
  "Murat|Kredi faizleri artınca bankalar kazanır mı?"
)
# The questions share what is left of $MINUTES, the last gap kept for answers.
LEFT=$(( ${MINUTES:-30} * 60 - ($(date +%s) - $(date -d "$START" +%s)) ))
GAP=$(( LEFT / (${#QUESTIONS[@]} + 1) )); [ $GAP -lt 30 ] && GAP=30
for q in "${QUESTIONS[@]}"; do say "${q%%|*}" "${q#*|}"; sleep $GAP; done
sleep $GAP
END=$(date -u +%FT%TZ); echo "end $END" >> $OUT/times
kill $SERVER; sleep 3
target/debug/piyasa --db sqlite://$OUT/piyasa.db eval --room piyasa-sohbet --since $START --until $END --json $OUT/eval.json > $OUT/eval.txt 2>&1
echo done >> $OUT/times
