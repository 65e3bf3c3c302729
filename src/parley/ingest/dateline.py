"""Find a leading 'date YYYY-MM-DD' header, a news dateline and a headline in plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from parley.ingest.lexicon import ingest_data
from parley.models import Article

#: Lines of the body searched for a dateline (captions and bylines may come first).
DATELINE_LINES = 6
HEADLINE_MAX_CHARS = 200
HEADLINE_MAX_WORDS = 30

_HEADER = re.compile(r"^\s*date:?[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?", re.IGNORECASE)
_WORD = r"[A-Z][A-Za-z.'\u2019\-]*"
_DATELINE = re.compile(
    rf"(?P<place>{_WORD}(?:[ /]{_WORD}){{0,3}}(?:,[ ]?{_WORD}(?:[ ]{_WORD}){{0,2}})?)"
    r"(?:,?[ ]+(?P<date>"
    r"(?:(?P<month>[A-Za-z]{3,9})\.?[ ]+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<day2>\d{1,2})[ ]+(?P<month2>[A-Za-z]{3,9})\.?)"
    r"(?:,?[ ]+(?P<year>(?:19|20)\d{2}))?))?"
    r"(?:[ ]*(?:\((?P<agency>[A-Za-z][\w .&'\-]{0,30})\)|/(?P<wire>[A-Za-z][\w .&'\-]{0,30})/))?"
    r"[ \t]*(?P<sep>--|[\-\u2013\u2014\u2022|:])[ \t]+(?=\S)"
)
_DASHES = {"-", "--", "\u2013", "\u2014", "\u2022", "|"}
#: A press release's or wire's dateline may be a date alone ("July 19, 2017 (Agency) —",
#: "June 7 (Agency) —"): with no place to vouch for it, it needs a dash after it and its
#: year or its agency.
_DATE_ONLY = re.compile(
    r"(?P<date>(?P<month>[A-Za-z]{3,9})\.?[ ]+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?[ ]+(?P<year>(?:19|20)\d{2}))?)"
    r"(?:[ ]*\((?P<agency>[A-Za-z][\w .&'\-]{0,30})\))?"
    r"[ \t]*(?:--|[\-\u2013\u2014])[ \t]*(?=\S)"
)


#: A full date with its year, as a page's date line writes it ("November 10, 2017",
#: "Jul 21,2017", "16 November 2021", "18-Mar-2021", "2019/4/5", "2017-December-13",
#: "April 6, 2024US News" where the page ran two fields together).
_FULL_DATE = re.compile(
    r"(?P<m1>[A-Za-z]{3,9})\.?[ ]+(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:,[ ]*|[ ]+)"
    r"(?P<y1>(?:19|20)\d{2})(?!\d)"
    r"|\b(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:[ ]+|-)(?P<m2>[A-Za-z]{3,9})\.?(?:,?[ ]+|-)"
    r"(?P<y2>(?:19|20)\d{2})(?!\d)"
    r"|\b(?P<y3>(?:19|20)\d{2})[-/.](?P<m3>\d{1,2})[-/.](?P<d3>\d{1,2})\b"
    r"|\b(?P<y5>(?:19|20)\d{2})-(?P<m5>[A-Za-z]{3,9})-(?P<d5>\d{1,2})\b"
    r"|\b(?P<a4>\d{1,2})[/.](?P<b4>\d{1,2})[/.](?P<y4>(?:19|20)\d{2})\b")
#: A byline before the date ("By Evan Symon, November 15, 2023", "By Thomson Reuters
#: Apr 26, 2024"): the names are the writer's, not other words of the line.
_BYLINE = re.compile(r"\s*By\s+(?:(?:[A-Z][\w.'\u2019\-]*|and)(?:\s+|\s*,\s*|$))+")
#: What separates the fields of a page's byline bar ("Xinhua | 2019-09-05 | Editor: ...").
_SEPARATORS = re.compile(r"\s[|\u2022\u00b7]\s|\|")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\b")
#: A date line is short, and holds little besides its date and the words of
#: ``date_line_words``: at most this many others (an agency's name, a city).
DATE_LINE_MAX_CHARS = 80
DATE_LINE_OTHER_WORDS = 2
#: Opening lines searched for a date line (menus and captions may come first).
DATE_LINE_LINES = 12
#: Words on one line from which the article's paragraphs have begun.
PARAGRAPH_WORDS = 40


@dataclass(slots=True)
class DateLine:
    """A line near the top that holds the page's date and little else."""

    date: str
    evidence: str
    #: The date labels a revision ("Updated ..."), not the first publication.
    revised: bool = False


@dataclass(slots=True)
class Header:
    """A leading 'date YYYY-MM-DD' line and the text that follows it."""

    date: str
    evidence: str
    body: str


