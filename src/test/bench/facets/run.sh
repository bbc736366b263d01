#!/usr/bin/env bash
# Faceting benchmark over HTTP with wrk. Needs a server with the 1M customers on $BASE (see BENCHMARKS.md).
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:7077}
export BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
DUR=${DUR:-20s}
for s in all4 filtered4 filtered4_uncached; do
  wrk -t1 -c1 -d5s -s "$BENCH_DIR/$s.lua" "$BASE" > /dev/null        # warm-up
  echo "== $s, 1 connection"
  wrk -t1 -c1 -d"$DUR" --latency -s "$BENCH_DIR/$s.lua" "$BASE" | grep -E 'Latency|50%|90%|99%|Requests/sec|requests in'
  echo "== $s, 2 threads x 4 connections"
  wrk -t2 -c4 -d"$DUR" --latency -s "$BENCH_DIR/$s.lua" "$BASE" | grep -E 'Latency|50%|90%|99%|Requests/sec|requests in'
done
