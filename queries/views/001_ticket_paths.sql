-- ticket_paths: each ticket's route through the tiers, e.g. 'L1 > L2 > L1', with its counts
-- of escalations, de-escalations and reassignments. Handy for analysts; no KPI depends on it.
CREATE OR REPLACE VIEW ticket_paths AS
SELECT
    ticket_key,
    string_agg(tier, ' > ' ORDER BY seq)                   AS path,
    count(*) FILTER (entered_by = 'escalation')            AS escalations,
    count(*) FILTER (entered_by = 'de-escalation')         AS de_escalations,
    count(*) FILTER (entered_by = 'reassignment')          AS reassignments,
    max(seq)                                               AS intervals
FROM tier_intervals
GROUP BY ticket_key;