@dataclass(slots=True)
class Dateline:
    """A dateline such as 'BEIJING, Oct 26 (Reuters) -' and what it says."""

    place: str
    evidence: str
    start: int
    month: int | None = None
    day: int | None = None
    year: int | None = None
    agency: str | None = None

    def iso_date(self, year_hint: int | None = None) -> str | None:
        """The dateline's day as ISO, using year_hint when the dateline gives no year."""
        year = self.year or year_hint
        if not (year and self.month and self.day):
            return None
        try:
            return date(year, self.month, self.day).isoformat()
        except ValueError:
            return None

    def month_day(self) -> str | None:
        """ISO 8601 yearless date ('--10-26') when month and day are known."""
        if self.month and self.day:
            return f"--{self.month:02d}-{self.day:02d}"
        return None


def split_header(text: str) -> Header | None:
    """Split off a leading 'date YYYY-MM-DD' header if it holds a real date."""
    match = _HEADER.match(text)
    if not match:
        return None
    try:
        value = date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None
    evidence = " ".join(match.group(0).split()).replace("date:", "date")
    return Header(date=value, evidence=evidence, body=text[match.end():].lstrip())


def _month_number(token: str | None) -> int | None:
    """Month number for a month name or abbreviation, else None."""
    if not token:
        return None
    return ingest_data().months.get(token.lower().rstrip("."))


def _dateline_at(line: str, offset: int) -> Dateline | None:
    """The dateline at the very start of one line, if it reads as one."""
    match = _DATELINE.match(line)
    if not match:
        return _date_only_at(line, offset)
    place = match.group("place").strip(" ,")
    words = place.replace(",", " ").replace("/", " ").split()
    data = ingest_data()
    if words[0].lower().strip(".") in data.dateline_stopwords:
        return None
    month = _month_number(match.group("month") or match.group("month2"))
    if match.group("date") and month is None:
        return None
    if any(_month_number(w) for w in words[1:]) and not match.group("date"):
        return None
    day_text = match.group("day") or match.group("day2")
    letters = [c for c in place if c.isalpha()]
    all_caps = len(letters) >= 3 and all(c.isupper() for c in letters)
    agency = match.group("agency") or match.group("wire")
    rest = line[match.end():]
    # Mixed-case places ('Beijing, China -') need a dash and a paragraph after it.
    loose = match.group("sep") not in _DASHES or len(words) > 4 or len(rest) < 40
    if loose and not (all_caps or match.group("date") or agency):
        return None
    return Dateline(
        place=place,
        evidence=line[:match.end()].strip(),
        start=offset,
        month=month,
        day=int(day_text) if day_text else None,
        year=int(match.group("year")) if match.group("year") else None,
        agency=agency,
    )


def _date_only_at(line: str, offset: int) -> Dateline | None:
    """A dateline that is a full date with no place ("July 19, 2017 (Agency) —")."""
    match = _DATE_ONLY.match(line)
    month = _month_number(match.group("month")) if match else None
    if match is None or month is None or not (match.group("year") or match.group("agency")):
        return None
    year = match.group("year")
    return Dateline(place="", evidence=line[:match.end()].strip(), start=offset, month=month,
                    day=int(match.group("day")), year=int(year) if year else None,
                    agency=match.group("agency"))


def find_dateline(text: str, skip_first_line: bool = False) -> Dateline | None:
    """The first dateline at the start of one of the opening lines of text."""
    offset = 0
    seen = 0
    for line in text.split("\n"):
        if line.strip():
            if not (skip_first_line and seen == 0):
                found = _dateline_at(line.lstrip(), offset + len(line) - len(line.lstrip()))
                if found:
                    return found
            seen += 1
            if seen > DATELINE_LINES:
                break
        offset += len(line) + 1
    return None


def date_line_of(line: str) -> DateLine | None:
    """The day of a line that is only a date with its labels ("Updated: September 5, 2019
    10:36", "Friday, April 05, 2019", "This story is from July 29, 2022")."""
    line = line.strip()
    if not line or len(line) > DATE_LINE_MAX_CHARS * 2:
        return None
    # "Source: Xinhua | 2019-09-05 10:36:12 | Editor: huaxia": a bar of page fields, one of
    # which is the date (a line without bars is one field).
    revised = None
    for part in _SEPARATORS.split(line):
        found = _date_alone(part.strip())
        if found is not None and not _updated(part):
            return DateLine(date=found, evidence=line)
        revised = revised or found
    return DateLine(date=revised, evidence=line, revised=True) if revised else None


