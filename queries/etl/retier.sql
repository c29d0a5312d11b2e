-- Re-tiers loaded data after the tier map changed. retiered (temp) lists the groups whose tier
-- or vendor changed; their events, tickets and tier stays get the new values, then each
-- touched ticket's stays are re-labelled (escalation / de-escalation / reassignment).
UPDATE ticket_events e SET tier = r.tier
FROM retiered r
WHERE e.assignment_group = r.assignment_group AND e.ticket_key LIKE r.source || ':%';

UPDATE tickets t SET tier = r.tier, vendor = coalesce(r.vendor, CASE WHEN t.vendor = r.old_vendor THEN NULL ELSE t.vendor END)
FROM retiered r
WHERE t.assignment_group = r.assignment_group AND t.source = r.source;

UPDATE tier_intervals i SET tier = r.tier, vendor = r.vendor
FROM retiered r
WHERE i.assignment_group = r.assignment_group AND i.ticket_key LIKE r.source || ':%';

UPDATE tier_intervals i SET from_tier = f.from_tier, entered_by = f.entered_by, ended_by = f.ended_by
FROM (
    SELECT ticket_key, seq, from_tier, entered_by,
        -- a stay that ended with the work keeps that end; the others end as the next one began
        CASE WHEN ended_by IN ('resolved', 'cancelled') THEN ended_by ELSE lead(entered_by) OVER w END AS ended_by
    FROM (
        SELECT i.ticket_key, i.seq, i.ended_by,
            lag(i.tier) OVER w0 AS from_tier,
            -- a reopening by the same group stays one: re-tiering moves no group
            CASE WHEN i.seq = 1 THEN 'created' WHEN i.entered_by = 'reopened' THEN 'reopened'
                 ELSE tl_move(rk.rank, rf.rank) END AS entered_by
        FROM (
            SELECT x.*, lag(x.tier) OVER (PARTITION BY x.ticket_key ORDER BY x.seq) AS prev_tier
            FROM tier_intervals x
            WHERE x.ticket_key IN (
                SELECT DISTINCT i2.ticket_key FROM tier_intervals i2 JOIN retiered r
                  ON i2.assignment_group = r.assignment_group AND i2.ticket_key LIKE r.source || ':%')
        ) i
        LEFT JOIN tier_rank rk ON rk.tier = i.tier
        LEFT JOIN tier_rank rf ON rf.tier = i.prev_tier
        WINDOW w0 AS (PARTITION BY i.ticket_key ORDER BY i.seq)
    )
    WINDOW w AS (PARTITION BY ticket_key ORDER BY seq)
) f
WHERE i.ticket_key = f.ticket_key AND i.seq = f.seq;

DELETE FROM group_tiers g USING retiered r
WHERE g.source = r.source AND g.assignment_group = r.assignment_group;

INSERT INTO group_tiers SELECT source, assignment_group, tier, vendor, rule FROM retiered;

-- Every ticket that passed through a moved group is derived again (etl/refresh.go).
INSERT INTO derive_queue
SELECT DISTINCT e.ticket_key FROM ticket_events e JOIN retiered r
  ON e.assignment_group = r.assignment_group AND e.ticket_key LIKE r.source || ':%'
UNION
SELECT t.ticket_key FROM tickets t JOIN retiered r
  ON t.assignment_group = r.assignment_group AND t.source = r.source
UNION
SELECT i.ticket_key FROM tier_intervals i JOIN retiered r
  ON i.assignment_group = r.assignment_group AND i.ticket_key LIKE r.source || ':%';
