-- Small key/value facts about the store: how often events were rewritten, which
-- state the event index reflects.
CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO store_meta (key, value) VALUES ('events_generation', '0');

-- A user's corrections, kept apart from extracted data so that re-extraction
-- and re-fusion never overwrite them.  ``members`` holds the mention ids the
-- event had when it was corrected, to follow it if fusion ever renames it.
CREATE TABLE corrections (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    target      TEXT NOT NULL CHECK (target IN ('article', 'event')),
    target_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT NOT NULL,
    previous    TEXT,
    note        TEXT,
    members     TEXT NOT NULL DEFAULT '[]',
    created_at  TEXT NOT NULL
);
CREATE INDEX corrections_target ON corrections (target, target_id, id);

-- The event index: one row per fused event as users see it (corrections applied,
-- offices resolved), with the columns the dashboard and the API filter on; ``summary``
-- is the few fields the relationship index and the issue ledger need.
CREATE TABLE event_index (
    id          TEXT PRIMARY KEY,
    sort_key    TEXT NOT NULL,
    date_first  TEXT,
    date_last   TEXT,
    type        TEXT NOT NULL,
    status      TEXT NOT NULL,
    main        INTEGER NOT NULL,
    confidence  REAL NOT NULL,
    n_sources   INTEGER NOT NULL,
    no_country  INTEGER NOT NULL,
    countries   TEXT NOT NULL,
    topics      TEXT NOT NULL,
    record      TEXT NOT NULL,
    summary     TEXT NOT NULL
);
-- Lists walk this index in date order and test every filter on it without reading rows;
-- countries and topics are also kept as '|USA|CHN|' strings for that reason.
CREATE INDEX event_index_order ON event_index (sort_key, id, date_last, date_first, type, status,
                                               main, confidence, countries, topics);
CREATE TABLE event_index_people (
    event_id  TEXT NOT NULL,
    person    TEXT NOT NULL,
    name      TEXT NOT NULL,
    country   TEXT,
    role      TEXT,
    PRIMARY KEY (person, event_id)
) WITHOUT ROWID;
CREATE INDEX event_index_people_event ON event_index_people (event_id);
CREATE INDEX event_index_people_name ON event_index_people (name COLLATE NOCASE);
CREATE TABLE event_index_countries (
    event_id  TEXT NOT NULL,
    country   TEXT NOT NULL,
    PRIMARY KEY (country, event_id)
) WITHOUT ROWID;
CREATE INDEX event_index_countries_event ON event_index_countries (event_id);
CREATE TABLE event_index_topics (
    event_id  TEXT NOT NULL,
    topic     TEXT NOT NULL,
    PRIMARY KEY (topic, event_id)
) WITHOUT ROWID;
CREATE INDEX event_index_topics_event ON event_index_topics (event_id);
CREATE TABLE event_index_articles (
    event_id    TEXT NOT NULL,
    article_id  TEXT NOT NULL,
    PRIMARY KEY (article_id, event_id)
) WITHOUT ROWID;
CREATE INDEX event_index_articles_event ON event_index_articles (event_id);

-- Full-text search: events by their sources' titles, evidence sentences, people and
-- places; articles by title and text (kept in step with the articles table by triggers).
CREATE VIRTUAL TABLE event_fts USING fts5 (
    event_id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE article_fts USING fts5 (
    title, text, content = 'articles', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO article_fts (article_fts) VALUES ('rebuild');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN INSERT INTO article_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text); END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN INSERT INTO article_fts (article_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN INSERT INTO article_fts (article_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); INSERT INTO article_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text); END;