def _date_alone(line: str) -> str | None:
    """The ISO day of a short text that is a date and its labels, else None."""
    if not line or len(line) > DATE_LINE_MAX_CHARS:
        return None
    match = _FULL_DATE.search(line)
    if match is None:
        return None
    groups = match.groupdict()
    if groups["y3"]:
        month: int | None = int(groups["m3"])
        day, year = int(groups["d3"]), int(groups["y3"])
    elif groups["y4"]:
        # "25/06/2019" and "06/25/2019" say which number is the day; "05/06/2019" does not.
        first, second = int(groups["a4"]), int(groups["b4"])
        if (first > 12) == (second > 12):
            return None
        day, month = (first, second) if first > 12 else (second, first)
        year = int(groups["y4"])
    else:
        month = _month_number(groups["m1"] or groups["m2"] or groups["m5"])
        day = int(groups["d1"] or groups["d2"] or groups["d5"])
        year = int(groups["y1"] or groups["y2"] or groups["y5"])
    if month is None:
        return None
    try:
        value = date(year, month, day).isoformat()
    except ValueError:
        return None
    before = line[:match.start()]
    if _BYLINE.fullmatch(before):
        before = ""
    rest = _CLOCK.sub(" ", before + " " + line[match.end():])
    known = ingest_data().date_line_words
    others = [w for w in re.findall(r"[A-Za-z]+", rest) if w.lower() not in known]
    return None if len(others) > DATE_LINE_OTHER_WORDS else value


#: An ISO day behind a field label at the very start ("date 2023-11-16 US President ...").
_LEADING_FIELD = re.compile(
    r"\A\s*(?P<label>[A-Za-z]+):?[ \t]+(?P<day>(?:19|20)\d{2}-\d{2}-\d{2})(?=\s|\Z)")


def leading_date_field(text: str) -> DateLine | None:
    """A page's date field copied before its text, often glued to the first paragraph."""
    match = _LEADING_FIELD.match(text)
    if match is None or match.group("label").lower() not in ingest_data().date_field_labels:
        return None
    try:
        value = date.fromisoformat(match.group("day")).isoformat()
    except ValueError:
        return None
    return DateLine(date=value, evidence=match.group(0).strip())


def find_date_line(text: str) -> DateLine | None:
    """The first date line among the opening lines, before the paragraphs begin: pages
    copied as text keep their date there, above or below the headline, or as a labelled
    field before the first words."""
    field = leading_date_field(text)
    if field is not None:
        return field
    seen = 0
    updated: DateLine | None = None
    for line in text.split("\n"):
        if not line.strip():
            continue
        if len(line.split()) >= PARAGRAPH_WORDS or seen >= DATE_LINE_LINES:
            break
        found = date_line_of(line)
        if found is not None and not found.revised:
            return found
        # "Updated April 26 ... Published April 25": the page was first published on the
        # day the later line gives.
        updated = updated or found
        seen += 1
    return updated


def _updated(line: str) -> bool:
    """The date line labels a revision ("Updated ...", "Last modified ...")."""
    words = re.findall(r"[a-z]+", line.lower())[:2]
    return bool(set(words) & ingest_data().update_labels)


def find_headline(text: str) -> str | None:
    """The first line when it reads as a headline: short, unpunctuated, followed by more text."""
    stripped = text.lstrip()
    field = leading_date_field(stripped)
    if field is not None:  # "date 2025-06-05 Trump says call with Xi went well"
        stripped = stripped[len(field.evidence):].lstrip()
    first, _, rest = stripped.partition("\n")
    while date_line_of(first) is not None and rest.strip():
        # "Friday, April 05, 2019" above the headline: the page's date, not its title.
        first, _, rest = rest.lstrip().partition("\n")
    title = first.strip().lstrip("#").strip()
    if not rest.strip() or not title:
        return None
    if len(title) > HEADLINE_MAX_CHARS or not 2 <= len(title.split()) <= HEADLINE_MAX_WORDS:
        return None
    if title.rstrip("\"'\u201d\u2019")[-1:] in (".", ",", ";", ":"):
        return None
    if not any(c.isalpha() for c in title):
        return None
    if _dateline_at(first.strip(), 0):
        return None
    return title


#: How far into the text a dateline ("WASHINGTON, Oct 11 (Reuters) -") may sit.
DATELINE_REACH = 400


def in_dateline(article: Article, offset: int) -> bool:
    """True inside the article's dateline or date line (``meta``, see ``ingest.text``):
    their date is the report's, not an event's, and their place where it was filed."""
    if offset > DATELINE_REACH:
        return False
    for key in ("dateline", "date_line"):
        line = str(article.meta.get(key) or "")
        at = article.text.find(line, 0, DATELINE_REACH + len(line)) if line else -1
        if at >= 0 and at <= offset < at + len(line):
            return True
    return False
