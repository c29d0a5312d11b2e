-- group_flow: where each assignment group sits in the flow of tickets, the evidence behind
-- `tierlens tiers suggest`. position = the stay's place in the ticket's path (1 = first group).
CREATE OR REPLACE VIEW group_flow AS
WITH stays AS (
    SELECT
        i.*,
        split_part(i.ticket_key, ':', 1)                                   AS source,
        lag(i.assignment_group)  OVER w                                    AS came_from,
        lead(i.assignment_group) OVER w                                    AS went_to
    FROM tier_intervals i
    WINDOW w AS (PARTITION BY i.ticket_key ORDER BY i.seq)
), moves AS (
    SELECT source, assignment_group, count(*) AS passed_on
    FROM stays WHERE went_to IS NOT NULL GROUP BY ALL
), received AS (
    SELECT source, assignment_group, count(*) AS received
    FROM stays WHERE came_from IS NOT NULL GROUP BY ALL
)
SELECT
    s.source,
    s.assignment_group,
    any_value(g.tier)                                                    AS tier,
    count(DISTINCT s.ticket_key)                                         AS tickets,
    count(DISTINCT s.ticket_key) FILTER (s.seq = 1)                      AS first_assignee,
    round(count(DISTINCT s.ticket_key) FILTER (s.seq = 1) / count(DISTINCT s.ticket_key), 3) AS first_share,
    median(s.seq)                                                        AS median_position,
    round(avg(s.seq), 2)                                                 AS mean_position,
    count(*) FILTER (s.ended_by = 'resolved')                            AS resolved_here,
    round(count(*) FILTER (s.ended_by = 'resolved') / count(*), 3)       AS resolved_share,
    coalesce(any_value(r.received), 0)                                   AS received,
    coalesce(any_value(m.passed_on), 0)                                  AS passed_on,
    count(*) FILTER (s.vendor IS NOT NULL)                               AS vendor_stays
FROM stays s
LEFT JOIN group_tiers g ON g.source = s.source AND g.assignment_group = s.assignment_group
LEFT JOIN moves m       ON m.source = s.source AND m.assignment_group = s.assignment_group
LEFT JOIN received r    ON r.source = s.source AND r.assignment_group = s.assignment_group
GROUP BY s.source, s.assignment_group
ORDER BY s.source, tickets DESC, s.assignment_group;
