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

-- data_quality: every data-quality finding with its evidence, one row per case: the ticket
-- (and its source), or the file and line. The checks the tickets show are computed here; the
-- findings only a load could see come from the findings table, for tickets still as that load
-- left them. `tierlens status --findings NAME` prints the rows of one finding.
CREATE OR REPLACE VIEW data_quality AS
WITH checks AS (
    SELECT 'resolved before created' AS finding, ticket_key, NULL AS detail FROM tickets WHERE resolved_at < created_at
    UNION ALL
    SELECT 'closed before created', ticket_key, NULL FROM tickets WHERE closed_at < created_at
    UNION ALL
    SELECT 'closed before resolved', ticket_key, NULL FROM tickets WHERE closed_at < resolved_at
    UNION ALL
    SELECT 'resolved or closed without a resolution time', ticket_key, NULL
    FROM tickets WHERE status IN ('resolved', 'closed') AND resolved_at IS NULL AND closed_at IS NULL
    UNION ALL
    SELECT 'no assignment group', ticket_key, NULL FROM tickets WHERE assignment_group IS NULL
    UNION ALL
    SELECT DISTINCT 'passed through an unmapped group', ticket_key, NULL FROM tier_intervals WHERE tier = 'unmapped'
    UNION ALL
    SELECT 'flat history (no events: KPIs that need history are limited)', ticket_key, NULL FROM tickets WHERE history = 'flat'
    UNION ALL
    SELECT 'no priority', ticket_key, NULL FROM tickets WHERE priority IS NULL
    UNION ALL
    SELECT 'the source''s reopen counter differs from the reopenings in its events', ticket_key,
           'counter ' || reopen_count || ', events ' || reopens_seen
    FROM tickets WHERE reopens_seen IS NOT NULL AND reopen_count <> reopens_seen
    UNION ALL
    SELECT 'the source''s reassignment counter differs from the group moves in its events', ticket_key,
           'counter ' || reassignment_count || ', events ' || reassignments_seen
    FROM tickets WHERE reassignments_seen IS NOT NULL AND reassignment_count <> reassignments_seen
)
SELECT c.finding, t.source, c.ticket_key, l.file, NULL::BIGINT AS line, c.detail
FROM checks c
JOIN tickets t USING (ticket_key)
LEFT JOIN loads l ON l.load_id = t.load_id
UNION ALL
SELECT f.finding, f.source, f.ticket_key, f.file, f.line, f.detail
FROM findings f
WHERE f.ticket_key IS NULL
   OR EXISTS (SELECT 1 FROM tickets t WHERE t.ticket_key = f.ticket_key AND t.load_id = f.load_id);

-- status_findings: every case of the findings whose name contains `name` ('' = all), with its
-- evidence, for `tierlens status --findings NAME`.
CREATE OR REPLACE MACRO status_findings(name) AS TABLE
SELECT finding, source, ticket_key AS ticket, regexp_extract(file, '[^/\\]+$') AS file, line, detail
FROM data_quality
WHERE contains(lower(finding), lower(name))
ORDER BY finding, source, file, line, ticket;

-- Data-quality findings: each finding, how many cases (tickets, or file lines), and one example.
CREATE OR REPLACE VIEW status_quality AS
SELECT finding,
       count(*) AS cases,
       min(coalesce(ticket_key, regexp_extract(file, '[^/\\]+$') || coalesce(':' || line, ''))) AS example
FROM data_quality
GROUP BY finding
ORDER BY cases DESC, finding;
