-- Per tier: tickets that passed through it, stays resolved there, stays escalated from it,
-- and the resolve rate (resolved / (resolved + escalated)). Tiers in configured order.
-- This is what `make demo` prints after loading the sample.
SELECT
    i.tier,
    count(DISTINCT i.ticket_key)                                     AS tickets,
    count(*) FILTER (i.ended_by = 'resolved')                        AS resolved,
    count(*) FILTER (i.ended_by = 'escalation')                      AS escalated,
    count(*) FILTER (i.ended_by = 'de-escalation')                   AS sent_back,
    round(100.0 * count(*) FILTER (i.ended_by = 'resolved')
          / nullif(count(*) FILTER (i.ended_by IN ('resolved', 'escalation')), 0), 1) AS resolve_pct
FROM tier_intervals i
LEFT JOIN tiers t ON t.tier = i.tier
GROUP BY i.tier
ORDER BY min(coalesce(t.rank, 99)), i.tier;
