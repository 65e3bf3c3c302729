"""Ingest through the pipeline: new articles stored, repeats counted, bad inputs reported."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.config import Settings
from parley.pipeline import ingest
from parley.store import Store

#: A made-up report long enough that a headline and a footer barely change its shingles.
TALKS_REPORT = (
    "Senior trade officials from both countries held a video call on Wednesday to review "
    "progress on the purchase commitments agreed last year, according to statements issued "
    "by the two commerce ministries after the session. The officials discussed tariffs on "
    "steel and aluminium, the pace of farm purchases and new reporting rules for chip "
    "exports, and said they would ask their working groups to prepare options before the "
    "next round. One side described the exchange as frank and practical, while the other "
    "said it had raised serious concerns about subsidies for state firms. Analysts said the "
    "tone suggested that neither government wanted the dispute to widen before the autumn "
    "summit, and that a further call between the lead negotiators was likely within weeks. "
    "Markets in both capitals rose modestly on the news, led by shipping and farm equipment "
    "companies that depend on cross-border orders."
)

PORT_REPORT = (
    "Port authorities reported a sharp rise in container traffic during the spring, driven "
    "by electronics and furniture shipments, and warned that storage yards were close to full."
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at a database in the test folder, without progress output."""
    return Settings(db=str(tmp_path / "parley.db"), progress=False)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """An empty store, closed after the test."""
    opened = Store(settings.db)
    yield opened
    opened.close()


