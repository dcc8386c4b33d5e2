#!/usr/bin/env python3
"""Subword skip-gram: libw2v's command-line tool beside the fastText tool, same corpus and settings.

    FASTTEXT=/path/to/fasttext python3 benchmarks/compare_fasttext.py [--tool libw2v|fasttext|both]
        [--threads 1] [--seed 1] [--epochs 3] [--corpus F] [--dim 100] [--bucket 2000000] [--out DIR]
    python3 benchmarks/compare_fasttext.py --table [--out DIR] > benchmarks/results/...md

The fastText binary is built from its public source outside this repository (`make opt`), or comes
from PyPI. Both train skip-gram with negative sampling at fastText's defaults (-minn 3 -maxn 6 -bucket
2000000 -neg 5 -ws 5 -lr 0.05 -t 1e-4 -minCount 5; libw2v with ns_exponent 0.5, fastText's noise
distribution), each as its own process writing a fastText .bin, so both are timed the same way: wall
time, user and system CPU and peak resident memory of the whole process (vocabulary, training and
saving the .bin; fastText also writes its .vec), from the kernel's accounting of the finished child.
Each .bin is then read here through w2v.load_facebook_vectors and scored by the same code: analogy
accuracy over the 30,000 most frequent words (questions-words.txt, 3CosAdd) and WordSim-353
Spearman with every pair scored (unknown words composed from their n-grams). For fastText's model
it also checks that `fasttext nn` and libw2v agree on the top 10 of an unknown word.

Every run appends one JSON line to DIR/runs.jsonl (with the load average before and after, since
the machine may be shared); --table prints those runs as a Markdown table.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bindings" / "python"))
import w2v  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def spearman(xs, ys):
    def ranks(values):
        order = sorted(range(len(values)), key=lambda i: values[i])
        result = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                result[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return result
    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy)


def word_pairs(wv, path):
    """Spearman over every pair of the file, lower-cased, each word's vector composed if unknown."""
    human, model = [], []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        a, b, score = line.split("\t")[:3]
        human.append(float(score))
        model.append(float(wv.similarity(a.lower(), b.lower())))
    return spearman(human, model), len(human)


def evaluate(wv):
    analogy = wv.evaluate_word_analogies_counts(str(DATA / "questions-words.txt"), restrict_vocab=30000).score
    rho, pairs = word_pairs(wv, DATA / "wordsim353.tsv")
    return {"analogy": analogy, "wordsim": rho, "pairs": pairs}


def command(tool, args, output):
    """The training command of `tool`, writing `output`.bin."""
    if tool == "fasttext":
        return [args.fasttext, "skipgram", "-input", args.corpus, "-output", output, "-dim", str(args.dim),
                "-ws", "5", "-neg", "5", "-lr", "0.05", "-t", "1e-4", "-minCount", "5", "-epoch", str(args.epochs),
                "-thread", str(args.threads), "-minn", "3", "-maxn", "6", "-bucket", str(args.bucket),
                "-seed", str(args.seed), "-verbose", "0"]
    return [args.cli, "-train", args.corpus, "-output", output + ".bin", "-output-format", "fasttext", "-cbow", "0",
            "-size", str(args.dim), "-window", "5", "-negative", "5", "-alpha", "0.05", "-sample", "1e-4",
            "-min-count", "5", "-iter", str(args.epochs), "-threads", str(args.threads), "-minn", "3", "-maxn", "6",
            "-bucket", str(args.bucket), "-seed", str(args.seed), "-param", "ns_exponent=0.5", "-quiet"]


def timed(argv):
    """Runs argv to its end; its wall seconds and the kernel's rusage of that one child."""
    started = time.monotonic()
    child = subprocess.Popen(argv, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    if status != 0:
        sys.exit("%s failed with status %d" % (argv[0], status))
    return {"wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def nearest_agree(fasttext, path, wv, query="kingdomz"):
    """Whether `fasttext nn` and libw2v give the same top 10 for an unknown word of fastText's model."""
    nn = subprocess.run([fasttext, "nn", path, "10"], input=query + "\n", capture_output=True, text=True).stdout
    theirs = [line.split()[0] for line in nn.replace("Query word? ", "").splitlines() if line.strip()][:10]
    ours = [word for word, _ in wv.most_similar(query, topn=10)]
    return ours == theirs


def run(tool, args, out):
    name = "%s-t%d-s%d-e%d" % (tool, args.threads, args.seed, args.epochs)
    load_before = os.getloadavg()
    record = {"tool": tool, "threads": args.threads, "seed": args.seed, "epochs": args.epochs, "dim": args.dim,
              "bucket": args.bucket, "corpus": args.corpus, "command": command(tool, args, str(out / name)),
              "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    record.update(timed(record["command"]))
    record["load_before"], record["load_after"] = load_before[0], os.getloadavg()[0]
    wv = w2v.load_facebook_vectors(str(out / (name + ".bin")))
    record.update(evaluate(wv))
    if tool == "fasttext":
        record["nn_same"] = nearest_agree(args.fasttext, str(out / (name + ".bin")), wv)
    wv.close()
    with open(out / "runs.jsonl", "a") as runs:
        runs.write(json.dumps(record) + "\n")
    print("%-8s %d thread(s), seed %d: wall %.1f s, user %.1f s, peak %.0f MB, analogy %.2f%%, WordSim-353 %.4f (%d pairs)"
          % (tool, args.threads, args.seed, record["wall"], record["user"], record["peak_mb"], 100 * record["analogy"],
             record["wordsim"], record["pairs"]), flush=True)


def table(out):
    runs = [json.loads(line) for line in open(out / "runs.jsonl")]
    print("| tool | threads | seed | wall (s) | user CPU (s) | user CPU / thread (s) | sys (s) | peak RSS (MB) "
          "| analogy top 30k | WordSim-353 | load avg (before, after) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in sorted(runs, key=lambda r: (r["threads"], r["tool"], r["seed"])):
        print("| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.0f | %.2f%% | %.4f | %.1f, %.1f |"
              % (r["tool"], r["threads"], r["seed"], r["wall"], r["user"], r["user"] / r["threads"], r["sys"],
                 r["peak_mb"], 100 * r["analogy"], r["wordsim"], r["load_before"], r["load_after"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tool", choices=["libw2v", "fasttext", "both"], default="both")
    parser.add_argument("--corpus", default=str(DATA / "enwiki_text8like.txt"))
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--bucket", type=int, default=2000000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cli", default=str(ROOT / "bindings" / "c" / "w2v"))
    parser.add_argument("--fasttext", default=os.environ.get("FASTTEXT"))
    parser.add_argument("--out", default="/tmp/compare_fasttext")
    parser.add_argument("--table", action="store_true", help="print the recorded runs as a Markdown table")
    args = parser.parse_args()
    out = Path(args.out)
    if args.table:
        return table(out)
    out.mkdir(parents=True, exist_ok=True)
    tools = ["libw2v", "fasttext"] if args.tool == "both" else [args.tool]
    if "fasttext" in tools and not args.fasttext:
        sys.exit("the fastText binary: --fasttext PATH or FASTTEXT=PATH")
    for tool in tools:
        run(tool, args, out)


if __name__ == "__main__":
    main()
