#!/usr/bin/env python3
"""Training speed of the Python package against the C demo, same library, same corpus, same settings.

    python3 bindings/python/benchmarks/compare_demo.py [--corpus ../shared/data/enwiki_text8like.txt]
        [--library .build/release/libw2v.so] [--threads 2] [--epochs 1] [--rounds 2] [--stream-words N]

Runs, alternately and `--rounds` times each, in fresh processes:
  C demo        bindings/c/*.c built with cc against include/w2v.h and the library: -train ... -binary 1
  corpus_file   python3 -m w2v train CORPUS -o OUT   (Word2Vec(corpus_file=...), then save_word2vec_format)
then once `python3 -m w2v train --stream` (Word2Vec(sentences=LineSentence(...)): Python reads and batches
the corpus, the library trains through w2v_model_train_step_indices). Prints wall time (median), peak
RSS and training words/s for each, and the corpus_file / demo ratio.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE_ROOT = HERE.parent
REPOSITORY = PACKAGE_ROOT.parent.parent


def timed(command, environment):
    """Runs a command under /usr/bin/time; returns (wall seconds, peak RSS MB, stderr, CPU seconds)."""
    done = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M %U %S", *command], capture_output=True, text=True,
                          env=environment)
    if done.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(command), done.stderr[-2000:]))
    match = re.search(r"TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)", done.stderr)
    return (float(match.group(1)), int(match.group(2)) / 1024, done.stderr,
            float(match.group(3)) + float(match.group(4)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(REPOSITORY.parent / "shared" / "data" / "enwiki_text8like.txt"))
    parser.add_argument("--library", default=os.environ.get("W2V_LIBRARY", str(REPOSITORY / ".build" / "release" / "libw2v.so")))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-stream", action="store_true")
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    library = os.path.abspath(args.library)
    work = Path(tempfile.mkdtemp(prefix="w2v-bench-"))
    try:
        demo = work / "w2v-demo"
        subprocess.run(["cc", "-std=c99", "-O2", "-I", str(REPOSITORY / "include"),
                        *sorted(str(path) for path in (REPOSITORY / "bindings/c").glob("*.c")),
                        "-L", os.path.dirname(library), "-l:" + os.path.basename(library), "-lm",
                        "-Wl,-rpath," + os.path.dirname(library), "-o", str(demo)], check=True)
        environment = dict(os.environ, W2V_LIBRARY=library, PYTHONPATH=str(PACKAGE_ROOT))
        settings = dict(size=100, window=5, negative=5, sample="1e-4", min_count=5)
        demo_command = [str(demo), "-train", args.corpus, "-output", str(work / "demo.bin"), "-binary", "1", "-cbow", "0",
                        "-size", str(settings["size"]), "-window", str(settings["window"]),
                        "-negative", str(settings["negative"]), "-sample", settings["sample"],
                        "-min-count", str(settings["min_count"]), "-iter", str(args.epochs), "-threads", str(args.threads)]
        python_command = [args.python, "-m", "w2v", "train", args.corpus, "-o", str(work / "python.bin"), "--sg", "1",
                          "--vector-size", str(settings["size"]), "--window", str(settings["window"]),
                          "--negative", str(settings["negative"]), "--sample", settings["sample"],
                          "--min-count", str(settings["min_count"]), "--epochs", str(args.epochs),
                          "--workers", str(args.threads)]
        rows = {"C demo": [], "Python corpus_file": []}
        for round_ in range(args.rounds):
            for name, command in (("C demo", demo_command), ("Python corpus_file", python_command)):
                seconds, rss, err, cpu = timed(command, environment)
                rows[name].append((seconds, rss, err, cpu))
                print("round %d  %-20s %7.2f s  %6.0f MB  %7.2f s CPU" % (round_ + 1, name, seconds, rss, cpu), flush=True)
        if not args.no_stream:
            rows["Python sentences="] = [timed(python_command + ["--stream"], environment)]
        print()
        print("corpus %s, skip-gram, dim %d, window %d, negative %d, sample %s, min-count %d, %d epoch(s), %d thread(s)" % (
            args.corpus, settings["size"], settings["window"], settings["negative"], settings["sample"],
            settings["min_count"], args.epochs, args.threads))
        print("library %s" % library)
        print("| run | wall s (median) | runs | CPU s (median) | peak RSS MB | training words/s |")
        print("|---|---|---|---|---|---|")
        medians = {}
        for name, runs in rows.items():
            median = statistics.median(r[0] for r in runs)
            medians[name] = median
            err = runs[-1][2]
            speed = re.findall(r"\(([\d.]+) words/s\)", err)
            if not speed:  # the demo's progress line: Words/thread/sec: 123.45k
                per_thread = re.findall(r"Words/thread/sec: ([\d.]+)k", err)
                speed = ["%.0f" % (float(per_thread[-1]) * 1000 * args.threads)] if per_thread else ["?"]
            print("| %s | %.2f | %s | %.2f | %.0f | %s |" % (
                name, median, " ".join("%.2f" % r[0] for r in runs), statistics.median(r[3] for r in runs),
                max(r[1] for r in runs), speed[-1]))
        ratio = medians["Python corpus_file"] / medians["C demo"]
        print("\nPython corpus_file / C demo wall time: %.3f (%+.1f%%)" % (ratio, 100 * (ratio - 1)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
