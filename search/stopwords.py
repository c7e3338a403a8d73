"""English stop words, one list for every part of search that drops function words.

``FUNCTION_WORDS`` is Lucene's English stop set without its negations, plus the pronouns
and auxiliaries reps type in customer phrasing ("we can't", "our team"). Each user adds
what its job needs:

- the Elasticsearch analyzer (``ANALYZER_STOP_WORDS``) also drops negations and
  intensifiers at index time ("too expensive" must not match a title by "too");
- query understanding (``QUERY_STOP_WORDS``) also drops question words, which only make a
  database query stricter ("what about security for a bank");
- answers (``ANSWER_STOP_WORDS``) drop the query words and negations when they look for a
  question's words in a passage.
"""

from __future__ import annotations

FUNCTION_WORDS = frozenset(
    [
        *("a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into"),
        *("is", "it", "of", "on", "or", "such", "that", "the", "their", "then", "there"),
        *("these", "they", "this", "to", "was", "will", "with"),
        *("i", "me", "my", "we", "us", "our", "you", "your", "can", "do", "does"),
    ]
)
NEGATIONS = frozenset(["no", "not", "can't", "don't"])
INTENSIFIERS = frozenset(["too", "very"])
QUESTION_WORDS = frozenset(["about", "from", "how", "what", "which", "who", "need", "needs"])

# Polish function words: dropped from a Polish query's lemmas (``search/polish.py``), and
# the words that, with a Polish letter, tell a Polish query apart (none is English).
POLISH_FUNCTION_WORDS = frozenset(
    [
        *("w", "we", "ze", "na", "dla", "od", "do", "przez", "przy", "oraz", "lub", "ale"),
        *("się", "jak", "czy", "że", "jest", "są", "nie", "ile", "jaki", "jakie", "jaka"),
        *("dlaczego", "kiedy", "gdzie", "bo", "tylko", "już", "też", "być", "mamy", "mają"),
        *("o", "i", "a", "z", "u", "po", "to", "co", "ten", "ta", "te", "nasz", "nasze"),
        # lemmas of the auxiliaries (a query's words are dropped by form and by lemma)
        *("mieć", "móc", "mój", "wasz", "on", "ona", "oni", "my", "wy", "ja", "ty", "zbyt"),
        *("się", "który", "taki", "ten", "bardzo", "za", "jeszcze"),
    ]
)
_ALSO_ENGLISH = {"a", "i", "o", "z", "u", "po", "co", "ten", "ale"}
POLISH_MARKERS = POLISH_FUNCTION_WORDS - FUNCTION_WORDS - _ALSO_ENGLISH

ANALYZER_STOP_WORDS = sorted(FUNCTION_WORDS | NEGATIONS | INTENSIFIERS)
QUERY_STOP_WORDS = FUNCTION_WORDS | QUESTION_WORDS
ANSWER_STOP_WORDS = QUERY_STOP_WORDS | {"not", "them"}
