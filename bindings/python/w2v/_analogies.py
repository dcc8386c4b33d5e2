"""gensim's ``evaluate_word_analogies``, question by question, over the library's queries.

The library's ``w2v_model_evaluate_analogies`` counts right answers in one blocked scan but cannot say
which questions they were; gensim's result lists every question under its section as correct or
incorrect. So this module reads the questions file as gensim 4.4 does (``: section`` lines, then
``a b c expected``; lines of another shape skipped, a question before any section a ``ValueError``),
asks ``most_similar(positive=[b, c], negative=[a], topn=5, restrict_vocab=...)`` for each question
whose four words are among the ``restrict_vocab`` most frequent (case-folded to upper case by
default, the most frequent spelling standing for all), and takes the first answer that is in that
vocabulary and is not a, b or c. Questions run on a few threads at once: each query releases the GIL.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List, Optional, Tuple

from .errors import FileError

logger = logging.getLogger("w2v.keyedvectors")

Question = Tuple[str, str, str, str]
Section = Dict[str, Any]


def _section_score(section: Section) -> float:
    correct, incorrect = len(section["correct"]), len(section["incorrect"])
    if correct + incorrect == 0:
        return 0.0
    score = correct / (correct + incorrect)
    logger.info("%s: %.1f%% (%i/%i)", section["section"], 100.0 * score, correct, correct + incorrect)
    return score


def evaluate(index_to_key: List[str], path: Any, restrict_vocab: int, case_insensitive: bool, dummy4unknown: bool,
             query: Callable[[List[str], List[str], int], List[Tuple[str, float]]],
             threads: Optional[int] = None) -> Tuple[float, List[Section], int, int]:
    """(score, sections with 'Total accuracy' last, questions with an unknown word, questions) for
    the questions file ``path``; ``query(positive, negative, topn)`` answers one analogy."""
    fold = (lambda word: word.upper()) if case_insensitive else (lambda word: word)
    ok_vocab: Dict[str, int] = {}
    for row in range(min(restrict_vocab, len(index_to_key)) - 1, -1, -1):  # the most frequent spelling wins
        ok_vocab[fold(index_to_key[row])] = row
    logger.info("Evaluating word analogies for top %i words in the model on %s", restrict_vocab, os.fsdecode(path))
    sections: List[Section] = []
    items: List[Tuple[Section, Question, bool]] = []  # every question in file order, and whether it is asked
    oov = 0
    quadruplets = 0
    try:
        stream = open(path, "rb")
    except OSError as error:
        raise FileError("%s: %s" % (os.fsdecode(path), error.strerror or error)) from error
    with stream:
        section: Optional[Section] = None
        for line_no, raw in enumerate(stream):
            line = raw.decode("utf-8", "surrogateescape")
            if line.startswith(": "):
                section = {"section": line.lstrip(": ").strip(), "correct": [], "incorrect": []}
                sections.append(section)
                continue
            if section is None:
                raise ValueError("Missing section header before line #%i in %s" % (line_no, os.fsdecode(path)))
            words = [fold(word) for word in line.split()]
            if len(words) != 4:
                logger.info("Skipping invalid line #%i in %s", line_no, os.fsdecode(path))
                continue
            quadruplets += 1
            question = (words[0], words[1], words[2], words[3])
            known = all(word in ok_vocab for word in question)
            oov += not known
            items.append((section, question, known))

    def answer(question: Question) -> bool:
        a, b, c, expected = question
        ignore = {a, b, c}
        predicted = None
        for word, _ in query([index_to_key[ok_vocab[b]], index_to_key[ok_vocab[c]]], [index_to_key[ok_vocab[a]]], 5):
            predicted = fold(word)
            if predicted in ok_vocab and predicted not in ignore:
                break
        return predicted == expected

    asked = [question for _, question, known in items if known]
    workers = threads or min(4, os.cpu_count() or 1)
    if workers > 1 and len(asked) > 64:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="w2v-analogies") as pool:
            outcomes = iter(list(pool.map(answer, asked, chunksize=32)))
    else:
        outcomes = iter([answer(question) for question in asked])
    for section, question, known in items:
        if known:
            section["correct" if next(outcomes) else "incorrect"].append(question)
        elif dummy4unknown:  # zero accuracy for a question with an unknown word
            section["incorrect"].append(question)
    for section in sections:
        _section_score(section)
    total = {
        "section": "Total accuracy",
        "correct": [q for s in sections for q in s["correct"]],
        "incorrect": [q for s in sections for q in s["incorrect"]],
    }
    if quadruplets:
        logger.info("Quadruplets with out-of-vocabulary words: %.1f%%", 100.0 * oov / quadruplets)
    if not dummy4unknown:
        logger.info("NB: analogies containing OOV words were skipped from evaluation! "
                    "To change this behavior, use \"dummy4unknown=True\"")
    score = _section_score(total)
    sections.append(total)
    return score, sections, oov, quadruplets