@pytest.fixture
def two_articles(tmp_path: Path) -> Path:
    """A folder with two text articles, one dated by a 'date YYYY-MM-DD' header."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "talks.txt").write_text("date 2024-03-06\n" + TALKS_REPORT + "\n", encoding="utf-8")
    (folder / "ports.txt").write_text(PORT_REPORT + "\n", encoding="utf-8")
    return folder


def test_ingest_a_folder_stores_both_articles_and_reads_the_date_header(
        two_articles: Path, settings: Settings, store: Store) -> None:
    report = ingest([str(two_articles)], settings, store)
    assert (report.added, report.duplicates, report.errors) == (2, 0, [])
    assert not report.failed
    by_source = {Path(a.source).name: a for a in store.articles()}
    assert set(by_source) == {"talks.txt", "ports.txt"}
    talks = by_source["talks.txt"]
    assert (talks.published, talks.published_basis) == ("2024-03-06", "header")
    assert not talks.text.startswith("date")
    assert by_source["ports.txt"].published is None
    assert sorted(report.added_ids) == sorted(by_source[n].id for n in by_source)


def test_ingesting_again_adds_nothing_and_counts_duplicates(
        two_articles: Path, settings: Settings, store: Store) -> None:
    ingest([str(two_articles)], settings, store)
    again = ingest([str(two_articles)], settings, store)
    assert (again.added, again.duplicates, again.errors) == (0, 2, [])
    assert store.counts()["articles"] == 2


def test_a_near_duplicate_joins_the_original_group(
        two_articles: Path, tmp_path: Path, settings: Settings, store: Store) -> None:
    ingest([str(two_articles)], settings, store)
    copy = tmp_path / "syndicated.txt"
    copy.write_text("Trade officials review purchase pledges\n\n" + TALKS_REPORT
                    + "\n\nReporting by a staff writer; editing by the desk.\n", encoding="utf-8")
    report = ingest([str(copy)], settings, store)
    assert (report.added, report.near_duplicates) == (1, 1)
    groups = {Path(r["source"]).name: (r["id"], r["dup_group"]) for r in store.article_rows()}
    original_id, original_group = groups["talks.txt"]
    copy_id, copy_group = groups["syndicated.txt"]
    assert copy_id != original_id
    assert copy_group == original_group == original_id
    assert groups["ports.txt"][1] != original_group


def test_bad_inputs_are_reported_and_good_articles_still_stored(
        two_articles: Path, settings: Settings, store: Store) -> None:
    (two_articles / "scan.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    good = json.dumps({"text": PORT_REPORT.replace("spring", "winter"), "title": "Ports"})
    (two_articles / "dump.jsonl").write_text(good + '\n{"text": "The envoys met in', encoding="utf-8")
    seen: list[str] = []
    report = ingest([str(two_articles)], settings, store, on_error=seen.append)
    assert report.failed
    assert len(report.errors) == 2
    assert seen == report.errors
    assert any("scan.bin" in line for line in report.errors)
    assert any("dump.jsonl:2" in line for line in report.errors)
    assert report.added == 3
    assert store.counts()["articles"] == 3


@pytest.mark.slow
def test_an_article_that_breaks_extraction_is_reported_and_the_batch_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from parley.extract.article import Extractor
    from parley.pipeline import extract

    folder = tmp_path / "in"
    folder.mkdir()
    body = ("Vice Premier Liu He spoke by phone with Treasury Secretary Janet Yellen on "
            "Tuesday, and the two sides agreed to keep talking about tariffs.")
    (folder / "good.txt").write_text("date 2021-10-27\n" + body + "\n", encoding="utf-8")
    (folder / "bad.txt").write_text("date 2021-10-28\nBOOM. " + body + "\n", encoding="utf-8")
    settings = Settings(db=str(tmp_path / "p.db"), progress=False, workers=1)
    store = Store(settings.db)
    ingest([str(folder)], settings, store)

    real = Extractor.from_doc

    def explode(self: Extractor, article, doc):  # type: ignore[no-untyped-def]
        if "BOOM" in article.text:
            raise RuntimeError("parser fell over")
        return real(self, article, doc)

    monkeypatch.setattr(Extractor, "from_doc", explode)
    report = extract(store, settings)
    assert len(report.errors) == 1 and "parser fell over" in report.errors[0]
    assert report.articles == 2
    good = [e for e in store.extractions() if not e.error]
    assert len(good) == 1 and good[0].events, "the good article was still extracted"
    # The failed article is retried on the next run; the good one is not redone.
    monkeypatch.setattr(Extractor, "from_doc", real)
    again = extract(store, settings)
    assert again.articles == 1 and not again.errors


@pytest.mark.slow
def test_a_users_publication_date_redates_the_articles_events(tmp_path: Path) -> None:
    from parley.pipeline import extract, set_publication_date

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "undated.txt").write_text(
        "Vice Premier Liu He spoke by phone with Treasury Secretary Janet Yellen yesterday, "
        "and the two sides agreed to keep talking about tariffs.\n", encoding="utf-8")
    settings = Settings(db=str(tmp_path / "p.db"), progress=False, workers=1)
    store = Store(settings.db)
    ingest([str(folder)], settings, store)
    extract(store, settings)
    (article,) = store.articles()

    set_publication_date(store, settings, article.id[:8], "2021-10-27")

    stored = store.article(article.id)
    assert stored is not None and stored.published == "2021-10-27"
    assert stored.published_basis == "user"
    calls = [e for e in store.events() if e.type in ("call", "video_call")]
    assert calls and calls[0].date == "2021-10-26"
    assert "yesterday" in (calls[0].date_basis or "")


CALL = ("Vice Premier Liu He spoke by phone with Treasury Secretary Janet Yellen on Tuesday, "
        "and the two sides agreed to keep talking about tariffs.")
VISIT = ("Commerce Secretary Gina Raimondo met Commerce Minister Wang Wentao in Beijing on "
         "Monday and the two agreed to set up a working group on export controls.")
TALKS = ("Trade Representative Katherine Tai held a video call with Vice Premier Liu He on "
         "Wednesday to review the phase one deal, officials in both capitals said.")


def _three_articles(tmp_path: Path, *, dated: bool = True) -> tuple[Settings, Store]:
    """A store holding three engagement stories (call.txt, visit.txt, talks.txt)."""
    folder = tmp_path / "in"
    folder.mkdir(parents=True)
    for i, (name, body) in enumerate((("call", CALL), ("visit", VISIT), ("talks", TALKS))):
        header = f"date 2023-0{i + 3}-15\n" if dated else ""
        (folder / f"{name}.txt").write_text(header + body + "\n", encoding="utf-8")
    settings = Settings(db=str(tmp_path / "p.db"), progress=False, workers=1)
    store = Store(settings.db)
    assert ingest([str(folder)], settings, store).added == 3
    return settings, store


@pytest.mark.slow
def test_a_batch_that_fails_whole_is_redone_article_by_article(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while parsing (not only extracting) one article costs that article only."""
    from parley.extract.article import Extractor
    from parley.pipeline import extract

    settings, store = _three_articles(tmp_path)
    real = Extractor.extract

    def parse_fails(self: Extractor, articles, batch_size=16, **kw):  # type: ignore[no-untyped-def]
        if any("Raimondo" in a.text for a in articles):
            raise MemoryError("parser ran out of memory")
        return real(self, articles, batch_size, **kw)

    monkeypatch.setattr(Extractor, "extract", parse_fails)
    report = extract(store, settings)
    assert report.articles == 3
    (line,) = report.errors
    assert line.startswith(str(tmp_path / "in" / "visit.txt") + " (")
    assert "extraction failed: MemoryError: parser ran out of memory" in line
    good = {ex.article_id for ex in store.extractions() if not ex.error and ex.events}
    assert len(good) == 2
    assert report.fused >= 2, "the run went on to fuse the good articles' events"


