-- When each ticket was in the backlog, and who held it then (DESIGN §7: backlog at period end
-- rebuilt from events). backlog_spans_build derives the spans from status_intervals and
-- tier_intervals; the backlog_spans table holds them as of the last load
-- (queries/etl/sla.sql), so the backlog at an instant T is the spans with
-- from_at < T <= to_at: one range join of a few period ends against a row per span.
--
-- A ticket is in the backlog at T when its status just before T was not resolved, closed
-- nor cancelled; the group holding it then is its last stay begun before T (NULL before the
-- first). One row per piece of a run of such statuses held by one stay:
--   from_at, to_at     the piece as (from_at, to_at]; to_at is 'infinity' while still open
--   tier .. vendor     the stay holding the ticket over the piece (NULL: none begun yet)
--   priority .. source, agent, created_at   the ticket's, for breakdowns and aging without a join
--   calendar           the ticket's business calendar (ticket_sla), for aging in business days
--   days_before        business days of that calendar opened before the ticket was created
--                      (business_days.n): its age at T is the days closed by T minus these
-- stay_holders: which stay holds each ticket when, as the KPIs count it: each stay from its
-- start to the next stay's start ('infinity' for the last), and before the first stay a piece
-- with no holder (tier NULL). The stay holding the ticket at x, its last stay begun by x, is
-- the row with from_at <= x < to_at; the backlog's last stay begun before T is the row with
-- from_at < T <= to_at. Assumes a ticket's stays begin in seq order.
CREATE OR REPLACE VIEW stay_holders AS
SELECT ticket_key, start_at AS from_at,
       coalesce(lead(start_at) OVER (PARTITION BY ticket_key ORDER BY seq), 'infinity'::TIMESTAMP) AS to_at,
       tier, assignment_group, vendor
FROM scoped_tier_intervals
UNION ALL
SELECT t.ticket_key, '-infinity'::TIMESTAMP, coalesce(min(i.start_at), 'infinity'::TIMESTAMP), NULL, NULL, NULL
FROM scoped_tickets t
LEFT JOIN scoped_tier_intervals i ON i.ticket_key = t.ticket_key
GROUP BY t.ticket_key;

CREATE OR REPLACE VIEW business_days AS
-- each business day of each calendar (a local day with business windows): its first opening
-- and last closing, and its number n in the calendar (calendar_windows)
SELECT calendar, min(start_at) AS opens_at, max(end_at) AS closes_at,
       row_number() OVER (PARTITION BY calendar ORDER BY day) AS n
FROM calendar_windows
GROUP BY calendar, day;

CREATE OR REPLACE VIEW backlog_spans_build AS
WITH statuses AS (
    SELECT ticket_key, seq, start_at, end_at, status NOT IN ('resolved', 'closed', 'cancelled') AS open
    FROM scoped_status_intervals
), runs AS (
    -- consecutive open statuses form one run (gaps and islands over seq)
    SELECT ticket_key, seq - row_number() OVER (PARTITION BY ticket_key, open ORDER BY seq) AS run,
           start_at, coalesce(end_at, 'infinity'::TIMESTAMP) AS end_at, seq
    FROM statuses
    WHERE open
), open_spans AS (
    SELECT ticket_key, min(start_at) AS from_at, arg_max(end_at, seq) AS to_at
    FROM runs
    GROUP BY ticket_key, run
), opened AS (
    SELECT t.ticket_key, t.priority, t.channel, t.category, t.source, t.assignee AS agent, t.created_at, s.calendar,
           coalesce(d.n, 0) AS days_before
    FROM scoped_tickets t
    JOIN ticket_sla s ON s.ticket_key = t.ticket_key
    ASOF LEFT JOIN business_days d ON d.calendar = s.calendar AND t.created_at > d.opens_at
)
SELECT o.ticket_key,
       greatest(o.from_at, h.from_at) AS from_at,
       least(o.to_at, h.to_at)        AS to_at,
       h.tier, h.assignment_group, h.vendor,
       t.priority, t.channel, t.category, t.source, t.agent, t.created_at,
       t.calendar, t.days_before
FROM open_spans o
JOIN stay_holders h ON h.ticket_key = o.ticket_key AND h.from_at < o.to_at AND h.to_at > o.from_at
JOIN opened t ON t.ticket_key = o.ticket_key;


-- sla_freshness: whether the derived tables (the SLA tables, ticket_facts, backlog_spans) cover
-- every ticket: they are rebuilt after each load by queries/etl/sla.sql, and a warehouse
-- written by an older tierlens may lack some. tickets, clocked (tickets the least complete
-- per-ticket table covers), and stale = they differ; `tierlens load --rebuild` rebuilds them.
CREATE OR REPLACE VIEW sla_freshness AS
SELECT t.tickets, least(c.n, f.n) AS clocked, t.tickets <> least(c.n, f.n) AS stale
FROM (SELECT count(*) AS tickets FROM tickets) t,
     (SELECT count(*) AS n FROM ticket_clock) c,
     (SELECT count(*) AS n FROM ticket_facts) f;
