#!/usr/bin/env bash
# Trains libw2v (through the C demo, release build) and gensim (PyPI, in benchmarks/.venv) on the same
# corpus with the same settings, one after the other, and evaluates both with the same evaluator
# (libw2v's): analogy accuracy over the 30,000 most frequent words and WordSim-353 Spearman.
# Prints a table and keeps it in benchmarks/results/.
#
# usage: benchmarks/compare_gensim.sh [CORPUS] [--iter N] [--threads N] [--arch sg|cbow|both] [--hs] [--seed N]
# --seed N: the seed of both (default 1); 3-epoch accuracies move by about a point between seeds.
# --hs: hierarchical softmax alone (-hs 1 -negative 0 / hs=1, negative=0) instead of negative sampling.
# CORPUS defaults to ../shared/data/enwiki_text8like.txt. The evaluation sets come from ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
data="$root/../shared/data"
corpus="$data/enwiki_text8like.txt"
iter=3
threads=2
arch=both
hs=0
seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --iter) iter=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --arch) arch=$2; shift 2 ;;
    --hs) hs=1; shift ;;
    --seed) seed=$2; shift 2 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) corpus=$1; shift ;;
  esac
done
[ -f "$corpus" ] || { echo "no corpus at $corpus: pass one on the command line" >&2; exit 1; }
questions="$data/questions-words.txt"
pairs="$data/wordsim353.tsv"
[ -f "$questions" ] && [ -f "$pairs" ] || { echo "needs $questions and $pairs" >&2; exit 1; }

scripts/install-deps
swift build -c release >/dev/null
make -s -C bindings/c
if [ ! -x benchmarks/.venv/bin/python ]; then
  python3 -m venv benchmarks/.venv
  benchmarks/.venv/bin/pip install -q gensim
fi

work="$root/benchmarks/work"
mkdir -p "$work" benchmarks/results
# gensim's corpus_file mode silently trains only part of a very long line: give both the text in
# lines of 1,000 words.
lines="$work/$(basename "$corpus").lines1000"
if [ ! -f "$lines" ]; then
  tr -s ' \n' '\n\n' < "$corpus" | paste -d' ' $(printf -- '- %.0s' $(seq 1000)) > "$lines.tmp"
  mv "$lines.tmp" "$lines"
fi

commit=$(git rev-parse --short HEAD)
stamp=$(date -u +%Y-%m-%dT%H%MZ)
result="benchmarks/results/$stamp-$commit-compare_gensim.md"
negative=5
[ "$hs" = 1 ] && negative=0
common="-size 100 -window 5 -negative $negative -hs $hs -sample 1e-4 -min-count 5 -iter $iter -threads $threads -seed $seed"

# Runs a command under /usr/bin/time; prints "seconds peak_mb".
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/run.log" 2>&1 || { cat "$work/run.log" >&2; exit 1; }
  awk '{printf "%s %.0f\n", $1, $2 / 1024}' "$work/time.txt"
}

# Prints "analogy% spearman" for a vectors file, with libw2v's evaluator.
evaluate() {
  local acc sp
  acc=$(bindings/c/w2v -load "$1" -accuracy "$questions" -restrict 30000 | awk '$1 == "total" {print $3}' | tr -d '%')
  sp=$(bindings/c/w2v -load "$1" -pairs "$pairs" | awk '$1 == "spearman" {print $2}')
  echo "$acc $sp"
}

words=$(wc -w < "$lines")
{
  echo "# libw2v vs gensim $(benchmarks/.venv/bin/python -c 'import gensim; print(gensim.__version__)')"
  echo
  echo "commit $commit, $stamp, $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
  echo "corpus $(basename "$corpus") in 1,000-word lines ($words words); $common"
  echo "alpha 0.025 (skip-gram) / 0.05 (CBOW) for both; analogy accuracy over the 30,000 most frequent words; both evaluated by libw2v's evaluator"
  echo
  echo "| arch | system | wall s | words/s/thread | peak MB | analogy % | WS353 Spearman |"
  echo "|---|---|---|---|---|---|---|"
} | tee "$result"

archs=()
case "$arch" in both) archs=(sg cbow) ;; *) archs=("$arch") ;; esac
for a in "${archs[@]}"; do
  if [ "$a" = sg ]; then cbow=0; sg=1; alpha=0.025; else cbow=1; sg=0; alpha=0.05; fi
  read -r ws wm < <(measure bindings/c/w2v -train "$lines" -output "$work/w2v-$a.bin" -binary 1 -cbow $cbow -alpha $alpha $common -quiet)
  read -r wa wsp < <(evaluate "$work/w2v-$a.bin")
  read -r gs gm < <(measure benchmarks/.venv/bin/python benchmarks/gensim_train.py "$lines" "$work/gensim-$a.bin" \
    --sg $sg --hs $hs --size 100 --window 5 --negative $negative --sample 1e-4 --min-count 5 --iter "$iter" --threads "$threads" --alpha $alpha --seed "$seed")
  read -r ga gsp < <(evaluate "$work/gensim-$a.bin")
  rate() { awk -v w="$words" -v i="$iter" -v t="$threads" -v s="$1" 'BEGIN {printf "%.0f", w * i / t / s}'; }
  echo "| $a | libw2v | $ws | $(rate "$ws") | $wm | $wa | $wsp |" | tee -a "$result"
  echo "| $a | gensim | $gs | $(rate "$gs") | $gm | $ga | $gsp |" | tee -a "$result"
  awk -v a="$a" -v ws="$ws" -v gs="$gs" -v wm="$wm" -v gm="$gm" -v wa="$wa" -v ga="$ga" -v wsp="$wsp" -v gsp="$gsp" \
    'BEGIN {printf "| %s | libw2v / gensim | %.2fx time | | %.2fx memory | %+.2f points | %+.3f |\n", a, ws / gs, wm / gm, wa - ga, wsp - gsp}' \
    | tee -a "$result"
done
echo
echo "kept in $result"
