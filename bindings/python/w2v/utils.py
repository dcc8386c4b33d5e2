"""gensim.utils' text helpers that Word2Vec tutorials use: ``simple_preprocess``, ``tokenize``,
``deaccent``, and the ``trim_rule`` answers ``RULE_DEFAULT`` / ``RULE_DISCARD`` / ``RULE_KEEP``.

They behave as gensim 4.4's: the same token pattern (runs of letters, digits excluded), the same
lower-casing, accent stripping and length filter.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Iterator, List, Optional, Union

__all__ = [
    "PAT_ALPHABETIC", "RULE_DEFAULT", "RULE_DISCARD", "RULE_KEEP", "deaccent", "keep_vocab_item",
    "simple_preprocess", "simple_tokenize", "to_unicode", "any2unicode", "tokenize",
]

#: A token: a run of word characters that are not digits (gensim's pattern).
PAT_ALPHABETIC = re.compile(r"(((?![\d])\w)+)", re.UNICODE)

#: Answers of a ``trim_rule(word, count, min_count)``: apply min_count as usual, drop the word, keep it.
RULE_DEFAULT = 0
RULE_DISCARD = 1
RULE_KEEP = 2

TrimRule = Callable[[str, int, int], int]


def any2unicode(text: Union[str, bytes], encoding: str = "utf8", errors: str = "strict") -> str:
    """``text`` as str (bytes are decoded with ``encoding``)."""
    if isinstance(text, str):
        return text
    return str(text, encoding, errors=errors)


to_unicode = any2unicode


def deaccent(text: Union[str, bytes]) -> str:
    """``text`` without accent marks: "Šéf chomutovských komunistů" -> "Sef chomutovskych komunistu"."""
    if not isinstance(text, str):
        text = text.decode("utf8")
    norm = unicodedata.normalize("NFD", text)
    result = "".join(ch for ch in norm if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", result)


def simple_tokenize(text: str) -> Iterator[str]:
    """The tokens of ``text`` (matches of :data:`PAT_ALPHABETIC`)."""
    for match in PAT_ALPHABETIC.finditer(text):
        yield match.group()


def tokenize(text: Union[str, bytes], lowercase: bool = False, deacc: bool = False, encoding: str = "utf8",
             errors: str = "strict", to_lower: bool = False, lower: bool = False) -> Iterator[str]:
    """The tokens of ``text``, lower-cased when any of ``lowercase``, ``to_lower``, ``lower`` is set,
    without accents when ``deacc``."""
    lowercase = lowercase or to_lower or lower
    text = to_unicode(text, encoding, errors=errors)
    if lowercase:
        text = text.lower()
    if deacc:
        text = deaccent(text)
    return simple_tokenize(text)


def simple_preprocess(doc: Union[str, bytes], deacc: bool = False, min_len: int = 2, max_len: int = 15) -> List[str]:
    """A document as lower-case tokens of ``min_len`` to ``max_len`` characters (inclusive), without
    those starting with "_": ``simple_preprocess("Hello, World! 42 times")`` is ``["hello", "world",
    "times"]``."""
    return [token for token in tokenize(doc, lower=True, deacc=deacc, errors="ignore")
            if min_len <= len(token) <= max_len and not token.startswith("_")]


def keep_vocab_item(word: str, count: int, min_count: int, trim_rule: Optional[TrimRule] = None) -> bool:
    """Whether a word seen ``count`` times stays in the vocabulary: ``count >= min_count`` unless
    ``trim_rule(word, count, min_count)`` answers ``RULE_KEEP`` or ``RULE_DISCARD``."""
    default = count >= min_count
    if trim_rule is None:
        return default
    answer = trim_rule(word, count, min_count)
    if answer == RULE_KEEP:
        return True
    if answer == RULE_DISCARD:
        return False
    return default
