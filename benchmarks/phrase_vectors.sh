#!/usr/bin/env bash
# Phrase vectors as word2vec's demo-phrases.sh makes them, through libw2v alone and through the original
# tools, on one corpus, evaluated on questions-phrases.txt:
#   two phrase passes (-threshold 200, then 100; -min-count 5), then CBOW with the demo's settings
#   (-size 200 -window 10 -negative 25 -hs 0 -sample 1e-5, EPOCHS epochs, the demo's 15 by default),
#   then analogy accuracy on questions-phrases.txt restricted to the 30,000 most frequent words and
#   phrases (the demo's compute-accuracy threshold) and unrestricted, with libw2v's evaluator for both
#   pipelines' vectors (and the original compute-accuracy on the original's, when built).
# The original word2phrase, word2vec and compute-accuracy come from benchmarks/peers' cache
# (~/.cache/libw2v-peers/bin; build word2phrase and compute-accuracy there from the word2vec source);
# questions-phrases.txt from QUESTIONS or that source. A missing original is skipped with a message.
#
# usage: EPOCHS=3 THREADS=2 benchmarks/phrase_vectors.sh [CORPUS]   (default ../shared/data/enwiki_text8like.txt)
# Work files go to ${W2V_PHRASES_WORK:-/tmp/w2v-phrase-vectors}.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$(realpath "${1:-$root/../shared/data/enwiki_text8like.txt}")"
work="${W2V_PHRASES_WORK:-/tmp/w2v-phrase-vectors}"
epochs="${EPOCHS:-15}"
threads="${THREADS:-$(nproc)}"
peers="${PEERS_BIN:-$HOME/.cache/libw2v-peers/bin}"
questions="${QUESTIONS:-$HOME/.cache/libw2v-peers/src/word2vec/questions-phrases.txt}"
[ -f "$questions" ] || { echo "no questions-phrases.txt at $questions: set QUESTIONS" >&2; exit 1; }
mkdir -p "$work"
cd "$root"
swift build -c release >/dev/null
make -s -C bindings/c
w2v="$root/bindings/c/w2v"
train_flags=(-cbow 1 -size 200 -window 10 -negative 25 -hs 0 -sample 1e-5 -threads "$threads" -binary 1 -iter "$epochs")

measure() {  # measure NAME COMMAND...: prints "NAME  wall  peak"
    local name="$1"; shift
    /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1
    read -r wall kb < "$work/$name.time"
    printf "%-26s %8ss %8d MB\n" "$name" "$wall" $((kb / 1024))
}

evaluate() {  # evaluate NAME VECTORS: libw2v's evaluator, restricted to 30,000 and not
    for restrict in 30000 0; do
        printf "%-26s restrict %-6s " "$1" "$restrict"
        "$w2v" -load "$2" -accuracy "$questions" -restrict "$restrict" | awk '$1 == "total" {print}'
    done
}

echo "== $corpus, $epochs epochs, $threads threads, $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)"
measure libw2v-phrases-200 "$w2v" -phrases -train "$corpus" -output "$work/ours1.txt" -threshold 200
measure libw2v-phrases-100 "$w2v" -phrases -train "$work/ours1.txt" -output "$work/ours2.txt" -threshold 100
measure libw2v-cbow "$w2v" -train "$work/ours2.txt" -output "$work/ours.bin" "${train_flags[@]}" -quiet
evaluate libw2v "$work/ours.bin"
if [ -x "$peers/word2phrase" ] && [ -x "$peers/word2vec" ]; then
    measure word2phrase-200 "$peers/word2phrase" -train "$corpus" -output "$work/orig1.txt" -threshold 200 -debug 0
    measure word2phrase-100 "$peers/word2phrase" -train "$work/orig1.txt" -output "$work/orig2.txt" -threshold 100 -debug 0
    measure word2vec-cbow "$peers/word2vec" -train "$work/orig2.txt" -output "$work/orig.bin" "${train_flags[@]}" -debug 0
    evaluate word2vec "$work/orig.bin"
    if [ -x "$peers/compute-accuracy" ]; then
        printf "%-26s " "compute-accuracy 30000"
        "$peers/compute-accuracy" "$work/orig.bin" 30000 < "$questions" | tail -1
    fi
    echo -n "second passes: "; python3 "$root/benchmarks/phrase_occurrences.py" "$work/ours2.txt" "$work/orig2.txt"
else
    echo "(no word2phrase/word2vec in $peers: the original pipeline is not run)"
fi
