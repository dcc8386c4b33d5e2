"""The command line: ``python3 -m w2v train ...`` and ``python3 -m w2v similar ...``.

    python3 -m w2v train CORPUS -o VECTORS.bin [--sg 1] [--vector-size 100] [--window 5] [--min-count 5]
        [--negative 5] [--sample 1e-3] [--alpha A] [--min-alpha A] [--epochs 5] [--workers 1] [--seed 1]
        [--ns-exponent 0.75] [--max-vocab-size N] [--max-final-vocab N] [--hs 0|1] [--text] [--stream] [--quiet]
    python3 -m w2v similar VECTORS WORD [WORD ...] [--negative WORD ...] [--topn 10]
    python3 -m w2v projector VECTORS OUTPUT [--binary]
    python3 -m w2v plot VECTORS WORD [WORD ...] [-o PLOT.png] [--topn 5] [--tsne]
    python3 -m w2v version

Failures print "w2v: " and the message on stderr and exit with status 1 (2 for bad usage).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import struct
import sys
from typing import Optional, Sequence, TextIO

from . import _capi
from .corpus import LineSentence
from .errors import Error
from .keyedvectors import KeyedVectors
from .progress import ProgressBar
from .word2vec import Word2Vec


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python3 -m w2v", description="word2vec through libw2v")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    train = commands.add_parser("train", help="train vectors on a text file (lines are sentences)")
    train.add_argument("corpus", help="a text file: whitespace separates words, lines are sentences")
    train.add_argument("-o", "--output", required=True, help="where to write the vectors")
    train.add_argument("--text", action="store_true", help="write the word2vec text format (default: binary)")
    train.add_argument("--sg", type=int, choices=(0, 1), default=0, help="1 for skip-gram, 0 for CBOW (default)")
    train.add_argument("--vector-size", type=int, default=100)
    train.add_argument("--window", type=int, default=5)
    train.add_argument("--min-count", type=int, default=5)
    train.add_argument("--negative", type=int, default=5)
    train.add_argument("--sample", type=float, default=1e-3)
    train.add_argument("--alpha", type=float, default=None, help="default 0.025 for skip-gram, 0.05 for CBOW")
    train.add_argument("--min-alpha", type=float, default=None, help="default 0.0001 x alpha")
    train.add_argument("--epochs", type=int, default=5)
    train.add_argument("--workers", type=int, default=1)
    train.add_argument("--seed", type=int, default=1)
    train.add_argument("--ns-exponent", type=float, default=0.75)
    train.add_argument("--max-vocab-size", type=int, default=None,
                       help="bound on distinct words while counting (the rarest are pruned)")
    train.add_argument("--max-final-vocab", type=int, default=None,
                       help="raise min-count until at most this many words remain")
    train.add_argument("--hs", type=int, choices=(0, 1), default=0, help="1 for hierarchical softmax")
    train.add_argument("--stream", action="store_true",
                       help="feed the corpus from Python (LineSentence + train_step) instead of the library's reader")
    train.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")

    similar = commands.add_parser("similar", help="the words nearest to WORD(s) in a vectors file")
    similar.add_argument("vectors", help="a word2vec binary or text file (detected)")
    similar.add_argument("words", nargs="+", metavar="WORD", help="positive words")
    similar.add_argument("--negative", nargs="*", default=[], metavar="WORD", help="negative words")
    similar.add_argument("-n", "--topn", type=int, default=10)

    projector = commands.add_parser(
        "projector", help="write the TSV pair the TensorFlow Embedding Projector reads (gensim's word2vec2tensor)")
    projector.add_argument("vectors", help="a word2vec binary or text file (detected)")
    projector.add_argument("output", help="prefix of OUTPUT_tensor.tsv (vectors) and OUTPUT_metadata.tsv (words)")
    projector.add_argument("-b", "--binary", action="store_true", help="the vectors file is binary (default: detected)")

    plot = commands.add_parser("plot", help="draw WORDs and their nearest neighbours in 2-D to a PNG (needs matplotlib)")
    plot.add_argument("vectors", help="a word2vec binary or text file (detected), or a native model")
    plot.add_argument("words", nargs="+", metavar="WORD")
    plot.add_argument("-o", "--output", default="w2v-plot.png", help="the PNG to write (default: w2v-plot.png)")
    plot.add_argument("-n", "--topn", type=int, default=5, help="neighbours per word (default: 5)")
    plot.add_argument("--tsne", action="store_true", help="t-SNE (needs scikit-learn) instead of PCA")

    commands.add_parser("version", help="print the package's and the library's versions")
    return parser


def _train(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    show = not args.quiet and err.isatty()
    settings = dict(
        vector_size=args.vector_size, window=args.window, min_count=args.min_count, negative=args.negative,
        sample=args.sample, alpha=args.alpha, min_alpha=args.min_alpha, epochs=args.epochs, workers=args.workers,
        seed=args.seed, ns_exponent=args.ns_exponent, max_vocab_size=args.max_vocab_size, max_final_vocab=args.max_final_vocab, sg=args.sg, hs=args.hs,
    )
    progress = ProgressBar(err) if show else None
    with Word2Vec(**settings) as model:  # type: ignore[arg-type]
        if args.stream:
            corpus = LineSentence(args.corpus)
            model.build_vocab(corpus)
            result = model.train(corpus, progress=progress)
        else:
            model.build_vocab(corpus_file=args.corpus)
            result = model.train(corpus_file=args.corpus, progress=progress)
        model.save_word2vec_format(args.output, binary=not args.text)
        if not args.quiet:
            err.write("w2v: %d words, vector size %d: trained %d words in %.2f s (%.0f words/s), wrote %s\n" % (
                len(model.wv), model.vector_size, result.words, result.seconds, result.words_per_second, args.output))
    return 0


def _similar(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.topn < 1:
        raise Error("--topn must be at least 1")
    with KeyedVectors.load_word2vec_format(args.vectors, binary=None) as wv:
        for word, score in wv.most_similar(positive=args.words, negative=args.negative, topn=args.topn):
            out.write("%s\t%.6f\n" % (word, score))
    return 0


def _float32_text(value: float) -> str:
    """A float32 as str() of a NumPy 2 float32 prints it, as gensim's word2vec2tensor writes it: the
    shortest digits that read back as the same float32, positional for 1e-4 <= |x| < 1e6 (with ".0"
    for whole numbers), else scientific with a two-digit exponent (NumPy 1 printed numbers up to 1e16
    positionally; the digits are the same)."""
    if value != value:
        return "nan"
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    packed = struct.pack("f", value)
    for digits in range(1, 10):
        text = "%.*e" % (digits - 1, value)
        if struct.pack("f", float(text)) == packed:
            break
    mantissa, exponent_text = text.split("e")
    exponent = int(exponent_text)
    sign = "-" if mantissa.startswith("-") else ""
    figures = mantissa.lstrip("-").replace(".", "").rstrip("0") or "0"
    if 1e-4 <= abs(value) < 1e6:
        if exponent >= 0:
            whole, fraction = figures[:exponent + 1].ljust(exponent + 1, "0"), figures[exponent + 1:]
        else:
            whole, fraction = "0", "0" * (-exponent - 1) + figures
        return "%s%s.%s" % (sign, whole, fraction or "0")
    head = figures[0] + ("." + figures[1:] if len(figures) > 1 else "")
    return "%s%se%s%02d" % (sign, head, "-" if exponent < 0 else "+", abs(exponent))


def _projector(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    tensor, metadata = args.output + "_tensor.tsv", args.output + "_metadata.tsv"
    with KeyedVectors.load_word2vec_format(args.vectors, binary=True if args.binary else None) as wv, \
            open(tensor, "w", encoding="utf-8", errors="surrogateescape") as vectors, \
            open(metadata, "w", encoding="utf-8", errors="surrogateescape") as words:
        for word in wv.index_to_key:
            vector = wv.get_vector(word)
            words.write(word + "\n")
            vectors.write("\t".join(_float32_text(x) for x in (vector.tolist() if hasattr(vector, "tolist") else vector)) + "\n")
        count = len(wv)
    err.write("w2v: wrote %s and %s (%d words)\n" % (tensor, metadata, count))
    return 0


def _plot(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._projection import plot_words

    if args.topn < 0:
        raise Error("--topn must not be negative")
    with KeyedVectors.load_word2vec_format(args.vectors, binary=None) as wv:
        try:
            drawn = plot_words(wv, args.words, args.output, topn=args.topn, method="tsne" if args.tsne else "pca")
        except ImportError as error:
            raise Error(str(error)) from None
        except KeyError as error:
            raise Error(error.args[0] if error.args else str(error)) from None
    err.write("w2v: drew %d words to %s\n" % (len(drawn), args.output))
    return 0


def main(argv: Optional[Sequence[str]] = None, stdout: Optional[TextIO] = None, stderr: Optional[TextIO] = None) -> int:
    """Runs the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = _parser()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exit:
        return int(exit.code or 0)
    try:
        if args.command == "train":
            return _train(args, out, err)
        if args.command == "similar":
            return _similar(args, out, err)
        if args.command == "projector":
            return _projector(args, out, err)
        if args.command == "plot":
            return _plot(args, out, err)
        from . import __version__

        out.write("w2v %s, libw2v %s (%s)\n" % (__version__, _capi.lib().version_string(), _capi.lib().path))
        return 0
    except Error as error:
        err.write("w2v: %s\n" % error.message)
        return 1
    except KeyboardInterrupt:
        err.write("\nw2v: interrupted\n")
        return 130


