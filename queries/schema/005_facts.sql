-- Derived per-ticket facts the tier KPIs count: the stored result of ticket_facts_build
-- (queries/views/017_ticket_facts.sql, where every column is documented), rebuilt after every
-- load by queries/etl/sla.sql. Times are UTC.
CREATE TABLE IF NOT EXISTS ticket_facts (
    ticket_key           VARCHAR NOT NULL,
    source               VARCHAR NOT NULL,
    history              VARCHAR NOT NULL,
    status               VARCHAR NOT NULL,
    priority             VARCHAR,
    channel              VARCHAR,
    category             VARCHAR,
    created_at           TIMESTAMP NOT NULL,
    first_response_at    TIMESTAMP,
    first_resolved_at    TIMESTAMP,
    resolved_at          TIMESTAMP,
    closed_at            TIMESTAMP,
    ended_at             TIMESTAMP,
    replies_recorded     BOOLEAN NOT NULL,
    csat_score           DOUBLE,
    knowledge            BOOLEAN,
    source_made_sla      BOOLEAN,
    created_tier         VARCHAR,
    created_group        VARCHAR,
    created_vendor       VARCHAR,
    fr_stays             BIGINT NOT NULL,
    fr_entry_tier        VARCHAR,
    fr_entry_group       VARCHAR,
    fr_entry_vendor      VARCHAR,
    fr_entry_rank        INTEGER,
    fr_max_rank          INTEGER,
    fr_unranked          BOOLEAN,
    fr_tier              VARCHAR,
    fr_group             VARCHAR,
    fr_vendor            VARCHAR,
    res_tier             VARCHAR,
    res_group            VARCHAR,
    res_vendor           VARCHAR,
    res_entry_tier       VARCHAR,
    res_entry_group      VARCHAR,
    res_entry_vendor     VARCHAR,
    res_entry_rank       INTEGER,
    res_max_rank         INTEGER,
    res_unranked         BOOLEAN,
    res_hops             BIGINT NOT NULL,
    res_repeat           BOOLEAN,
    resp_tier            VARCHAR,
    resp_group           VARCHAR,
    resp_vendor          VARCHAR,
    end_tier             VARCHAR,
    end_group            VARCHAR,
    end_vendor           VARCHAR,
    all_entry_group      VARCHAR,
    all_entry_vendor     VARCHAR,
    all_max_rank         INTEGER,
    all_unranked         BOOLEAN,
    fr_agent_replies     BIGINT NOT NULL,
    fr_customer_replies  BIGINT NOT NULL,
    fr_one_agent         BOOLEAN,
    reopened_7d          BOOLEAN NOT NULL,
    recomputed_breached  BOOLEAN
);

-- Added within schema version 1 (queries/views/014_tier_stay_clock.sql, 015_ticket_clock.sql
-- document them): the first action after an escalation, business time in integer
-- microseconds, and the stay's outcome as flags a scan filters cheaply.
ALTER TABLE tier_stay_clock ADD COLUMN IF NOT EXISTS acted_at TIMESTAMP;
ALTER TABLE tier_stay_clock ADD COLUMN IF NOT EXISTS business_us BIGINT;
ALTER TABLE tier_stay_clock ADD COLUMN IF NOT EXISTS resolved_here BOOLEAN;
ALTER TABLE tier_stay_clock ADD COLUMN IF NOT EXISTS ola_met BOOLEAN;
ALTER TABLE ticket_clock ADD COLUMN IF NOT EXISTS response_business_us BIGINT;
ALTER TABLE ticket_clock ADD COLUMN IF NOT EXISTS resolution_clock_us BIGINT;

-- Derived: when each ticket was in the backlog and who held it (queries/views/018_backlog_spans.sql).
CREATE TABLE IF NOT EXISTS backlog_spans (
    ticket_key        VARCHAR NOT NULL,
    from_at           TIMESTAMP NOT NULL,  -- the span is (from_at, to_at]
    to_at             TIMESTAMP NOT NULL,  -- 'infinity' while the ticket is still open
    tier              VARCHAR,
    assignment_group  VARCHAR,
    vendor            VARCHAR,
    priority          VARCHAR,
    channel           VARCHAR,
    category          VARCHAR,
    source            VARCHAR NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    calendar          VARCHAR,
    days_before       BIGINT NOT NULL      -- business days of the calendar opened before creation
);

-- Derived: what each source records (queries/views/017_ticket_facts.sql, source_data_build).
CREATE TABLE IF NOT EXISTS source_data (
    source     VARCHAR NOT NULL,
    history    BOOLEAN NOT NULL,
    replies    BOOLEAN NOT NULL,
    csat       BOOLEAN NOT NULL,
    knowledge  BOOLEAN NOT NULL,
    response   BOOLEAN NOT NULL,
    groups     BOOLEAN              -- groups or tiers recorded (NULL in tables built before it)
);
ALTER TABLE source_data ADD COLUMN IF NOT EXISTS groups BOOLEAN;

-- Derived: SLA clocks in flight as spans of a period end T (queries/views/019_sla_spans.sql).
CREATE TABLE IF NOT EXISTS sla_spans (
    ticket_key        VARCHAR NOT NULL,
    kind              VARCHAR NOT NULL,
    cycle             INTEGER NOT NULL,
    target_minutes    INTEGER NOT NULL,
    calendar_no       BIGINT NOT NULL,
    priority          VARCHAR,
    channel           VARCHAR,
    category          VARCHAR,
    source            VARCHAR,
    running           BOOLEAN NOT NULL,  -- elapsed = base_us + (running: M(T) - m_start_us)
    base_us           BIGINT NOT NULL,
    m_start_us        BIGINT,
    lo                TIMESTAMP NOT NULL,  -- T in [lo, hi)
    hi                TIMESTAMP NOT NULL,
    tier              VARCHAR,
    assignment_group  VARCHAR,
    vendor            VARCHAR,
    day               DATE                 -- a UTC date the piece touches; NULL for pieces of 23 hours or more
);

-- Added within schema version 1: the ticket's agent (its assignee, or for an event export the
-- last agent its events name), for breakdowns by agent without a join.
ALTER TABLE ticket_facts ADD COLUMN IF NOT EXISTS agent VARCHAR;
ALTER TABLE sla_instances ADD COLUMN IF NOT EXISTS agent VARCHAR;
ALTER TABLE tier_stay_clock ADD COLUMN IF NOT EXISTS agent VARCHAR;
ALTER TABLE ticket_clock ADD COLUMN IF NOT EXISTS agent VARCHAR;
ALTER TABLE backlog_spans ADD COLUMN IF NOT EXISTS agent VARCHAR;
ALTER TABLE sla_spans ADD COLUMN IF NOT EXISTS agent VARCHAR;
