"""Whose voice a sentence carries: the side whose readout it reports.

"Beijing described the conversation as ...", "said a US statement",
"according to a readout", "the Chinese side expressed", "Xinhua reported":
the subject of a reporting verb, the object of "according to", or a demonym
owning a statement noun decides the side. Tone words and topics in that
sentence are then credited to that side's readout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from parley.extract.lexicon import load, words
from parley.extract.parse import span_text, with_lemma
from parley.models import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def _mentions_in(mentions: Sequence[ActorMention], start: int, end: int) -> list[ActorMention]:
    return [m for m in mentions if m.start >= start and m.end <= end]


def has_unofficial_voice(sent: Span, mentions: Sequence[ActorMention]) -> bool:
    """True when the sentence quotes an analyst, company or other non-government voice."""
    report_verbs = words("attribution.json", "report_verbs")
    for tok in with_lemma(sent, report_verbs):
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass", "agent"):
                if non_official_head(child):
                    return True
                sub = list(child.subtree)
                s, e = sub[0].idx, sub[-1].idx + len(sub[-1].text)
                inside = _mentions_in(mentions, s, e)
                if inside and not inside[0].official:
                    return True
    return False


def non_official_head(tok: Token) -> bool:
    """An analyst, economist, executive...: a voice that is no side's readout."""
    if tok.dep_ == "agent":
        tok = next((c for c in tok.children if c.dep_ == "pobj"), tok)
    return tok.lemma_.lower() in words("attribution.json", "non_official_roles")


def speaker_side(sent: Span, mentions: Sequence[ActorMention],
                 demonyms: dict[str, str]) -> str | None:
    """Country code of the voice reporting this sentence, or None for the narrator."""
    report_verbs = words("attribution.json", "report_verbs")
    statement_nouns = words("attribution.json", "statement_nouns")
    text = span_text(sent)
    text_lower = text.lower()
    for phrase in load("attribution.json")["according_to"]:
        idx = text_lower.find(phrase)
        if idx >= 0:
            start = sent.start_char + idx + len(phrase)
            end = min(sent.end_char, start + 80)
            side = _side_of_span(text[start - sent.start_char:end - sent.start_char],
                                 start, mentions, demonyms)
            if side:
                return side
    for tok in with_lemma(sent, report_verbs):
        if tok.pos_ not in ("VERB", "AUX", "NOUN"):
            continue
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass", "agent", "poss"):
                if non_official_head(child):
                    return None  # "said an economist at a Beijing consultancy"
                if child.dep_ == "agent":
                    child = next((c for c in child.children if c.dep_ == "pobj"), child)
                core = _core_tokens(child)
                s, e = core[0].idx, core[-1].idx + len(core[-1].text)
                side = _side_of_span(text[s - sent.start_char:e - sent.start_char], s,
                                     mentions, demonyms)
                if side:
                    return side
    for tok in with_lemma(sent, statement_nouns):
        voice = tok.dep_ in ("nsubj", "nsubjpass") or (
            tok.dep_ == "pobj" and tok.head.lower_ in ("in", "by", "to"))
        if tok.pos_ == "NOUN" and voice:
            for child in tok.children:
                if child.dep_ in ("amod", "compound", "poss", "nmod"):
                    side = _side_of_span(child.text, child.idx, mentions, demonyms)
                    if side:
                        return side
    return None


def _core_tokens(head: Token) -> list[Token]:
    """A subject's head with the words that name it ("the Chinese commerce ministry",
    "China's Ministry of Commerce"), leaving out "at ..."/"of ..." attachments."""
    keep = [head]
    for child in head.children:
        if child.dep_ in ("compound", "amod", "poss", "det", "nmod", "flat", "appos"):
            keep.extend(child.subtree if child.dep_ in ("poss", "compound") else [child])
    return sorted(keep, key=lambda t: t.i)


def _side_of_span(text: str, offset: int, mentions: Sequence[ActorMention],
                  demonyms: dict[str, str]) -> str | None:
    inside = _mentions_in(mentions, offset, offset + len(text))
    if inside:
        # The first actor named is the voice; a company, analyst or think tank is no side.
        first = inside[0]
        return first.country if first.official else None
    for word in re.findall(r"[A-Za-z][A-Za-z.'’]*", text):
        code = demonyms.get(word.lower().rstrip("'’s").rstrip("."))
        if code:
            return code
        code = demonyms.get(word.lower())
        if code:
            return code
    return None


def sole_side(start: int, end: int, mentions: Sequence[ActorMention]) -> str | None:
    """The only country whose actors appear in [start, end), else None."""
    sides = {m.country for m in _mentions_in(mentions, start, end) if m.official and m.country}
    return sides.pop() if len(sides) == 1 else None
