"""Deterministic synthetic news corpus for throughput benchmarks.

Articles are assembled from original templates in ``corpus_templates.json``:
one in ``on_topic_every`` is a US–China engagement story (officials with the
office they held on the event date, a weekday or calendar date, both sides'
readout wording, topics, amounts and tariff rates); the rest are local news of
similar length that a relevance filter should drop.  Article ``i`` depends only
on ``(seed, i)``, so corpora of different sizes share their prefix.

Usage::

    python benchmarks/corpus.py OUT_DIR -n 10000 --format jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

TEMPLATES_PATH = Path(__file__).with_name("corpus_templates.json")
FORMATS = ("txt", "jsonl")

#: Placeholders each kind of template may use; anything else is a data error.
ON_TOPIC_SLOTS = frozenset(
    {
        "us_name",
        "us_title",
        "us_short",
        "cn_name",
        "cn_title",
        "cn_short",
        "weekday",
        "event_day",
        "month_name",
        "year",
        "location",
        "engagement_noun",
        "cn_tone",
        "us_tone",
        "topic",
        "topic2",
        "topic3",
        "outcome",
        "outcome2",
        "amount",
        "amount2",
        "trade_total",
        "pct",
        "pct2",
        "goods",
    }
)
OFF_TOPIC_SLOTS = frozenset(
    {
        "town",
        "town2",
        "person",
        "person2",
        "team",
        "team2",
        "weekday",
        "number",
        "small_number",
        "score",
    }
)
ON_TOPIC_LISTS = (
    "titles",
    "paragraphs",
    "closings",
    "locations",
    "cn_tones",
    "us_tones",
    "topics",
    "outcomes",
    "goods",
    "amounts",
    "trade_totals",
    "percentages",
)
OFF_TOPIC_LISTS = ("towns", "people", "teams", "shared_paragraphs")
CATEGORY_LISTS = ("titles", "leads", "paragraphs")
TARGET_WORDS = (200, 400)
#: Longer on-topic stories (``words`` given) continue past the engagement paragraphs with
#: background ones (trade figures, markets, earlier disputes), as long reports do.
BACKGROUND_LIST = "background"


class CorpusTemplateError(ValueError):
    """The template file is missing a section or uses an unknown placeholder."""


@dataclass(frozen=True, slots=True)
class Era:
    """A span of dates in which the listed officials all held the given offices."""

    start: date
    end: date
    us: tuple[dict[str, str], ...]
    cn: tuple[dict[str, str], ...]


def _placeholders(template: str) -> set[str]:
    """Names of the ``{slot}`` fields in a template string."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _require_list(section: dict[str, Any], key: str, where: str) -> list[Any]:
    """Return ``section[key]`` if it is a non-empty list, else raise a clear error."""
    value = section.get(key)
    if not isinstance(value, list) or not value:
        raise CorpusTemplateError(f"{where}.{key} must be a non-empty list")
    return value


def _check_templates(templates: list[str], allowed: frozenset[str], where: str) -> None:
    """Raise if any template uses a placeholder outside ``allowed``."""
    for template in templates:
        unknown = _placeholders(template) - allowed
        if unknown:
            raise CorpusTemplateError(
                f"{where}: unknown placeholder(s) {sorted(unknown)} in {template!r}"
            )


