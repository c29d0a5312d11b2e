-- One ticket's timeline, as `tierlens explain` shows it; usable from any DuckDB client, e.g.
--     SELECT * FROM explain_tier_intervals('servicenow:INC0000045');
-- Times are UTC; the CLI shows them in the reporting zone. Each macro takes a ticket_key.

-- explain_lookup(ref): the tickets a reference names: its ticket_key, or its number in any
-- source (several rows when sources share the number).
CREATE OR REPLACE MACRO explain_lookup(ref) AS TABLE
SELECT ticket_key FROM tickets WHERE ticket_key = ref OR number = ref ORDER BY ticket_key;

-- explain_ticket(key): the ticket's header, with its SLA policy and calendar (ticket_clock:
-- NULL there when the SLA tables were built before the ticket was loaded).
CREATE OR REPLACE MACRO explain_ticket(key) AS TABLE
SELECT t.ticket_key, t.source, t.number, t.title, t.priority, t.source_priority, t.channel, t.category,
       t.subcategory, t.status, t.source_status, t.requester, t.assignee, t.assignment_group, t.tier,
       t.vendor, t.created_at, t.first_response_at, t.first_resolved_at, t.resolved_at, t.closed_at,
       t.updated_at, t.reopen_count, t.reassignment_count, t.agent_replies, t.customer_replies,
       t.knowledge, t.csat_score, t.source_made_sla, t.history,
       c.ticket_key IS NOT NULL AS clocked, c.policy, c.calendar
FROM tickets t
LEFT JOIN ticket_clock c ON c.ticket_key = t.ticket_key
WHERE t.ticket_key = key;

-- explain_events(key): every event, in order.
CREATE OR REPLACE MACRO explain_events(key) AS TABLE
SELECT seq, event_at, kind, status, source_status, assignment_group, tier, agent, public, actor_role, synthesized
FROM ticket_events
WHERE ticket_key = key
ORDER BY seq;

-- explain_tier_intervals(key): the stays, how each began and ended, and their business time
-- and OLA (tier_stay_clock).
CREATE OR REPLACE MACRO explain_tier_intervals(key) AS TABLE
SELECT i.seq, i.tier, i.assignment_group, i.vendor, i.start_at, i.end_at, i.entered_by, i.from_tier, i.ended_by,
       c.business_minutes, c.clock_minutes, c.paused_minutes, c.vendor_wait_minutes,
       c.ola_minutes, c.ola_clock_minutes, c.ola_status
FROM tier_intervals i
LEFT JOIN tier_stay_clock c ON c.ticket_key = i.ticket_key AND c.seq = i.seq
WHERE i.ticket_key = key
ORDER BY i.seq;

-- explain_status_intervals(key): the statuses, the SLA clock's state in each (running,
-- paused, stopped under the ticket's policy) and their business minutes.
CREATE OR REPLACE MACRO explain_status_intervals(key) AS TABLE
SELECT s.seq, s.status, s.source_status, s.start_at, s.end_at, coalesce(c.clock, s.clock) AS clock,
       s.pause_reason, c.vendor_wait, c.cycle, c.business_us / 60e6 AS business_minutes
FROM status_intervals s
LEFT JOIN sla_clock c ON c.ticket_key = s.ticket_key AND c.seq = s.seq
WHERE s.ticket_key = key
ORDER BY s.seq;

-- explain_sla(key): the ticket's SLA clocks.
CREATE OR REPLACE MACRO explain_sla(key) AS TABLE
SELECT kind, cycle, policy, start_at, stop_at, stop_reason, target_minutes, business_elapsed_minutes,
       calendar_elapsed_minutes, paused_minutes, breach_at, due_at, status, at_risk, tier, calendar, as_of
FROM sla_instances
WHERE ticket_key = key
ORDER BY kind DESC, cycle;

-- explain_facts(key): what the tier KPIs look at, around the first resolution: the entry
-- stay, the highest tier held before the first resolution (and whether an unmapped group
-- held it), replies before it and a reopen within 7 days of it (from ticket_facts), and the
-- route through the tiers.
CREATE OR REPLACE MACRO explain_facts(key) AS TABLE
WITH t AS (
    SELECT first_resolved_at, resolved_at FROM tickets WHERE ticket_key = key
), stays AS (
    SELECT i.seq, i.tier, i.assignment_group, i.start_at, i.entered_by, r.rank,
           i.start_at <= coalesce((SELECT first_resolved_at FROM t), i.start_at) AS before_resolution,
           i.start_at <= (SELECT resolved_at FROM t) AS before_last_resolution
    FROM tier_intervals i
    LEFT JOIN tiers r ON r.tier = i.tier
    WHERE i.ticket_key = key
), replies AS (
    -- as the KPIs count them (ticket_facts); none when the derived tables predate the ticket
    SELECT fr_agent_replies AS agent, fr_customer_replies AS customer, reopened_7d
    FROM ticket_facts
    WHERE ticket_key = key
    UNION ALL
    SELECT NULL, NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM ticket_facts WHERE ticket_key = key)
)
SELECT
    arg_min_null(s.tier, s.seq)                                                AS entry_tier,
    arg_min_null(s.assignment_group, s.seq)                                    AS entry_group,
    (SELECT arg_min(tier, rank) FROM tiers WHERE rank = tl_front_rank())     AS front_line,
    arg_max_null(s.tier, s.rank) FILTER (s.before_resolution)                  AS highest_tier_before_resolution,
    coalesce(bool_or(s.rank IS NULL) FILTER (s.before_resolution), false)      AS unmapped_before_resolution,
    count(DISTINCT s.assignment_group) FILTER (s.before_resolution)            AS groups_before_resolution,
    arg_max_null(s.tier, s.seq) FILTER (s.before_last_resolution)              AS resolving_tier,
    any_value(r.agent)                                                         AS agent_replies_before_resolution,
    any_value(r.customer)                                                      AS customer_replies_before_resolution,
    any_value(r.reopened_7d)                                                   AS reopened_within_7_days,
    count(*) FILTER (s.entered_by = 'escalation')                              AS escalations,
    count(*) FILTER (s.entered_by = 'de-escalation')                           AS de_escalations,
    count(*) FILTER (s.entered_by = 'reassignment')                            AS reassignments,
    string_agg(s.tier, ' > ' ORDER BY s.seq)                                   AS path
FROM stays s, replies r;
