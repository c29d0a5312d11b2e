-- Derived SLA tables: business calendars as instants, the SLA clock, SLA instances, tier stays
-- against their OLA, per-ticket business times. Each is the stored result of a *_build view
-- in queries/views (011-015, where every column is documented), rebuilt after every load by
-- queries/etl/sla.sql, so KPIs and `tierlens explain` read them at the cost of a scan.
-- Times are UTC; *_us are exact integer microseconds.

CREATE TABLE IF NOT EXISTS calendar_windows (
    calendar       VARCHAR NOT NULL,
    day            DATE NOT NULL,        -- the calendar's local day
    start_at       TIMESTAMP NOT NULL,   -- the window, as UTC instants
    end_at         TIMESTAMP NOT NULL,
    minutes        DOUBLE NOT NULL,
    cum_before     DOUBLE NOT NULL,      -- the calendar's business minutes before the window
    duration_us    BIGINT NOT NULL,
    cum_before_us  BIGINT NOT NULL,
    calendar_no    BIGINT NOT NULL,
    start_key      BIGINT NOT NULL,      -- calendar_key(calendar_no, epoch_us(start_at))
    cum_key        BIGINT NOT NULL       -- calendar_key(calendar_no, cum_before_us)
);

CREATE TABLE IF NOT EXISTS sla_clock (
    ticket_key             VARCHAR NOT NULL,
    seq                    INTEGER NOT NULL,  -- status_intervals.seq
    status                 VARCHAR NOT NULL,
    start_at               TIMESTAMP NOT NULL,
    end_at                 TIMESTAMP,
    status_clock           VARCHAR NOT NULL,  -- status_intervals.clock
    clock                  VARCHAR NOT NULL,  -- running, paused, stopped under the ticket's policy
    vendor_wait            BOOLEAN NOT NULL,
    cycle                  INTEGER NOT NULL,
    has_policy             BOOLEAN NOT NULL,
    calendar_no            BIGINT,
    m_start_us             BIGINT NOT NULL,
    business_us            BIGINT NOT NULL,
    run_before_us          BIGINT NOT NULL,
    run_after_us           BIGINT NOT NULL,
    paused_before_us       BIGINT NOT NULL,
    paused_after_us        BIGINT NOT NULL,
    vendor_wait_before_us  BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS sla_instances (
    ticket_key                VARCHAR NOT NULL,
    policy                    VARCHAR NOT NULL,
    kind                      VARCHAR NOT NULL,  -- response, resolution
    cycle                     INTEGER NOT NULL,
    start_at                  TIMESTAMP NOT NULL,
    stop_at                   TIMESTAMP,         -- NULL while the clock runs
    stop_reason               VARCHAR,           -- response, resolved, closed, cancelled
    target_minutes            INTEGER NOT NULL,
    business_elapsed_minutes  DOUBLE,
    calendar_elapsed_minutes  DOUBLE,
    paused_minutes            DOUBLE,
    breach_at                 TIMESTAMP,
    due_at                    TIMESTAMP,
    status                    VARCHAR NOT NULL,  -- met, breached, in_flight, in_flight_breached, cancelled
    at_risk                   BOOLEAN,
    tier                      VARCHAR,
    assignment_group          VARCHAR,
    vendor                    VARCHAR,
    priority                  VARCHAR,
    channel                   VARCHAR,
    category                  VARCHAR,
    source                    VARCHAR,
    calendar                  VARCHAR,
    calendar_no               BIGINT,
    as_of                     TIMESTAMP,
    run_start_us              BIGINT,
    run_end_us                BIGINT
);

CREATE TABLE IF NOT EXISTS tier_stay_clock (
    ticket_key           VARCHAR NOT NULL,
    seq                  INTEGER NOT NULL,   -- tier_intervals.seq
    tier                 VARCHAR NOT NULL,
    assignment_group     VARCHAR,
    vendor               VARCHAR,
    start_at             TIMESTAMP NOT NULL,
    end_at               TIMESTAMP,
    entered_by           VARCHAR,
    from_tier            VARCHAR,
    ended_by             VARCHAR,
    priority             VARCHAR,
    channel              VARCHAR,
    category             VARCHAR,
    source               VARCHAR,
    history              VARCHAR,
    calendar             VARCHAR,
    as_of                TIMESTAMP,
    business_minutes     DOUBLE,
    clock_minutes        DOUBLE,
    paused_minutes       DOUBLE,
    vendor_wait_minutes  DOUBLE,
    ola_minutes          INTEGER,
    ola_clock_minutes    DOUBLE,
    ola_status           VARCHAR             -- met, breached, in_flight, in_flight_breached; NULL without a target
);

CREATE TABLE IF NOT EXISTS ticket_clock (
    ticket_key                      VARCHAR NOT NULL,
    policy                          VARCHAR,
    calendar                        VARCHAR,
    response_business_minutes       DOUBLE,
    response_clock_minutes          DOUBLE,
    first_resolution_clock_minutes  DOUBLE,
    resolution_business_minutes     DOUBLE,
    resolution_clock_minutes        DOUBLE,
    resolution_paused_minutes       DOUBLE,
    response_tier                   VARCHAR,
    response_group                  VARCHAR,
    response_vendor                 VARCHAR,
    resolution_tier                 VARCHAR,
    resolution_group                VARCHAR,
    resolution_vendor               VARCHAR,
    created_at                      TIMESTAMP,
    first_response_at               TIMESTAMP,
    resolved_at                     TIMESTAMP,
    status                          VARCHAR,
    priority                        VARCHAR,
    channel                         VARCHAR,
    category                        VARCHAR,
    source                          VARCHAR
);