@pytest.mark.slow
def test_a_failing_date_estimate_names_the_article_and_the_rest_are_dated(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from parley.fuse import pubdate
    from parley.pipeline import extract

    settings, store = _three_articles(tmp_path, dated=False)
    real = pubdate.estimate_publication

    def fragile(article, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "Raimondo" in article.text:
            raise ValueError("window ends before it starts")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(pubdate, "estimate_publication", fragile)
    report = extract(store, settings)
    (line,) = report.errors
    assert "visit.txt" in line and "date estimate failed: ValueError" in line
    dated = {a.source.rsplit("/", 1)[-1]: a.published_basis for a in store.articles()}
    assert dated["visit.txt"] is None
    assert dated["call.txt"] == dated["talks.txt"] == "estimated"


@pytest.mark.slow
def test_a_run_stopped_before_dating_dates_those_articles_next_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Extractions stored, then the process died before estimating: the next run dates
    them and ends with the events an uninterrupted run gives."""
    from parley import pipeline
    from parley.extract import dating

    def stopped(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("stopped before dating")

    whole_settings, whole = _three_articles(tmp_path / "whole", dated=False)
    pipeline.extract(whole, whole_settings)
    settings, store = _three_articles(tmp_path / "stopped", dated=False)
    with monkeypatch.context() as m:
        m.setattr(dating, "estimated_article", stopped)  # the extracting worker's dating
        m.setattr(pipeline, "estimate_dates", lambda *a, **k: 0)
        pipeline.extract(store, settings, fuse_after=False)
    assert all(a.published is None for a in store.articles())
    again = pipeline.extract(store, settings)
    assert again.articles == 0 and again.estimated == 3
    assert _event_keys(store) == _event_keys(whole)


def _event_keys(store: Store) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    return sorted((e.id, e.type, e.date, tuple(sorted(p.name for p in e.participants)))
                  for e in store.events())


@pytest.mark.slow
def test_a_fusion_failure_keeps_the_previous_events(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from parley.fuse import cluster, known
    from parley.pipeline import extract, fuse

    settings, store = _three_articles(tmp_path)
    extract(store, settings)
    before = _event_keys(store)
    assert before

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyError("block")

    monkeypatch.setattr(cluster, "fuse_events", broken)
    report = fuse(store, settings)
    assert report.errors == ["fusion failed, previous events kept: KeyError: 'block'"]
    assert _event_keys(store) == before
    monkeypatch.undo()

    real_link = known.link_known

    def link_fails(event, *args):  # type: ignore[no-untyped-def]
        if any("Raimondo" in p.name for p in event.participants):
            raise ValueError("bad engagement record")
        return real_link(event, *args)

    monkeypatch.setattr(known, "link_known", link_fails)
    report = fuse(store, settings)
    (line,) = report.errors
    assert "visit.txt" in line and "fusion failed: ValueError: bad engagement record" in line
    assert len(_event_keys(store)) == len(before) - 1


def test_known_engagements_can_be_switched_off_and_extended(tmp_path: Path) -> None:
    from parley.kb.engagements import load_engagements
    from parley.pipeline import known_engagements

    bundled = len(load_engagements())
    assert len(known_engagements(Settings())) == bundled
    assert known_engagements(Settings(known_engagements=False)) == []
    mine = tmp_path / "engagements.jsonl"
    mine.write_text(json.dumps({
        "id": "2030-02-03-example-call", "date": "2030-02-03", "end": None,
        "precision": "day", "type": "call", "participants": ["ann-example", "bo-sample"],
        "location": None, "title": "An example call", "keywords": [], "topics": []}) + "\n",
        encoding="utf-8")
    assert len(known_engagements(Settings(kb_files=(str(mine),)))) == bundled + 1


def _extracted_without_known_engagements(tmp_path: Path, texts: dict[str, str]) -> Store:
    """A store holding these written articles, extracted and fused with the
    known-engagements file off."""
    from parley.pipeline import extract

    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings(db=str(tmp_path / "p.db"), progress=False, workers=1,
                        known_engagements=False)
    store = Store(settings.db)
    ingest([str(folder)], settings, store)
    extract(store, settings)
    return store


def test_a_held_engagement_no_report_dates_is_not_placed_but_stays_a_mention(
        tmp_path: Path) -> None:
    from parley.serve.views import mention_rows

    store = _extracted_without_known_engagements(tmp_path, {
        "recalled.txt": "date 2023-03-15\nTrade Representative Katherine Tai held a video "
                        "call with Vice Premier Liu He on Wednesday. Analysts recalled that "
                        "Janet Yellen once met He Lifeng, without saying when.\n"})

    assert all(e.date for e in store.events() if e.status == "happened")
    (article,) = store.articles()
    extraction = store.extraction(article.id)
    assert extraction is not None
    rows = mention_rows(store, extraction.events)
    assert any(r["date"] is None and not r["event_id"] for r in rows)
    assert any(r["date"] == "2023-03-15" and r["event_id"] for r in rows)
    store.close()


@pytest.mark.slow
def test_gated_and_ungated_runs_store_the_same_events_and_dates(tmp_path: Path) -> None:
    """The sentence gate (default) and ``gate_sentences=False`` agree on these stories,
    undated ones included, which are dated by the extracting worker."""
    import dataclasses

    from parley import pipeline

    gated_settings, gated = _three_articles(tmp_path / "gated", dated=False)
    assert gated_settings.gate_sentences
    report = pipeline.extract(gated, gated_settings)
    settings, ungated = _three_articles(tmp_path / "ungated", dated=False)
    pipeline.extract(ungated, dataclasses.replace(settings, gate_sentences=False))
    assert report.estimated == 3
    assert _event_keys(gated) == _event_keys(ungated)
    assert sorted((a.id, a.published) for a in gated.articles()) == \
        sorted((a.id, a.published) for a in ungated.articles())


def test_an_undated_report_is_dated_by_the_engagement_dated_reports_place(
        tmp_path: Path) -> None:
    """Without the known-engagements file, an undated article naming the call two dated
    articles report is estimated from that call, and joins its event."""
    store = _extracted_without_known_engagements(tmp_path, {
        "first.txt": "date 2025-09-20\nPresident Donald Trump and President Xi Jinping spoke "
                     "by phone on Friday about soybeans and a deal on the video app.\n",
        "second.txt": "date 2025-09-22\nDonald Trump said his phone call with Xi Jinping on "
                      "Friday had been very productive, and that soybean sales were "
                      "discussed.\n",
        "undated.txt": "President Donald Trump and President Xi Jinping held a phone call on "
                       "Friday, talking about soybeans and the video app.\n"})

    undated = next(a for a in store.articles() if a.source.endswith("undated.txt"))
    assert undated.published_basis == "estimated"
    assert undated.published_window is not None
    # Within days of the call, not the years its people's offices allow.
    assert "2025-09-19" <= undated.published_window[0] <= undated.published_window[1] \
        <= "2025-09-30"
    calls = [e for e in store.events() if e.type == "call" and e.status == "happened"]
    assert [e.date for e in calls] == ["2025-09-19"]
    assert undated.id in calls[0].article_ids
    store.close()


def test_an_undated_mention_is_linked_to_the_engagement_other_reports_date(
        tmp_path: Path) -> None:
    """Without the known-engagements file, "when they spoke by phone", undated, is the
    latest call of those people that two dated reports place before publication."""
    store = _extracted_without_known_engagements(tmp_path, {
        "first.txt": "date 2025-09-20\nPresident Donald Trump and President Xi Jinping spoke "
                     "by phone on Friday about soybeans.\n",
        "second.txt": "date 2025-09-22\nDonald Trump said his phone call with Xi Jinping on "
                      "Friday had been very productive.\n",
        "later.txt": "date 2025-10-08\nTrade Representative Jamieson Greer met Vice Premier "
                     "He Lifeng in Madrid on Monday. When Donald Trump and Xi Jinping last "
                     "spoke by phone, both sides promised more trade.\n"})
    later = next(a for a in store.articles() if a.source.endswith("later.txt"))
    calls = [e for e in store.events() if e.type == "call" and e.status == "happened"]
    assert [e.date for e in calls] == ["2025-09-19"]
    assert later.id in calls[0].article_ids
    store.close()


#: Two dated reports of one call, with its particular words (the levy, the quotas).
LEVY_CALL = ("Treasury Secretary Janet Yellen and Vice Premier He Lifeng spoke by video "
             "call {day} about the lithium battery levy and the shrimp import "
             "quotas, and agreed to meet again.")
#: Dated reports of the same people's other engagements, about fishing and currency swaps.
FISHING = ("Treasury Secretary Janet Yellen met Vice Premier He Lifeng {day} to discuss "
           "Antarctic fishing rights, krill licences and currency swap lines.")


@pytest.mark.slow
def test_an_undated_report_is_dated_only_by_an_engagement_its_like_reports(
        tmp_path: Path) -> None:
    from parley.pipeline import extract

    folder = tmp_path / "in"
    folder.mkdir()
    for name, day, weekday in (("levy-1", "2024-02-15", "Wednesday"),
                               ("levy-2", "2024-02-16", "on February 14")):
        (folder / f"{name}.txt").write_text(
            f"date {day}\n{LEVY_CALL.format(day=weekday)}\n", encoding="utf-8")
    for i, weekday in enumerate(("on Monday", "on Tuesday", "on Thursday")):
        (folder / f"fishing-{i}.txt").write_text(
            f"date 2022-0{i + 4}-20\n{FISHING.format(day=weekday)}\n", encoding="utf-8")
    (folder / "alike.txt").write_text(
        "Janet Yellen and He Lifeng held a video call about the lithium battery levy and "
        "the shrimp import quotas, officials said.\n", encoding="utf-8")
    (folder / "unlike.txt").write_text(
        "Janet Yellen and He Lifeng held a video call about Antarctic fishing rights, krill "
        "licences and currency swap lines, officials said.\n", encoding="utf-8")
    settings = Settings(db=str(tmp_path / "p.db"), progress=False, workers=1,
                        known_engagements=False)
    store = Store(settings.db)
    ingest([str(folder)], settings, store)
    extract(store, settings)
    by_name = {Path(a.source).stem: a for a in store.articles()}
    alike, unlike = by_name["alike"], by_name["unlike"]
    assert "reported in the store" in (alike.published_evidence or "")
    assert alike.published_window and alike.published_window[0] == "2024-02-14"
    assert "reported in the store" not in (unlike.published_evidence or "")
    store.close()
