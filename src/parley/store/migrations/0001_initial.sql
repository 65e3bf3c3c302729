-- Articles as ingested; text is the exact string every span offset indexes.
CREATE TABLE articles (
    id                  TEXT PRIMARY KEY,
    source              TEXT NOT NULL,
    title               TEXT,
    url                 TEXT,
    site                TEXT,
    format              TEXT NOT NULL,
    published           TEXT,
    published_precision TEXT,
    published_basis     TEXT,
    published_evidence  TEXT,
    window_start        TEXT,
    window_end          TEXT,
    dateline_place      TEXT,
    text                TEXT NOT NULL,
    meta                TEXT NOT NULL DEFAULT '{}',
    dup_group           TEXT NOT NULL,
    minhash             BLOB,
    ingested_at         TEXT NOT NULL
);
CREATE INDEX articles_dup_group ON articles (dup_group);
CREATE INDEX articles_published ON articles (published);

-- Every place an article was seen (the same text may arrive from several files or URLs).
CREATE TABLE article_sources (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    source      TEXT NOT NULL,
    seen_at     TEXT NOT NULL,
    PRIMARY KEY (article_id, source)
);

-- One extraction per article, tagged with the extractor version that made it.
CREATE TABLE extractions (
    article_id   TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    version      TEXT NOT NULL,
    relevant     INTEGER NOT NULL,
    data         TEXT NOT NULL,
    extracted_at TEXT NOT NULL
);

-- Fused events: one row per real-world engagement.
CREATE TABLE events (
    id             TEXT PRIMARY KEY,
    type           TEXT NOT NULL,
    status         TEXT NOT NULL,
    date           TEXT,
    date_precision TEXT,
    data           TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX events_date ON events (date);

-- Which per-article mention belongs to which fused event (keeps ids stable across runs).
CREATE TABLE event_members (
    mention_id  TEXT PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX event_members_event ON event_members (event_id);
