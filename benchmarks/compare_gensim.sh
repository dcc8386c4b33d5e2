#!/usr/bin/env bash
# Trains libw2v (through the C demo, release build) and gensim (PyPI, in benchmarks/.venv) on the same
# corpus with the same settings, one after the other, and evaluates both with the same evaluator
# (libw2v's): analogy accuracy over the 30,000 most frequent words and WordSim-353 Spearman.
# Prints a table and keeps it in benchmarks/results/.
#
# usage: benchmarks/compare_gensim.sh [CORPUS] [--iter N] [--threads N] [--arch sg|cbow|both] [--hs] [--seed N]
#                                    [--gensim-mode corpus_file|sentences]
# --seed N: the seed of both (default 1); 3-epoch accuracies move by about a point between seeds.
# --hs: hierarchical softmax alone (-hs 1 -negative 0 / hs=1, negative=0) instead of negative sampling.
# --gensim-mode: how gensim reads the corpus: corpus_file (default; with several workers its learning rate
#   follows each worker's own progress, see benchmarks/NOTES.md) or sentences (LineSentence over the same
#   file; one learning-rate schedule for all workers, as libw2v's).
# W2V_SCRATCH=DIR (environment): build libw2v with `swift build --scratch-path DIR` and a private copy of
#   the demo linked against DIR/release, and keep this run's files in benchmarks/work/$(basename DIR),
#   so the run does not share .build, bindings/c/w2v or the vectors files with other builds and runs.
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
gensim_mode=corpus_file
while [ $# -gt 0 ]; do
  case "$1" in
    --iter) iter=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --arch) arch=$2; shift 2 ;;
    --hs) hs=1; shift ;;
    --seed) seed=$2; shift 2 ;;
    --gensim-mode) gensim_mode=$2; shift 2 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) corpus=$1; shift ;;
  esac
done
case "$gensim_mode" in corpus_file|sentences) ;; *) echo "--gensim-mode: corpus_file or sentences" >&2; exit 2 ;; esac
[ -f "$corpus" ] || { echo "no corpus at $corpus: pass one on the command line" >&2; exit 1; }
questions="$data/questions-words.txt"
pairs="$data/wordsim353.tsv"
[ -f "$questions" ] && [ -f "$pairs" ] || { echo "needs $questions and $pairs" >&2; exit 1; }

