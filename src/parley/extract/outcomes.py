"""What the sides agreed: "agreed to keep communicating", "reached an agreement to ...".

An outcome is the complement of an agreement verb, read off the parse so the
phrase ends where the clause ends rather than at a fixed window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parley.extract.parse import with_lemma

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

AGREE_VERBS = frozenset({"agree", "decide", "commit", "pledge", "consent", "vow", "undertake"})
AGREE_NOUNS = frozenset({"agreement", "consensus", "deal", "commitment", "understanding"})
AGREE_WORDS = AGREE_VERBS | AGREE_NOUNS
COMPLEMENT_DEPS = ("xcomp", "ccomp", "prep", "acl")
#: Longest outcome phrase kept, in characters; longer clauses are cut at a word boundary.
MAX_OUTCOME_CHARS = 160


def _phrase(tok: Token) -> str:
    words = [t for t in tok.subtree]
    text = "".join(t.text_with_ws for t in words).strip().strip(",;:.\"“”'")
    if len(text) > MAX_OUTCOME_CHARS:
        text = text[:MAX_OUTCOME_CHARS].rsplit(" ", 1)[0]
    return text


def find_outcomes(sent: Span) -> list[tuple[str, int, int]]:
    """(outcome phrase, start char, end char) for each agreement in a sentence."""
    found = []
    for tok in with_lemma(sent, AGREE_WORDS):
        lemma = tok.lemma_.lower()
        comp = None
        if lemma in AGREE_VERBS and tok.pos_ == "VERB":
            comp = next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp")), None)
            if comp is None:
                comp = next((c for c in tok.children if c.dep_ == "prep"
                             and c.lower_ in ("on", "upon")), None)
            verb = "agreed" if lemma == "agree" else tok.text
        elif lemma in AGREE_NOUNS and tok.pos_ == "NOUN" and tok.head.lemma_ in (
                "reach", "strike", "forge", "achieve"):
            comp = next((c for c in tok.children if c.dep_ in ("acl", "relcl", "prep")), None)
            verb = "agreed"
        else:
            continue
        if comp is None:
            continue
        phrase = _phrase(comp)
        if len(phrase.split()) < 2:
            continue
        if not phrase.lower().startswith(("to ", "that ", "on ")):
            phrase = ("to " if comp.dep_ in ("xcomp", "acl") else "") + phrase
        sub = list(comp.subtree)
        # A parse may hang the complement before its verb: the span covers both, in order.
        start = min(tok.idx, sub[0].idx)
        end = max(tok.idx + len(tok.text), sub[-1].idx + len(sub[-1].text))
        found.append((f"{verb} {phrase}".strip(), start, end))
    return found
