"""The English model's attribute rules, applied through a per-word cache.

The model's ``attribute_ruler`` sets each token's coarse part of speech, morphology
and a few lemmas from its fine tag, its lower-cased form and its dependency label
(179 rules, almost all about a single token).  spaCy applies them with its general
token ``Matcher``, which re-tests every rule on every token: a fifth of the parse's
time.  Here the same rules, read from the model's own component, are applied with
the outcome of the single-token rules cached per (tag, form, label) — a few thousand
distinct keys cover an article — and the few rules spanning two tokens still go
through a ``Matcher``.  The result is the ruler's, token for token (same rules,
same precedence: a later rule overrides an earlier one); a rule of a form this
module does not read makes it hand every Doc to the model's ruler unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Token attributes the single-token rules test, in the order of a cache key.
KEY_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
#: Token attributes the rules may set, in the order of the written columns.
SET_ATTRS = ("TAG", "POS", "MORPH", "LEMMA", "DEP")
#: Cached keys before the cache starts afresh (about 100 bytes each).
MAX_KEYS = 200_000
#: Factory name of the cached ruler.
FACTORY = "parley_attribute_cache_v1"

#: What one token of a rule requires of one attribute (a string, or a boolean for
#: IS_SPACE), as a test on the attribute's string value.
Test = Callable[[Any], bool]


def _test(spec: Any) -> Test | None:
    """A test equivalent to one Matcher attribute spec, or None for a form not read here."""
    if isinstance(spec, (str, bool)):
        return lambda value: bool(value == spec)
    if isinstance(spec, dict) and len(spec) == 1:
        (op, arg), = spec.items()
        if op == "IN" and isinstance(arg, list):
            allowed = frozenset(arg)
            return lambda value: value in allowed
        if op == "NOT_IN" and isinstance(arg, list):
            banned = frozenset(arg)
            return lambda value: value not in banned
        if op == "REGEX" and isinstance(arg, str):
            regex = re.compile(arg)
            return lambda value: bool(regex.search(value))
    return None


def _token_tests(token: dict[str, Any]) -> list[tuple[int, Test]] | None:
    tests = []
    for attr, spec in token.items():
        if attr not in KEY_ATTRS or "OP" in token:
            return None
        test = _test(spec)
        if test is None:
            return None
        tests.append((KEY_ATTRS.index(attr), test))
    return tests


class CachedAttributeRuler:
    """Drop-in for the model's ``attribute_ruler`` (see the module docstring)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.ruler: Any = None
        #: Per rule (in order): the alternatives of its one-token patterns, or None.
        self.single: list[list[list[tuple[int, Test]]] | None] = []
        self.multi: Any = None
        self.values: list[tuple[int, ...]] = []
        #: Row of ``folded``/``given`` per (tag, form, label, space) key; row 0 is unused
        #: so that every slot is true.
        self.slot: dict[tuple[int, ...], int] = {}
        self.folded: numpy.ndarray = numpy.zeros((1024, len(SET_ATTRS)), dtype="uint64")
        self.given: numpy.ndarray = numpy.zeros((1024, len(SET_ATTRS)), dtype=bool)
        #: Per row: whether a token of that key could open a match of a multi-token rule.
        self.opens: numpy.ndarray = numpy.zeros(1024, dtype=bool)
        #: The first-token tests of the multi-token rules; None: a first token of a form
        #: not read here, so every Doc goes through their ``Matcher``.
        self.openers: list[list[tuple[int, Test]]] | None = []

    def take(self, ruler: Any) -> None:
        """Read the rules of the model's ruler (kept for Docs it must handle itself)."""
        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        self.ruler = ruler
        self.multi = Matcher(self.vocab, validate=False)
        ids = [IDS[name] for name in SET_ATTRS]
        self.single, self.values, self.openers = [], [], []
        readable = True
        for i, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices)):
            patterns = ruler.matcher.get(str(i))[1]
            if set(attrs) - set(ids) or any(not isinstance(v, int) for v in attrs.values()):
                readable = False
            self.values.append(tuple(attrs.get(a, -1) for a in ids))
            if all(len(p) == 1 for p in patterns) and index in (0, -1):
                alternatives = [_token_tests(p[0]) for p in patterns]
                if any(a is None for a in alternatives):
                    readable = False
                self.single.append(alternatives)  # type: ignore[arg-type]
            else:
                self.single.append(None)
                self.multi.add(str(i), patterns)
                for pattern in patterns:
                    first = _token_tests(pattern[0]) if pattern else None
                    if first is None or self.openers is None:
                        self.openers = None
                    else:
                        self.openers.append(first)
        if not readable:
            self.single = []  # every Doc goes to the model's ruler

    def _fold(self, rules: Iterable[int]) -> tuple[int, ...]:
        """The attribute values after applying ``rules`` in order (-1: left as it was)."""
        out = [-1] * len(SET_ATTRS)
        for rule in rules:
            for col, value in enumerate(self.values[rule]):
                if value != -1:
                    out[col] = value
        return tuple(out)

    def _values(self, key: tuple[int, ...]) -> tuple[Any, ...]:
        """A cache key's attribute values as the rules' tests read them."""
        strings = self.vocab.strings
        return strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3])

    def _singles(self, key: tuple[int, ...]) -> list[int]:
        """The single-token rules a token of this key matches, in order."""
        values = self._values(key)
        return [rule for rule, alternatives in enumerate(self.single) if alternatives
                and any(all(test(values[attr]) for attr, test in tests)
                        for tests in alternatives)]

    def __call__(self, doc: Doc) -> Doc:
        if not self.single:
            return self.ruler(doc)
        if not len(doc):
            return doc
        if len(self.slot) + len(doc) > MAX_KEYS:
            self._clear()  # before the lookups: their rows must stay valid
        keys = doc.to_array(list(KEY_ATTRS)).tolist()
        slot = self.slot
        index = [slot.get(key) or self._add(key) for key in map(tuple, keys)]
        extra: dict[int, list[int]] = {}
        # A multi-token match starts at a token its first pattern token accepts: without
        # one ("gon", "ai", an expletive...) the Matcher, a fifth of this call, is skipped.
        if self.openers is None or self.opens[index].any():
            for match_id, start, end in self.multi(doc, allow_missing=True):
                rule = int(self.vocab.strings[match_id])
                at = self.ruler.indices[rule]
                extra.setdefault(range(start, end)[at], []).append(rule)
        rows = numpy.where(self.given[index], self.folded[index], doc.to_array(list(SET_ATTRS)))
        for i, rules in extra.items():
            own = self._fold(sorted({*self._singles(tuple(keys[i])), *rules}))
            for col, value in enumerate(own):
                if value != -1:
                    rows[i, col] = value
        doc.from_array(list(SET_ATTRS), rows)  # type: ignore[arg-type]  # a numpy Ints2d
        return doc

    def _add(self, key: tuple[int, ...]) -> int:
        """Fold the single-token rules for a new key into a new row of the cache."""
        row = len(self.slot) + 1
        if row == len(self.folded):  # grow by doubling: appends stay cheap
            self.folded = numpy.vstack([self.folded, numpy.zeros_like(self.folded)])
            self.given = numpy.vstack([self.given, numpy.zeros_like(self.given)])
            self.opens = numpy.concatenate([self.opens, numpy.zeros_like(self.opens)])
        folded = self._fold(self._singles(key))
        self.folded[row] = [max(v, 0) for v in folded]
        self.given[row] = [v != -1 for v in folded]
        values = self._values(key)
        self.opens[row] = any(all(test(values[attr]) for attr, test in tests)
                              for tests in self.openers or ())
        self.slot[key] = row
        return row

    def _clear(self) -> None:
        """Start the cache afresh (it is bounded by ``MAX_KEYS``)."""
        self.slot = {}
        self.folded[:] = 0
        self.given[:] = False
        self.opens[:] = False

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def make_cached_ruler(nlp: Language, name: str) -> CachedAttributeRuler:
    return CachedAttributeRuler(nlp, name)


def install(nlp: Language, name: str = "attribute_ruler") -> None:
    """Replace the model's attribute ruler by the cached one, under the same name."""
    from spacy.language import Language

    if name not in nlp.pipe_names:
        return
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, func=make_cached_ruler)
    ruler = nlp.get_pipe(name)
    cached = nlp.replace_pipe(name, FACTORY)
    cached.take(ruler)  # type: ignore[attr-defined]
