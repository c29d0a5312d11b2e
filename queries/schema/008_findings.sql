-- Data-quality findings a load makes, with their evidence (schema version 1, added in place):
-- a file and line, or a ticket. Checks that the tickets themselves show are views
-- (data_quality in queries/views/002_status.sql); these are what only the load could see.
CREATE TABLE IF NOT EXISTS findings (
    load_id     INTEGER NOT NULL,
    source      VARCHAR NOT NULL,
    file        VARCHAR NOT NULL,
    finding     VARCHAR NOT NULL,   -- what was found, the same text for every case
    line        BIGINT,             -- the file line, when the case is a line
    ticket_key  VARCHAR,            -- the ticket, when the case is a ticket
    detail      VARCHAR
);
