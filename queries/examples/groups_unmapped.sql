-- Assignment groups that no tier_map rule matched, with how many tickets passed through them.
SELECT g.source, g.assignment_group, count(DISTINCT i.ticket_key) AS tickets
FROM group_tiers g
LEFT JOIN tier_intervals i ON i.assignment_group = g.assignment_group AND i.tier = 'unmapped'
WHERE g.tier = 'unmapped'
GROUP BY ALL
ORDER BY tickets DESC, g.assignment_group;
