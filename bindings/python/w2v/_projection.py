"""Looking at vectors: a 2-D projection of words and their neighbours, drawn to a PNG.

:func:`pca_2d` projects on the two principal components (NumPy's SVD when NumPy is there, else power
iteration with deflation in plain Python; signs fixed so the largest coordinate of each axis is
positive, so a drawing is the same on every run). :func:`plot_words` draws the words given and their
``topn`` nearest neighbours with matplotlib (an optional dependency), t-SNE from scikit-learn instead
of PCA when asked and installed.
"""

from __future__ import annotations

import math
from typing import Any, List, Sequence, Tuple

from ._compat import numpy

__all__ = ["pca_2d", "plot_words"]

Point = Tuple[float, float]


def _centered(rows: Sequence[Sequence[float]]) -> List[List[float]]:
    dim = len(rows[0])
    mean = [sum(row[j] for row in rows) / len(rows) for j in range(dim)]
    return [[x - m for x, m in zip(row, mean)] for row in rows]


def _fix_sign(axis: List[float], coordinates: List[float]) -> Tuple[List[float], List[float]]:
    """Flips an axis so that the coordinate of largest magnitude (the first, on a tie) is positive."""
    largest = max(coordinates, key=abs) if coordinates else 0.0
    if largest < 0:
        return [-x for x in axis], [-x for x in coordinates]
    return axis, coordinates


def pca_2d(rows: Sequence[Sequence[float]], iterations: int = 500) -> List[Point]:
    """The coordinates of ``rows`` on their first two principal components."""
    if not rows:
        return []
    data = _centered([[float(x) for x in row] for row in rows])
    dim = len(data[0])
    columns: List[List[float]] = []
    if numpy is not None:
        matrix = numpy.array(data, dtype=numpy.float64)
        _, _, vt = numpy.linalg.svd(matrix, full_matrices=False)
        for k in range(2):
            axis = vt[k].tolist() if k < vt.shape[0] else [0.0] * dim
            coordinates = [sum(a * b for a, b in zip(row, axis)) for row in data]
            columns.append(_fix_sign(axis, coordinates)[1])
    else:
        for _ in range(2):
            axis = [1.0 / math.sqrt(dim) + 1e-3 * j for j in range(dim)]  # a fixed start: deterministic
            for _ in range(iterations):
                scores = [sum(a * b for a, b in zip(row, axis)) for row in data]
                new = [sum(score * row[j] for score, row in zip(scores, data)) for j in range(dim)]
                length = math.sqrt(sum(x * x for x in new))
                if length == 0:
                    break
                new = [x / length for x in new]
                done = max(abs(a - b) for a, b in zip(new, axis)) < 1e-12
                axis = new
                if done:
                    break
            coordinates = [sum(a * b for a, b in zip(row, axis)) for row in data]
            axis, coordinates = _fix_sign(axis, coordinates)
            columns.append(coordinates)
            data = [[x - c * a for x, a in zip(row, axis)] for row, c in zip(data, coordinates)]  # deflate
    return list(zip(columns[0], columns[1]))


def _tsne_2d(rows: Sequence[Sequence[float]], seed: int) -> List[Point]:
    from sklearn.manifold import TSNE  # type: ignore[import-not-found]

    matrix = numpy.array(rows, dtype=numpy.float64)
    perplexity = max(1.0, min(30.0, (len(rows) - 1) / 3.0))
    result = TSNE(n_components=2, perplexity=perplexity, random_state=seed, init="pca").fit_transform(matrix)
    return [(float(x), float(y)) for x, y in result]


def plot_words(wv: Any, words: Sequence[str], path: str, topn: int = 5, method: str = "pca",
               seed: int = 1) -> List[Tuple[str, float, float]]:
    """Draws ``words`` and the ``topn`` nearest neighbours of each, projected to 2-D (``method``
    "pca" or "tsne"), to the PNG ``path``; returns the labels drawn with their coordinates.
    Raises ImportError naming the package when matplotlib (or, for t-SNE, scikit-learn) is missing."""
    try:
        import matplotlib  # type: ignore[import-not-found]

        matplotlib.use("Agg")
        from matplotlib import pyplot  # type: ignore[import-not-found]
    except ImportError:
        raise ImportError("plot needs matplotlib: pip install matplotlib (or apt install python3-matplotlib)") from None
    labels: List[str] = []
    queried = set()
    for word in words:
        wv.get_index(word)  # KeyError for an unknown word, before anything is drawn
        queried.add(word)
        for label in [word] + [neighbour for neighbour, _ in wv.most_similar(word, topn=topn)]:
            if label not in labels:
                labels.append(label)
    rows = [[float(x) for x in (v.tolist() if hasattr(v, "tolist") else v)] for v in (wv[label] for label in labels)]
    if method == "tsne":
        if numpy is None:
            raise ImportError("t-SNE needs NumPy and scikit-learn")
        try:
            points = _tsne_2d(rows, seed)
        except ImportError:
            raise ImportError("t-SNE needs scikit-learn: pip install scikit-learn") from None
    elif method == "pca":
        points = pca_2d(rows)
    else:
        raise ValueError("method must be 'pca' or 'tsne', not %r" % (method,))
    figure, axes = pyplot.subplots(figsize=(8, 6), dpi=100)
    try:
        for label, (x, y) in zip(labels, points):
            query = label in queried
            axes.scatter([x], [y], s=40 if query else 18, color="tab:red" if query else "tab:blue")
            axes.annotate(label, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=10 if query else 8,
                          fontweight="bold" if query else "normal")
        axes.set_title("%s of %s and their %d nearest neighbours" % (method.upper(), ", ".join(words), topn))
        axes.set_xticks([])
        axes.set_yticks([])
        figure.tight_layout()
        figure.savefig(path, format="png")
        drawn = [text.get_text() for text in axes.texts]
    finally:
        pyplot.close(figure)
    return [(label, x, y) for label, (x, y) in zip(drawn, points)]
