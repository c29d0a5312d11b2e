-- Per-ticket facts the tier KPIs count (DESIGN §5, §7): ticket_facts_build derives them from
-- tickets, tier_intervals, ticket_events and sla_instances; the ticket_facts table holds the
-- result as of the last load (queries/etl/sla.sql), so a metric is one scan and GROUP BY of
-- a row per ticket instead of a join of stays and events per run. The metric files say how
-- each column is counted; `tierlens explain` shows them for one ticket.
--
-- One row per ticket. The stay "holding the ticket at" a moment is its last stay begun by
-- then (the highest tier_intervals.seq with start_at <= the moment), NULL when none had begun.
--   created_*            the ticket's first stay (seq 1): where it entered the desk
--   fr_stays             stays begun by the first resolution (0: resolved before any)
--   fr_entry_*           the first of those stays; fr_entry_rank its tier's rank (NULL: unmapped)
--   fr_max_rank          the highest rank held by the first resolution; fr_unranked: an
--                        unmapped group (or a tier without a rank) held it by then
--   fr_tier, _group, _vendor   the stay holding the ticket at the first resolution
--   fr_agent_replies, fr_customer_replies   replies by agents / the customer up to it
--   fr_one_agent         every reply and assignment up to it names one agent (NULL: none named)
--   reopened_7d          reopened within 7 days after the first resolution
--   res_*                the same at the last resolution: holding stay, entry stay, highest
--                        rank, unranked, hops (group changes that were not the first stay nor
--                        a reopening's return) and ping_pong (a group took the ticket back)
--   resp_*               the stay holding the ticket at its first response
--   ended_at, end_*      the last resolution, or the closing when never resolved; the stay then
--   all_entry_*, all_max_rank, all_unranked   over every stay, however late
--   recomputed_breached  any of the ticket's SLA instances breached (NULL: no SLA instance)
CREATE OR REPLACE VIEW ticket_facts_build AS
WITH sk AS MATERIALIZED (
    -- The distinct stays (tier, group, vendor) of these tickets, numbered, with the tier's
    -- rank: the aggregates in held pick a stay by its number, an integer, and stays joins
    -- these few rows for its fields. Picking the struct of the four kept one struct per
    -- aggregate state: 4x the time.
    SELECT row_number() OVER (ORDER BY k.tier, k.assignment_group, k.vendor)::INTEGER AS stay_kind,
           k.tier, k.assignment_group, k.vendor, r.rank
    FROM (SELECT DISTINCT tier, assignment_group, vendor FROM scoped_tier_intervals) k
    LEFT JOIN tiers r ON r.tier = k.tier
), ik AS (
    SELECT i.ticket_key, i.seq, i.start_at, i.entered_by, i.assignment_group, k.rank, k.stay_kind AS kind
    FROM scoped_tier_intervals i
    JOIN sk k
      ON k.tier IS NOT DISTINCT FROM i.tier AND k.assignment_group IS NOT DISTINCT FROM i.assignment_group
     AND k.vendor IS NOT DISTINCT FROM i.vendor
), repeats AS (
    -- a group holding the ticket twice by the last resolution, reopenings' returns aside
    SELECT ticket_key, bool_or(n > 1) AS res_repeat
    FROM (SELECT i.ticket_key, count(*) AS n
          FROM ik i
          JOIN scoped_tickets t ON t.ticket_key = i.ticket_key
          WHERE i.start_at <= t.resolved_at AND i.entered_by <> 'reopened'
          GROUP BY i.ticket_key, i.assignment_group)
    GROUP BY ticket_key
), held AS (
    -- each stay picked by its number (sk)
    SELECT t.ticket_key,
        any_value(i.kind) FILTER (i.seq = 1)                                    AS created,
        count(i.seq) FILTER (i.start_at <= t.first_resolved_at)                 AS fr_stays,
        arg_min_null(i.kind, i.seq) FILTER (i.start_at <= t.first_resolved_at)  AS fr_entry,
        max(i.rank) FILTER (i.start_at <= t.first_resolved_at)                  AS fr_max_rank,
        bool_or(i.rank IS NULL) FILTER (i.start_at <= t.first_resolved_at)      AS fr_unranked,
        arg_max_null(i.kind, i.seq) FILTER (i.start_at <= t.first_resolved_at)  AS fr,
        arg_max_null(i.kind, i.seq) FILTER (i.start_at <= t.resolved_at)        AS res,
        arg_min_null(i.kind, i.seq) FILTER (i.start_at <= t.resolved_at)        AS res_entry,
        max(i.rank) FILTER (i.start_at <= t.resolved_at)                        AS res_max_rank,
        bool_or(i.rank IS NULL) FILTER (i.start_at <= t.resolved_at)            AS res_unranked,
        count(*) FILTER (i.start_at <= t.resolved_at AND i.entered_by NOT IN ('created', 'reopened')) AS res_hops,
        arg_max_null(i.kind, i.seq) FILTER (i.start_at <= t.first_response_at)  AS resp,
        arg_max_null(i.kind, i.seq) FILTER (i.start_at <= coalesce(t.resolved_at, t.closed_at)) AS ended,
        arg_min_null(i.kind, i.seq)                                             AS all_entry,
        max(i.rank)                                                             AS all_max_rank,
        bool_or(i.rank IS NULL)                                                 AS all_unranked
    FROM scoped_tickets t
    LEFT JOIN ik i ON i.ticket_key = t.ticket_key
    GROUP BY t.ticket_key
), stays AS (
    SELECT h.ticket_key,
        c.tier AS created_tier, c.assignment_group AS created_group, c.vendor AS created_vendor,
        h.fr_stays,
        fe.tier AS fr_entry_tier, fe.assignment_group AS fr_entry_group,
        fe.vendor AS fr_entry_vendor, fe.rank AS fr_entry_rank,
        h.fr_max_rank, h.fr_unranked,
        f.tier AS fr_tier, f.assignment_group AS fr_group, f.vendor AS fr_vendor,
        r.tier AS res_tier, r.assignment_group AS res_group, r.vendor AS res_vendor,
        re.tier AS res_entry_tier, re.assignment_group AS res_entry_group,
        re.vendor AS res_entry_vendor, re.rank AS res_entry_rank,
        h.res_max_rank, h.res_unranked, h.res_hops, coalesce(x.res_repeat, false) AS res_repeat,
        rp.tier AS resp_tier, rp.assignment_group AS resp_group, rp.vendor AS resp_vendor,
        en.tier AS end_tier, en.assignment_group AS end_group, en.vendor AS end_vendor,
        ae.assignment_group AS all_entry_group, ae.vendor AS all_entry_vendor,
        h.all_max_rank, h.all_unranked
    FROM held h
    LEFT JOIN sk c ON c.stay_kind = h.created
    LEFT JOIN sk fe ON fe.stay_kind = h.fr_entry
    LEFT JOIN sk f ON f.stay_kind = h.fr
    LEFT JOIN sk r ON r.stay_kind = h.res
    LEFT JOIN sk re ON re.stay_kind = h.res_entry
    LEFT JOIN sk rp ON rp.stay_kind = h.resp
    LEFT JOIN sk en ON en.stay_kind = h.ended
    LEFT JOIN sk ae ON ae.stay_kind = h.all_entry
    LEFT JOIN repeats x ON x.ticket_key = h.ticket_key
), touches AS (
    -- what happened up to the first resolution, and in the 7 days after it
    SELECT t.ticket_key,
        count(*) FILTER (e.kind = 'reply' AND e.actor_role = 'agent' AND e.event_at <= t.first_resolved_at)    AS fr_agent_replies,
        count(*) FILTER (e.kind = 'reply' AND e.actor_role = 'customer' AND e.event_at <= t.first_resolved_at) AS fr_customer_replies,
        min(e.agent) FILTER (e.kind IN ('reply', 'assigned') AND e.event_at <= t.first_resolved_at)
          = max(e.agent) FILTER (e.kind IN ('reply', 'assigned') AND e.event_at <= t.first_resolved_at)        AS fr_one_agent,
        bool_or(e.kind = 'reopened' AND e.event_at >= t.first_resolved_at
                AND e.event_at <= t.first_resolved_at + INTERVAL 7 DAY)                                        AS reopened_7d
    FROM scoped_tickets t
    JOIN scoped_ticket_events e ON e.ticket_key = t.ticket_key AND e.kind IN ('reply', 'assigned', 'reopened')
    WHERE t.first_resolved_at IS NOT NULL
    GROUP BY t.ticket_key
), recomputed AS (
    SELECT ticket_key, bool_or(status IN ('breached', 'in_flight_breached')) AS recomputed_breached
    FROM scoped_sla_instances
    GROUP BY ticket_key
)
SELECT
    t.ticket_key, t.source, t.history, t.status, t.priority, t.channel, t.category, t.assignee AS agent,
    t.created_at, t.first_response_at, t.first_resolved_at, t.resolved_at, t.closed_at,
    coalesce(t.resolved_at, t.closed_at) AS ended_at,
    t.agent_replies IS NOT NULL AS replies_recorded,
    t.csat_score, t.knowledge, t.source_made_sla,
    s.* EXCLUDE (ticket_key),
    coalesce(x.fr_agent_replies, 0) AS fr_agent_replies,
    coalesce(x.fr_customer_replies, 0) AS fr_customer_replies,
    x.fr_one_agent,
    coalesce(x.reopened_7d, false) AS reopened_7d,
    c.recomputed_breached
FROM scoped_tickets t
JOIN stays s ON s.ticket_key = t.ticket_key
LEFT JOIN touches x ON x.ticket_key = t.ticket_key
LEFT JOIN recomputed c ON c.ticket_key = t.ticket_key;

-- What each source records (the metrics' `needs`, queries/metrics/_sources.sql): whether any
-- of its tickets has an event history, agent replies, a satisfaction score, the knowledge
-- flag, a first response.
CREATE OR REPLACE VIEW source_data_build AS
SELECT
    source,
    bool_or(history = 'events')            AS history,
    bool_or(agent_replies IS NOT NULL)     AS replies,
    bool_or(csat_score IS NOT NULL)        AS csat,
    bool_or(knowledge IS NOT NULL)         AS knowledge,
    bool_or(first_response_at IS NOT NULL) AS response,
    bool_or(assignment_group IS NOT NULL OR tier IS NOT NULL) AS groups
FROM tickets
GROUP BY source;
