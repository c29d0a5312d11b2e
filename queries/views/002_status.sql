-- Views behind `tierlens status`, usable from any DuckDB client.

-- What each source holds.
CREATE OR REPLACE VIEW status_sources AS
SELECT
    source,
    count(*)                                   AS tickets,
    min(created_at)                            AS first_created,
    max(created_at)                            AS last_created,
    max(updated_at)                            AS last_updated,
    count(*) FILTER (history = 'flat')         AS flat_history
FROM tickets
GROUP BY source
ORDER BY source;

-- Tickets per current tier and status, tiers in configured order.
CREATE OR REPLACE VIEW status_tiers AS
SELECT
    coalesce(t.tier, '(no group)')                                AS tier,
    count(*)                                                      AS tickets,
    count(*) FILTER (status = 'new')                              AS new,
    count(*) FILTER (status = 'open')                             AS open,
    count(*) FILTER (status = 'pending')                          AS pending,
    count(*) FILTER (status = 'resolved')                         AS resolved,
    count(*) FILTER (status = 'closed')                           AS closed,
    count(*) FILTER (status = 'cancelled')                        AS cancelled
FROM tickets t
LEFT JOIN tiers r ON r.tier = t.tier
GROUP BY ALL
ORDER BY min(coalesce(r.rank, 99)), 1;

-- Groups no tier_map rule matched, with the tickets that passed through them.
CREATE OR REPLACE VIEW status_unmapped AS
SELECT g.source, g.assignment_group, count(DISTINCT i.ticket_key) AS tickets
FROM group_tiers g
LEFT JOIN tier_intervals i
       ON i.assignment_group = g.assignment_group AND i.ticket_key LIKE g.source || ':%'
WHERE g.tier = 'unmapped'
GROUP BY ALL
ORDER BY tickets DESC, g.assignment_group;

-- Data-quality findings: each check, how many tickets it concerns, and one example.
CREATE OR REPLACE VIEW status_quality AS
SELECT * FROM (
    SELECT 'resolved before created' AS finding, count(*) AS tickets, min(ticket_key) AS example
    FROM tickets WHERE resolved_at < created_at
    UNION ALL
    SELECT 'closed before created', count(*), min(ticket_key)
    FROM tickets WHERE closed_at < created_at
    UNION ALL
    SELECT 'closed before resolved', count(*), min(ticket_key)
    FROM tickets WHERE closed_at < resolved_at
    UNION ALL
    SELECT 'resolved or closed without a resolution time', count(*), min(ticket_key)
    FROM tickets WHERE status IN ('resolved', 'closed') AND resolved_at IS NULL AND closed_at IS NULL
    UNION ALL
    SELECT 'no assignment group', count(*), min(ticket_key)
    FROM tickets WHERE assignment_group IS NULL
    UNION ALL
    SELECT 'passed through an unmapped group', count(DISTINCT ticket_key), min(ticket_key)
    FROM tier_intervals WHERE tier = 'unmapped'
    UNION ALL
    SELECT 'flat history (no events: KPIs that need history are limited)', count(*), min(ticket_key)
    FROM tickets WHERE history = 'flat'
    UNION ALL
    SELECT 'no priority', count(*), min(ticket_key)
    FROM tickets WHERE priority IS NULL
)
WHERE tickets > 0
ORDER BY tickets DESC, finding;