def load_templates(path: Path = TEMPLATES_PATH) -> dict[str, Any]:
    """Load and validate the template file so generation never fails half-way."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CorpusTemplateError(f"cannot read corpus templates {path}: {exc}") from exc
    for outlet in _require_list(data, "outlets", "templates"):
        if not {"name", "domain"} <= set(outlet):
            raise CorpusTemplateError(f"outlet {outlet!r} needs 'name' and 'domain'")
    for index, era in enumerate(_require_list(data, "eras", "templates")):
        where = f"eras[{index}]"
        if date.fromisoformat(era["start"]) > date.fromisoformat(era["end"]):
            raise CorpusTemplateError(f"{where}: start is after end")
        for side in ("us", "cn"):
            for person in _require_list(era, side, where):
                if not {"name", "title", "short"} <= set(person):
                    raise CorpusTemplateError(
                        f"{where}.{side}: {person!r} needs name, title, short"
                    )
    on_topic = data.get("on_topic") or {}
    for key in ON_TOPIC_LISTS:
        _require_list(on_topic, key, "on_topic")
    for key in ("titles", "paragraphs", "closings"):
        _check_templates(on_topic[key], ON_TOPIC_SLOTS, f"on_topic.{key}")
    _check_templates(on_topic.get(BACKGROUND_LIST, []), ON_TOPIC_SLOTS, "on_topic.background")
    engagements = on_topic.get("engagements") or {}
    if not engagements:
        raise CorpusTemplateError("on_topic.engagements must not be empty")
    for kind, spec in engagements.items():
        if not isinstance(spec.get("noun"), str):
            raise CorpusTemplateError(f"on_topic.engagements.{kind}.noun must be a string")
        _check_templates(_require_list(spec, "leads", f"engagements.{kind}"), ON_TOPIC_SLOTS, kind)
    off_topic = data.get("off_topic") or {}
    for key in OFF_TOPIC_LISTS:
        _require_list(off_topic, key, "off_topic")
    _check_templates(off_topic["shared_paragraphs"], OFF_TOPIC_SLOTS, "off_topic.shared_paragraphs")
    if len(off_topic["teams"]) < 2:
        raise CorpusTemplateError("off_topic.teams needs at least two teams")
    categories = off_topic.get("categories") or {}
    if not categories:
        raise CorpusTemplateError("off_topic.categories must not be empty")
    for name, category in categories.items():
        for key in CATEGORY_LISTS:
            _check_templates(
                _require_list(category, key, f"categories.{name}"), OFF_TOPIC_SLOTS, f"{name}.{key}"
            )
    return data


def _eras(data: dict[str, Any]) -> list[Era]:
    """Turn the validated era records into typed spans."""
    return [
        Era(
            date.fromisoformat(e["start"]),
            date.fromisoformat(e["end"]),
            tuple(e["us"]),
            tuple(e["cn"]),
        )
        for e in data["eras"]
    ]


def _random_day(rng: random.Random, start: date, end: date) -> date:
    """A uniformly chosen day between ``start`` and ``end`` inclusive."""
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _slug(title: str) -> str:
    """URL path segment made from a title."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]


def _fill_to_length(
    rng: random.Random, lead: str, pool: list[str], slots: dict[str, str], closing: str,
    words_range: tuple[int, int] | None = None, extra: list[str] | None = None,
) -> str:
    """Join a lead, shuffled paragraphs and a closing, stopping at a random length in the word
    target; ``extra`` paragraphs (shuffled too) follow the pool's when it runs short."""
    paragraphs = [lead.format_map(slots)]
    words = len(paragraphs[0].split()) + len(closing.split())
    low, high = words_range or TARGET_WORDS
    target = rng.randint(low, high)
    ordered = rng.sample(pool, len(pool))
    if extra:
        ordered += rng.sample(extra, len(extra))
    for template in ordered:
        text = template.format_map(slots)
        if words >= low and words + len(text.split()) > target:
            break
        paragraphs.append(text)
        words += len(text.split())
    if closing:
        paragraphs.append(closing)
    return "\n\n".join(paragraphs)


def _on_topic(
    rng: random.Random, data: dict[str, Any], eras: list[Era], outlet: dict[str, str],
    words: tuple[int, int] | None = None,
) -> dict[str, str]:
    """One US–China engagement story with officials valid for its date."""
    spec = data["on_topic"]
    era = rng.choice(eras)
    event = _random_day(rng, era.start, era.end)
    published = event + timedelta(days=rng.choice((0, 1, 1, 2)))
    us, cn = rng.choice(era.us), rng.choice(era.cn)
    kind = rng.choice(sorted(spec["engagements"]))
    topics = rng.sample(spec["topics"], 3)
    outcomes = rng.sample(spec["outcomes"], 2)
    amounts = rng.sample(spec["amounts"], 2)
    rates = rng.sample(spec["percentages"], 2)
    slots = {
        "us_name": us["name"],
        "us_title": us["title"],
        "us_short": us["short"],
        "cn_name": cn["name"],
        "cn_title": cn["title"],
        "cn_short": cn["short"],
        "weekday": event.strftime("%A"),
        "event_day": f"{event.strftime('%B')} {event.day}",
        "month_name": event.strftime("%B"),
        "year": str(event.year),
        "location": rng.choice(spec["locations"]),
        "engagement_noun": spec["engagements"][kind]["noun"],
        "cn_tone": rng.choice(spec["cn_tones"]),
        "us_tone": rng.choice(spec["us_tones"]),
        "topic": topics[0],
        "topic2": topics[1],
        "topic3": topics[2],
        "outcome": outcomes[0],
        "outcome2": outcomes[1],
        "amount": amounts[0],
        "amount2": amounts[1],
        "trade_total": rng.choice(spec["trade_totals"]),
        "pct": rates[0],
        "pct2": rates[1],
        "goods": rng.choice(spec["goods"]),
    }
    title = rng.choice(spec["titles"]).format_map(slots)
    text = _fill_to_length(
        rng,
        rng.choice(spec["engagements"][kind]["leads"]),
        spec["paragraphs"],
        slots,
        rng.choice(spec["closings"]).format_map(slots),
        words,
        spec.get(BACKGROUND_LIST) if words else None,
    )
    return _record(text, title, outlet, published)


