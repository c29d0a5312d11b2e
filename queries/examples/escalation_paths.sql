-- The most common escalation paths (tiers visited in order), e.g. L1 > L2 > L1.
SELECT path, count(*) AS tickets
FROM (
    SELECT ticket_key, string_agg(tier, ' > ' ORDER BY seq) AS path
    FROM tier_intervals
    GROUP BY ticket_key
)
GROUP BY path
ORDER BY tickets DESC, path
LIMIT 20;
