"""The results of the evaluations, shaped as gensim's: :class:`AnalogyEvaluation` (``(score,
sections)``), :class:`WordPairEvaluation` (``((pearson, p), (spearman, p), oov_ratio)``) with its
:class:`Correlation` pairs, and the library's plain counts, :class:`AnalogyCounts`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Sequence, Tuple

from ._stats import correlation_p_value

__all__ = ["AnalogyEvaluation", "AnalogyCounts", "WordPairEvaluation", "Correlation"]


class Correlation(NamedTuple):
    """A correlation coefficient and its two-sided p-value: unpacks and indexes as the ``(statistic,
    pvalue)`` results of ``scipy.stats.pearsonr`` / ``spearmanr`` that gensim returns, and has their
    attribute names (``correlation`` is scipy's older name of ``statistic``).

    ``pvalue`` is for the null hypothesis of no correlation: Student's t with n - 2 degrees of freedom,
    ``t = r * sqrt((n - 2) / (1 - r**2))``, computed without SciPy as the regularized incomplete beta
    function ``I_{1-r**2}((n-2)/2, 1/2)``. That is exactly the p-value SciPy computes for both
    coefficients, so the values match gensim's to about 1e-11 relative (for Pearson the test is exact when
    the data are bivariate normal; for Spearman it is the usual t approximation, SciPy's too, which is
    best for large samples). ``None`` when it is undefined: fewer than three pairs, or a NaN coefficient
    (for instance when every human score is equal).
    """

    statistic: float
    pvalue: Optional[float]

    @property
    def correlation(self) -> float:
        return self.statistic


class _GensimResult(Sequence[Any]):
    """A result that also reads as the tuple gensim returns for it (``_gensim()``)."""

    def _gensim(self) -> Tuple[Any, ...]:
        raise NotImplementedError

    def __getitem__(self, index: Any) -> Any:
        return self._gensim()[index]

    def __len__(self) -> int:
        return len(self._gensim())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._gensim())


def _ratio(correct: int, seen: int) -> float:
    return correct / seen if seen else 0.0


@dataclass(frozen=True, eq=False)
class AnalogyEvaluation(_GensimResult):
    """gensim's result of ``evaluate_word_analogies``: a two-item sequence ``(score, sections)`` that
    unpacks (``score, sections = wv.evaluate_word_analogies(path)``) and indexes as gensim's tuple.
    ``sections`` is one dict per section of the file, in file order, then "Total accuracy", each with
    ``section`` (its name), ``correct`` and ``incorrect`` (lists of question 4-tuples).

    The counts are attributes too: ``correct`` and ``seen`` (questions answered right / asked),
    ``semantic_*`` and ``syntactic_*`` (the first five sections of the file, as in questions-words.txt,
    and the rest), ``oov`` (questions with a word outside the vocabulary), ``questions`` (all of the
    file's well-formed questions) and ``oov_ratio`` (percent).
    """

    score: float
    sections: List[Dict[str, Any]]
    oov: int = 0
    questions: int = 0

    def _gensim(self) -> Tuple[float, List[Dict[str, Any]]]:
        return (self.score, self.sections)

    def _count(self, sections: List[Dict[str, Any]]) -> Tuple[int, int]:
        correct = sum(len(s["correct"]) for s in sections)
        return correct, correct + sum(len(s["incorrect"]) for s in sections)

    @property
    def correct(self) -> int:
        return self._count(self.sections[-1:])[0]

    @property
    def seen(self) -> int:
        return self._count(self.sections[-1:])[1]

    @property
    def semantic_correct(self) -> int:
        return self._count(self.sections[:-1][:5])[0]

    @property
    def semantic_seen(self) -> int:
        return self._count(self.sections[:-1][:5])[1]

    @property
    def syntactic_correct(self) -> int:
        return self._count(self.sections[:-1][5:])[0]

    @property
    def syntactic_seen(self) -> int:
        return self._count(self.sections[:-1][5:])[1]

    @property
    def oov_ratio(self) -> float:
        return 100.0 * self.oov / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class AnalogyCounts:
    """Analogy accuracy as the library counts it (:meth:`KeyedVectors.evaluate_word_analogies_counts`,
    ``w2v_model_evaluate_analogies``): right answers and questions seen (all four words in the
    restricted vocabulary), in all and for the semantic (first five) and syntactic sections."""

    correct: int
    seen: int
    semantic_correct: int
    semantic_seen: int
    syntactic_correct: int
    syntactic_seen: int

    @property
    def score(self) -> float:
        """Total accuracy over the questions seen."""
        return _ratio(self.correct, self.seen)

    @property
    def semantic_score(self) -> float:
        return _ratio(self.semantic_correct, self.semantic_seen)

    @property
    def syntactic_score(self) -> float:
        return _ratio(self.syntactic_correct, self.syntactic_seen)


@dataclass(frozen=True)
class WordPairEvaluation(_GensimResult):
    """Correlation of cosine similarity with human scores (``w2v_model_evaluate_word_pairs``).

    Also a three-item sequence shaped like gensim's result, ``((pearson, pvalue), (spearman, pvalue),
    oov_ratio)``: it unpacks, indexes (``result[0][0]`` is Pearson's r, ``result[1].pvalue`` Spearman's
    p-value) and has ``len`` 3. The two pairs are :class:`Correlation` tuples; ``oov_ratio`` is the
    percentage of pairs skipped for an unknown word. The attributes keep the plain numbers.
    """

    pearson: float
    spearman: float
    pairs_used: int
    pairs_skipped: int

    @property
    def oov_ratio(self) -> float:
        total = self.pairs_used + self.pairs_skipped
        return 100.0 * self.pairs_skipped / total if total else 0.0

    @property
    def pearson_pvalue(self) -> Optional[float]:
        """Two-sided p-value of ``pearson`` (see :class:`Correlation`); None when undefined."""
        return correlation_p_value(self.pearson, self.pairs_used)

    @property
    def spearman_pvalue(self) -> Optional[float]:
        """Two-sided p-value of ``spearman`` (see :class:`Correlation`); None when undefined."""
        return correlation_p_value(self.spearman, self.pairs_used)

    def _gensim(self) -> Tuple[Correlation, Correlation, float]:
        return (Correlation(self.pearson, self.pearson_pvalue), Correlation(self.spearman, self.spearman_pvalue),
                self.oov_ratio)
