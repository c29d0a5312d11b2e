-- Configuration tables, rewritten from tierlens.yaml (or the embedded defaults) on every load,
-- so analysts can join against exactly the settings the numbers were computed with.

CREATE TABLE IF NOT EXISTS tiers (
    tier               VARCHAR NOT NULL,  -- L0..L4 (or the configured ids)
    label              VARCHAR NOT NULL,
    rank               INTEGER NOT NULL,  -- escalation goes to a higher rank
    time_limit_minutes INTEGER,           -- business minutes before an interval counts as a time-limit breach
    ola_minutes        INTEGER            -- operational level target for an interval in this tier
);

CREATE TABLE IF NOT EXISTS tier_map (
    position  INTEGER NOT NULL,           -- first match wins
    pattern   VARCHAR NOT NULL,
    match     VARCHAR NOT NULL,           -- exact, glob, regex
    tier      VARCHAR NOT NULL,
    vendor    BOOLEAN NOT NULL,
    source    VARCHAR                     -- NULL: every source
);

-- Every assignment group seen, with the tier the map gave it ('unmapped' when none matched).
CREATE TABLE IF NOT EXISTS group_tiers (
    source            VARCHAR NOT NULL,
    assignment_group  VARCHAR NOT NULL,
    tier              VARCHAR NOT NULL,
    vendor            VARCHAR,            -- vendor name for L4 groups
    rule              VARCHAR             -- the pattern that matched
);

CREATE TABLE IF NOT EXISTS calendars (
    calendar   VARCHAR NOT NULL,
    time_zone  VARCHAR NOT NULL,
    weekday    INTEGER NOT NULL,          -- ISO: 1 = Monday .. 7 = Sunday
    start_time TIME NOT NULL,
    end_time   TIME NOT NULL
);

CREATE TABLE IF NOT EXISTS holidays (
    calendar  VARCHAR NOT NULL,
    day       DATE NOT NULL,
    name      VARCHAR
);

CREATE TABLE IF NOT EXISTS sla_policies (
    policy              VARCHAR NOT NULL,
    position            INTEGER NOT NULL, -- first match wins
    priority            VARCHAR,          -- NULL matches any
    tier                VARCHAR,
    channel             VARCHAR,
    vendor              VARCHAR,
    calendar            VARCHAR NOT NULL,
    response_minutes    INTEGER,
    resolution_minutes  INTEGER,
    pause_statuses      VARCHAR[],        -- canonical or source statuses that stop the clock
    reopen              VARCHAR NOT NULL  -- 'restart' or 'continue'
);

CREATE TABLE IF NOT EXISTS targets (
    metric  VARCHAR NOT NULL,
    tier    VARCHAR,                      -- NULL: every tier
    value   DOUBLE NOT NULL
);
