#!/usr/bin/env bash
# Phrases against their peers on one corpus, one after the other (release build):
#   1. `w2v -phrases` (word2phrase's scoring) beside the original word2phrase when WORD2PHRASE names its
#      binary (build it from word2vec's public source, outside the repo), passes -threshold 200 then 100 as
#      demo-phrases.sh does: wall time, peak memory, phrase occurrences and their agreement;
#   2. w2v.Phrases beside gensim's Phrases (scoring='default', min_count 5, threshold 100) in Python, on
#      the corpus cut into 10,000-word sentences as gensim's Text8Corpus does: learn / export / apply times,
#      peak memory, the phrase sets and the applied corpora compared. Needs GENSIM_PYTHON, a python with
#      gensim installed (a venv outside the repo); skipped without it.
#
# usage: benchmarks/compare_phrases.sh [CORPUS]      (default ../shared/data/enwiki_text8like.txt)
# Work files go to ${W2V_PHRASES_WORK:-/tmp/w2v-phrases-bench}.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$(realpath "${1:-$root/../shared/data/enwiki_text8like.txt}")"
work="${W2V_PHRASES_WORK:-/tmp/w2v-phrases-bench}"
mkdir -p "$work"
cd "$root"
swift build -c release >/dev/null
make -C bindings/c >/dev/null
w2v="$root/bindings/c/w2v"

# Phrase occurrences (start word index, phrase) of two joined outputs of the same words.
compare() { python3 "$root/benchmarks/phrase_occurrences.py" "$1" "$2"; }

measure() {  # measure NAME COMMAND...: prints "NAME  wall  peak"
    local name="$1"; shift
    /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1
    read -r wall kb < "$work/$name.time"
    printf "%-28s %8ss %8d MB\n" "$name" "$wall" $((kb / 1024))
}

echo "== word2phrase scoring, -min-count 5, threshold 200 then 100 ($corpus)"
printf "%-28s %9s %11s\n" "run" "wall" "peak"
measure libw2v-pass1 "$w2v" -phrases -train "$corpus" -output "$work/ours1.txt" -threshold 200
measure libw2v-pass2 "$w2v" -phrases -train "$work/ours1.txt" -output "$work/ours2.txt" -threshold 100
if [ -n "${WORD2PHRASE:-}" ]; then
    measure word2phrase-pass1 "$WORD2PHRASE" -train "$corpus" -output "$work/orig1.txt" -threshold 200 -debug 0
    measure word2phrase-pass2 "$WORD2PHRASE" -train "$work/orig1.txt" -output "$work/orig2.txt" -threshold 100 -debug 0
    echo -n "pass 1: "; compare "$work/ours1.txt" "$work/orig1.txt"
    echo -n "pass 2: "; compare "$work/ours2.txt" "$work/orig2.txt"
else
    echo "(WORD2PHRASE not set: the original tool is not run)"
fi

[ -n "${GENSIM_PYTHON:-}" ] || { echo "(GENSIM_PYTHON not set: gensim is not run)"; exit 0; }
echo "== Python, scoring='default', min_count 5, threshold 100, 10,000-word sentences"
cat > "$work/phrases_run.py" <<'PY'
import resource, sys, time
mode, corpus, work = sys.argv[1:4]
words = open(corpus, encoding="utf-8", errors="surrogateescape").read().split()
sentences = [words[i:i + 10000] for i in range(0, len(words), 10000)]
del words
if mode == "gensim":
    from gensim.models.phrases import Phrases
else:
    sys.path.insert(0, sys.argv[4])
    from w2v import Phrases
t0 = time.time(); p = Phrases(sentences, min_count=5, threshold=100, scoring="default")
t1 = time.time(); exported = p.export_phrases()
t2 = time.time()
with open("%s/%s-applied.txt" % (work, mode), "w", encoding="utf-8", errors="surrogateescape") as f:
    for s in p[sentences]:
        f.write(" ".join(s) + "\n")
t3 = time.time()
with open("%s/%s-export.tsv" % (work, mode), "w", encoding="utf-8", errors="surrogateescape") as f:
    for k in sorted(exported): f.write("%s\t%r\n" % (k, exported[k]))
print("%-8s learn %6.1fs  export %5.1fs  apply %6.1fs  phrases %d  peak %d MB" % (
    mode, t1 - t0, t2 - t1, t3 - t2, len(exported), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024))
PY
"$GENSIM_PYTHON" "$work/phrases_run.py" gensim "$corpus" "$work"
W2V_LIBRARY="$root/.build/release/libw2v.so" "$GENSIM_PYTHON" "$work/phrases_run.py" w2v "$corpus" "$work" "$root/bindings/python"
if cmp -s "$work/gensim-export.tsv" "$work/w2v-export.tsv"; then echo "phrase sets and scores: identical"; else echo "phrase sets and scores: DIFFER (see $work/*-export.tsv)"; fi
echo -n "applied corpora: "; compare "$work/w2v-applied.txt" "$work/gensim-applied.txt"