scripts/install-deps
work="$root/benchmarks/work"
if [ -n "${W2V_SCRATCH:-}" ]; then
  scratch=$(cd "$(dirname "$W2V_SCRATCH")" && pwd)/$(basename "$W2V_SCRATCH")
  swift build -c release --scratch-path "$scratch" >/dev/null
  runs="$work/$(basename "$scratch")"
  mkdir -p "$runs"
  demo="$runs/w2v"
  # bindings/c/Makefile's build, linked against the scratch build instead of .build
  ${CC:-cc} -std=c99 -Wall -Wextra -Wpedantic -Werror -O2 -Iinclude bindings/c/*.c \
    -L"$scratch/release" -lw2v -lm -Wl,-rpath,"$scratch/release" -o "$demo"
else
  swift build -c release >/dev/null
  make -s -C bindings/c
  runs="$work"
  demo=bindings/c/w2v
fi
if [ ! -x benchmarks/.venv/bin/python ]; then
  python3 -m venv benchmarks/.venv
  benchmarks/.venv/bin/pip install -q gensim
fi

mkdir -p "$work" benchmarks/results
lines=$(benchmarks/lines1000 "$corpus")  # both get the text in lines of 1,000 words

commit=$(git rev-parse --short HEAD)
stamp=$(date -u +%Y-%m-%dT%H%MZ)
result="benchmarks/results/$stamp-$commit-compare_gensim.md"
[ "$gensim_mode" = corpus_file ] || result="benchmarks/results/$stamp-$commit-compare_gensim-$gensim_mode.md"
dirty=""
[ -z "$(git status --porcelain -- Sources include Package.swift)" ] || dirty=" (plus uncommitted changes in Sources/, include/ or Package.swift)"
negative=5
[ "$hs" = 1 ] && negative=0
common="-size 100 -window 5 -negative $negative -hs $hs -sample 1e-4 -min-count 5 -iter $iter -threads $threads -seed $seed"

# Runs a command under /usr/bin/time; prints "seconds peak_mb".
measure() {
  /usr/bin/time -f "%e %M" -o "$runs/time.txt" "$@" > "$runs/run.log" 2>&1 || { cat "$runs/run.log" >&2; exit 1; }
  awk '{printf "%s %.0f\n", $1, $2 / 1024}' "$runs/time.txt"
}

# Prints "analogy% spearman" for a vectors file, with libw2v's evaluator.
evaluate() {
  local acc sp
  acc=$("$demo" -load "$1" -accuracy "$questions" -restrict 30000 | awk '$1 == "total" {print $3}' | tr -d '%')
  sp=$("$demo" -load "$1" -pairs "$pairs" | awk '$1 == "spearman" {print $2}')
  echo "$acc $sp"
}

words=$(wc -w < "$lines")
{
  echo "# libw2v vs gensim $(benchmarks/.venv/bin/python -c 'import gensim; print(gensim.__version__)')"
  echo
  echo "commit $commit$dirty, $stamp, $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
  echo "corpus $(basename "$corpus") in 1,000-word lines ($words words); $common"
  echo "gensim mode: $gensim_mode, workers $threads"
  echo "alpha 0.025 (skip-gram) / 0.05 (CBOW) for both; analogy accuracy over the 30,000 most frequent words; both evaluated by libw2v's evaluator"
  echo
  echo "| arch | system | wall s | words/s/thread | peak MB | analogy % | WS353 Spearman |"
  echo "|---|---|---|---|---|---|---|"
} | tee "$result"

archs=()
case "$arch" in both) archs=(sg cbow) ;; *) archs=("$arch") ;; esac
for a in "${archs[@]}"; do
  if [ "$a" = sg ]; then cbow=0; sg=1; alpha=0.025; else cbow=1; sg=0; alpha=0.05; fi
  read -r ws wm < <(measure "$demo" -train "$lines" -output "$runs/w2v-$a.bin" -binary 1 -cbow $cbow -alpha $alpha $common -quiet)
  read -r wa wsp < <(evaluate "$runs/w2v-$a.bin")
  read -r gs gm < <(measure benchmarks/.venv/bin/python benchmarks/gensim_train.py "$lines" "$runs/gensim-$a.bin" \
    --sg $sg --hs $hs --size 100 --window 5 --negative $negative --sample 1e-4 --min-count 5 --iter "$iter" --threads "$threads" --alpha $alpha --seed "$seed" --mode "$gensim_mode")
  read -r ga gsp < <(evaluate "$runs/gensim-$a.bin")
  rate() { awk -v w="$words" -v i="$iter" -v t="$threads" -v s="$1" 'BEGIN {printf "%.0f", w * i / t / s}'; }
  echo "| $a | libw2v | $ws | $(rate "$ws") | $wm | $wa | $wsp |" | tee -a "$result"
  echo "| $a | gensim | $gs | $(rate "$gs") | $gm | $ga | $gsp |" | tee -a "$result"
  awk -v a="$a" -v ws="$ws" -v gs="$gs" -v wm="$wm" -v gm="$gm" -v wa="$wa" -v ga="$ga" -v wsp="$wsp" -v gsp="$gsp" \
    'BEGIN {printf "| %s | libw2v / gensim | %.2fx time | | %.2fx memory | %+.2f points | %+.3f |\n", a, ws / gs, wm / gm, wa - ga, wsp - gsp}' \
    | tee -a "$result"
done
echo
echo "kept in $result"
