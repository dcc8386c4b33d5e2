"""Compares the phrases two joined outputs of the same text formed: each phrase occurrence is (its first
word's position in the unjoined text, the phrase), so the files' line breaks do not matter.
usage: python3 benchmarks/phrase_occurrences.py A B"""
import sys


def occurrences(path):
    found, position = set(), 0
    for token in open(path, 'rb').read().split():
        n = token.count(b'_') + 1
        if n > 1:
            found.add((position, token))
        position += n
    return found


a, b = occurrences(sys.argv[1]), occurrences(sys.argv[2])
print("%d and %d phrase occurrences, %d in common: agreement %.4f%%" % (
    len(a), len(b), len(a & b), 100.0 * len(a & b) / max(1, len(a | b))))
