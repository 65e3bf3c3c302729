"""The evidence that a candidate mention names a real engagement.

Each candidate event carries a small dictionary of named, explicit pieces of
evidence (does it name people of both sides, does a date belong to it, is its
trigger hedged...).  Nothing here decides: ``parley.fuse.confidence``
weighs the evidence with weights fitted on annotated articles, so a rule never
has to be tuned by hand against another rule.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from parley.extract.lexicon import phrases, words

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from parley.models import ActorMention

#: Evidence names, in the order the confidence model lists its weights.
FEATURES = (
    "both_sides",          # identified participants of both countries of the pair
    "one_side",            # participants of exactly one side
    "counterpart",         # "the two sides", "his Chinese counterpart", "bilateral"...
    "people",              # log(1 + participants the knowledge base knows)
    "unresolved_people",   # participants with no country
    "strong_trigger",      # the trigger word names an engagement outright ("met", "phone call")
    "verb_trigger",        # the trigger is a verb ("spoke", "visited")
    "generic_plural",      # "calls", "talks" with no determiner: engagements in general
    "own_date",            # a time expression the parse ties to the trigger dates it
    "statement_date",      # dated only by the day a statement about it was made
    "day_precision",       # the date is a day
    "coarse_date",         # the date is a month or a year
    "hedged",              # conditional, speculative or modal wording around the trigger
    "lede",                # first named in the headline or the first sentences
    "sentences",           # log(1 + sentences that report it)
    "location",            # a place is named for it
    "main",                # the article's headline engagement
    "date_from_publication",  # undated in the text; dated by the publication day
    "named",               # the engagement is named by its place or name ("the Geneva talks")
    "bilateral_context",   # its sentence, or the two before, speak of both sides
)


def _lemma_set(tokens: Iterable[Token]) -> set[str]:
    return {t.lower_ for t in tokens} | {t.lemma_.lower() for t in tokens}


def trigger_clause(head: Token) -> list[Token]:
    """The trigger, the verbs above it (up to the clause root) and their direct modifiers."""
    tokens = [head, *head.children]
    node = head
    for _ in range(3):
        if node.head.i == node.i:
            break
        node = node.head
        tokens.append(node)
        tokens.extend(c for c in node.children
                      if c.dep_ in ("aux", "auxpass", "neg", "advmod", "mark", "det"))
        if node.pos_ in ("VERB", "AUX") and node.dep_ in ("ROOT", "ccomp", "advcl"):
            break
    return tokens


def is_hedged(head: Token) -> bool:
    """Conditional, speculative or modal wording in the trigger's clause."""
    return bool(_lemma_set(trigger_clause(head)) & words("status.json", "hedge_words"))


def has_counterpart(sentence: SpacySpan, cues: Iterable[str]) -> bool:
    """A phrase naming the other side without naming a person."""
    return phrases([*cues, *words("actors.json", "counterpart_words")]).search(
        sentence.text.lower()) is not None


def is_named(head: Token) -> bool:
    """"the Geneva talks", "the Mar-a-Lago summit", "the phase one signing": a proper
    name or a place modifies the trigger, so the text means one particular engagement."""
    return any(c.dep_ in ("compound", "amod", "nmod", "poss") and (
        c.ent_type_ in ("GPE", "LOC", "FAC", "EVENT", "ORG") or c.pos_ == "PROPN"
        or c.lower_ in ("phase", "one"))
        for c in head.children)


#: A mark (no weight of the confidence model) on a mention whose type is only the
#: host's ("first time since November"): a known engagement may say which it was.
TYPE_INFERRED = "type_inferred"
#: The mark of a mention that only recalls a known engagement by its name
#: (``parley.fuse.recall``): its type is the file's, not a word of the text.
KNOWN_REFERENCE = "known_reference"
#: The mark (no weight) of a headline engagement that names one side only, dated by the
#: publication day: a guess the known-engagements file must confirm, or it is undated.
ONE_SIDED_HEADLINE = "one_sided_headline"


def mention_evidence(*, participants: Iterable[ActorMention], pair: tuple[str, ...],
                     head: Token, sentence: SpacySpan, bilateral_cues: Iterable[str],
                     date_precision: str | None, date_kind: str, first_sentence: int,
                     n_sentences: int, location: str | None,
                     bilateral: bool = False, named_by_place: bool = False) -> dict[str, float]:
    """Every extraction-time piece of evidence for one candidate (see ``FEATURES``)."""
    people = list(participants)
    sides = {m.country for m in people if m.country in pair}
    known = sum(1 for m in people if m.actor_id)
    strong = head.lemma_.lower() in words("triggers.json", "strong_trigger_lemmas") or \
        head.lower_ in words("triggers.json", "strong_trigger_lemmas")
    plural = head.tag_ in ("NNS", "NNPS") and not any(
        c.dep_ in ("det", "poss", "nummod") for c in head.children)
    return {
        "both_sides": float(len(sides) >= 2),
        "one_side": float(len(sides) == 1),
        "counterpart": float(has_counterpart(sentence, bilateral_cues)),
        "people": math.log1p(known),
        "unresolved_people": float(any(not m.country for m in people)),
        "strong_trigger": float(strong),
        "verb_trigger": float(head.pos_ in ("VERB", "AUX")),
        "generic_plural": float(plural),
        "own_date": float(date_kind == "own"),
        "statement_date": float(date_kind == "statement"),
        "day_precision": float(date_precision == "day"),
        "coarse_date": float(date_precision in ("month", "year", "week")),
        "hedged": float(is_hedged(head)),
        "lede": float(first_sentence < 3),
        "sentences": math.log1p(n_sentences),
        "location": float(bool(location)),
        "named": float(named_by_place or is_named(head)),
        "bilateral_context": float(bilateral),
    }