def _off_topic(rng: random.Random, data: dict[str, Any], outlet: dict[str, str]) -> dict[str, str]:
    """One local news story that mentions neither country."""
    spec = data["off_topic"]
    category = spec["categories"][rng.choice(sorted(spec["categories"]))]
    published = _random_day(rng, date(2017, 1, 1), date(2025, 12, 31))
    towns = rng.sample(spec["towns"], 2)
    people = rng.sample(spec["people"], 2)
    teams = rng.sample(spec["teams"], 2)
    slots = {
        "town": towns[0],
        "town2": towns[1],
        "person": people[0],
        "person2": people[1],
        "team": teams[0],
        "team2": teams[1],
        "weekday": published.strftime("%A"),
        "number": f"{rng.randrange(200, 20000):,}",
        "small_number": str(rng.randrange(3, 60)),
        "score": f"{rng.randrange(2, 5)}-{rng.randrange(0, 2)}",
    }
    title = rng.choice(category["titles"]).format_map(slots)
    pool = category["paragraphs"] + spec["shared_paragraphs"]
    text = _fill_to_length(rng, rng.choice(category["leads"]), pool, slots, "")
    return _record(text, title, outlet, published)


def _record(text: str, title: str, outlet: dict[str, str], published: date) -> dict[str, str]:
    """The article dict in the shape the JSONL/CSV ingesters read."""
    url = f"https://{outlet['domain']}/{published:%Y/%m/%d}/{_slug(title)}"
    return {
        "text": text,
        "title": title,
        "url": url,
        "published": published.isoformat(),
        "source": outlet["name"],
    }


def is_on_topic_index(index: int, on_topic_every: int) -> bool:
    """Whether article number ``index`` of a generated corpus is a US–China story."""
    return index % on_topic_every == 0


def generate_articles(n: int, *, on_topic_every: int = 10, seed: int = 0,
                      words: tuple[int, int] | None = None) -> Iterator[dict]:
    """Yield ``n`` article dicts; every ``on_topic_every``-th (from the first) is on topic.

    ``words`` (low, high) sets the length of on-topic stories (default 200–400 words,
    engagement paragraphs only); local news keeps its own length.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if on_topic_every < 1:
        raise ValueError(f"on_topic_every must be >= 1, got {on_topic_every}")
    data = load_templates()
    eras = _eras(data)
    for index in range(n):
        # A string seed is hashed with SHA-512 by `random`, so it is stable across runs and processes.
        rng = random.Random(f"parley-corpus:{seed}:{index}")
        outlet = rng.choice(data["outlets"])
        if is_on_topic_index(index, on_topic_every):
            record = _on_topic(rng, data, eras, outlet, words)
        else:
            record = _off_topic(rng, data, outlet)
        record["url"] = f"{record['url']}-{index}"
        yield record


def write_corpus(
    directory: Path, n: int, *, fmt: str = "txt", on_topic_every: int = 10, seed: int = 0
) -> list[Path]:
    """Write ``n`` generated articles under ``directory`` and return the files written.

    ``txt`` writes one file per article (``date`` header line, title, body);
    ``jsonl`` writes a single ``corpus.jsonl`` with one record per line.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, got {fmt!r}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    articles = generate_articles(n, on_topic_every=on_topic_every, seed=seed)
    if fmt == "jsonl":
        path = directory / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for article in articles:
                handle.write(json.dumps(article, ensure_ascii=False) + "\n")
        return [path]
    width = max(6, len(str(max(n - 1, 0))))
    paths: list[Path] = []
    for index, article in enumerate(articles):
        path = directory / f"article_{index:0{width}d}.txt"
        path.write_text(
            f"date {article['published']}\n{article['title']}\n\n{article['text']}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: write a corpus and print where it went."""
    parser = argparse.ArgumentParser(
        description="Write a synthetic news corpus for Parley benchmarks."
    )
    parser.add_argument("out_dir", type=Path, help="directory to write into (created if missing)")
    parser.add_argument("-n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--format", choices=FORMATS, default="txt", dest="fmt")
    parser.add_argument(
        "--on-topic-every", type=int, default=10, help="1 in N articles is on topic"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        paths = write_corpus(
            args.out_dir, args.n, fmt=args.fmt, on_topic_every=args.on_topic_every, seed=args.seed
        )
    except (ValueError, CorpusTemplateError) as exc:
        parser.error(str(exc))
    print(f"wrote {args.n} articles to {len(paths)} file(s) under {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
