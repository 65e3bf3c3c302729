"""Article ids survive re-encoding, whitespace and quote-style changes but tell stories apart."""

from __future__ import annotations

import re

from parley.ingest.identity import article_id, make_article, normalise_text

STORY = ("The envoys’ “frank” talks — held on Monday — ended without a deal.\n\n"
         "Both sides will meet again.")


def test_id_is_sixteen_hex_characters():
    assert re.fullmatch(r"[0-9a-f]{16}", article_id(STORY))


def test_trailing_whitespace_and_line_endings_do_not_change_the_id():
    assert article_id(STORY) == article_id(STORY.replace("\n", "\r\n") + "  \n\t")


def test_quote_style_and_case_do_not_change_the_id():
    plain = STORY.replace("’", "'").replace("“", '"').replace("”", '"').replace("—", "-")
    assert article_id(plain.upper()) == article_id(STORY)


def test_compatibility_characters_normalise():
    assert normalise_text("ﬁnal\u00a0talks") == "final talks"


def test_different_stories_get_different_ids():
    assert article_id(STORY) != article_id(STORY.replace("Monday", "Tuesday"))


def test_make_article_derives_the_id_from_text():
    article = make_article(STORY, "story.txt", title="Talks end")
    assert article.id == article_id(STORY)
    assert article.source == "story.txt" and article.title == "Talks end"
