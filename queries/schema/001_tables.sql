-- tierlens warehouse schema, version 1.
-- All times are TIMESTAMP in UTC. Keys: ticket_key = source || ':' || number.
-- No PRIMARY KEY / UNIQUE constraints on the big tables (STYLE.md rule 4): the loader
-- dedupes in SQL and checks for duplicates after every load.

CREATE TABLE IF NOT EXISTS _meta (
    key   VARCHAR NOT NULL,
    value VARCHAR NOT NULL
);

-- One row per ticket: the newest known state (newest updated_at wins, row_hash breaks ties).
CREATE TABLE IF NOT EXISTS tickets (
    ticket_key          VARCHAR NOT NULL,
    source              VARCHAR NOT NULL,  -- source name (default: the profile name)
    number              VARCHAR NOT NULL,  -- the ticket number in the source system
    title               VARCHAR,
    created_at          TIMESTAMP NOT NULL,
    first_response_at   TIMESTAMP,
    first_resolved_at   TIMESTAMP,
    resolved_at         TIMESTAMP,         -- last resolution
    closed_at           TIMESTAMP,
    status              VARCHAR NOT NULL,  -- new, open, pending, resolved, closed, cancelled
    source_status       VARCHAR,
    priority            VARCHAR,           -- P1..P4, NULL when unknown
    source_priority     VARCHAR,
    category            VARCHAR,
    subcategory         VARCHAR,
    channel             VARCHAR,           -- phone, email, chat, portal, self-service, other
    requester           VARCHAR,
    assignee            VARCHAR,
    assignment_group    VARCHAR,
    tier                VARCHAR,           -- tier of assignment_group at the last update
    vendor              VARCHAR,
    reassignment_count  INTEGER,
    reopen_count        INTEGER,
    agent_replies       INTEGER,           -- NULL when the source does not record replies
    customer_replies    INTEGER,
    knowledge           BOOLEAN,
    csat_score          DOUBLE,            -- 1..5
    source_made_sla     BOOLEAN,           -- the source system's own SLA flag
    updated_at          TIMESTAMP NOT NULL,
    history             VARCHAR NOT NULL,  -- 'events' or 'flat'
    row_hash            UBIGINT NOT NULL,  -- content hash: the fixed tie-break between equal updated_at
    load_id             INTEGER NOT NULL
);

-- One row per change of a ticket.
CREATE TABLE IF NOT EXISTS ticket_events (
    ticket_key        VARCHAR NOT NULL,
    seq               INTEGER NOT NULL,   -- order within the ticket, from 1
    event_at          TIMESTAMP NOT NULL,
    kind              VARCHAR NOT NULL,   -- created, assigned, status, reply, reopened, resolved, closed, csat
    status            VARCHAR,            -- canonical status after the event
    source_status     VARCHAR,
    assignment_group  VARCHAR,            -- group holding the ticket after the event
    tier              VARCHAR,
    agent             VARCHAR,
    public            BOOLEAN,            -- replies: visible to the requester
    actor_role        VARCHAR,            -- agent, customer, system
    synthesized       BOOLEAN NOT NULL,   -- true when made up from a flat export
    load_id           INTEGER NOT NULL
);

-- Derived: who held the ticket when. Rebuilt for the tickets each load touches.
CREATE TABLE IF NOT EXISTS tier_intervals (
    ticket_key        VARCHAR NOT NULL,
    seq               INTEGER NOT NULL,
    tier              VARCHAR NOT NULL,   -- L0..L4 or 'unmapped'
    assignment_group  VARCHAR,
    vendor            VARCHAR,
    start_at          TIMESTAMP NOT NULL,
    end_at            TIMESTAMP,          -- NULL while the ticket is still held here
    entered_by        VARCHAR NOT NULL,   -- created, escalation, de-escalation, reassignment
    from_tier         VARCHAR,
    ended_by          VARCHAR             -- escalation, de-escalation, reassignment, resolved, cancelled; NULL while open
);

-- Derived: which status the ticket had when, and whether the SLA clock ran.
CREATE TABLE IF NOT EXISTS status_intervals (
    ticket_key     VARCHAR NOT NULL,
    seq            INTEGER NOT NULL,
    status         VARCHAR NOT NULL,
    source_status  VARCHAR,
    start_at       TIMESTAMP NOT NULL,
    end_at         TIMESTAMP,
    clock          VARCHAR NOT NULL,      -- running, paused, stopped
    pause_reason   VARCHAR
);

-- Bookkeeping: every file load that committed.
CREATE TABLE IF NOT EXISTS loads (
    load_id            INTEGER NOT NULL,
    file               VARCHAR NOT NULL,
    sha256             VARCHAR NOT NULL,
    bytes              BIGINT NOT NULL,
    profile            VARCHAR NOT NULL,
    source             VARCHAR NOT NULL,
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP NOT NULL,
    status             VARCHAR NOT NULL,  -- loaded
    records_read       BIGINT NOT NULL,   -- records DuckDB read
    records_counted    BIGINT NOT NULL,   -- independent count of records in the file
    records_loaded     BIGINT NOT NULL,
    records_rejected   BIGINT NOT NULL,
    tickets_new        BIGINT NOT NULL,
    tickets_updated    BIGINT NOT NULL,
    tickets_unchanged  BIGINT NOT NULL,
    events             BIGINT NOT NULL,
    tool_version       VARCHAR NOT NULL
);

-- Quarantined input: every record that could not be loaded, and why.
CREATE TABLE IF NOT EXISTS rejects (
    load_id   INTEGER NOT NULL,
    file      VARCHAR NOT NULL,
    line      BIGINT,
    "column"  VARCHAR,
    value     VARCHAR,
    reason    VARCHAR NOT NULL
);
