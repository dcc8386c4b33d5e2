#!/usr/bin/env bash
# Load and query speed of libw2v against gensim on the same word2vec binary file: load seconds, and
# single most_similar queries per second (k = 10, one word each), both measured in this one script.
# usage: benchmarks/query_load.sh VECTORS.bin [QUERIES]
set -euo pipefail
cd "$(dirname "$0")/.."
vectors=$1
queries=${2:-2000}
swift build -c release >/dev/null
mkdir -p benchmarks/work
cc -std=c99 -O2 -Wall -Wextra -Wpedantic -Werror -D_POSIX_C_SOURCE=199309L -Iinclude benchmarks/query_speed.c \
  -L.build/release -lw2v -Wl,-rpath,"$PWD/.build/release" -o benchmarks/work/query_speed
echo "libw2v:"
benchmarks/work/query_speed "$vectors" "$queries"
echo "gensim:"
benchmarks/.venv/bin/python - "$vectors" "$queries" <<'PY'
import sys, time
from gensim.models import KeyedVectors
path, queries = sys.argv[1], int(sys.argv[2])
start = time.time()
kv = KeyedVectors.load_word2vec_format(path, binary=True)
print(f"load_seconds {time.time() - start:.3f}")
kv.most_similar(kv.index_to_key[0], topn=10)
start = time.time()
for q in range(queries):
    kv.most_similar(kv.index_to_key[q * 7919 % len(kv)], topn=10)
print(f"queries_per_second {queries / (time.time() - start):.0f}")
PY
