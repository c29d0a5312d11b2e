-- The Italian help desk event log (finale.csv), read straight from the raw CSV: one row per
-- activity, times in Rome to UTC, the status each activity leaves the ticket in and the
-- development group it sends the ticket to, as sample-data/mappings/helpdesk-italian.yaml says.
CREATE OR REPLACE TEMP TABLE raw AS
SELECT * FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');

CREATE OR REPLACE TEMP TABLE ev AS
SELECT
    "Case ID" AS number,
    rowid AS rn,
    CASE "Activity"
        WHEN 'Assign seriousness' THEN 'new' WHEN 'Insert ticket' THEN 'new'
        WHEN 'Wait' THEN 'pending' WHEN 'Schedule intervention' THEN 'pending'
        WHEN 'Resolve ticket' THEN 'resolved' WHEN 'RESOLVED' THEN 'resolved' WHEN 'VERIFIED' THEN 'resolved'
        WHEN 'Closed' THEN 'closed' WHEN 'INVALID' THEN 'cancelled' WHEN 'DUPLICATE' THEN 'cancelled'
        ELSE 'open' END AS status,
    CASE WHEN "Activity" IN ('Require upgrade', 'Create SW anomaly', 'Resolve SW anomaly') THEN 'Development'
         ELSE nullif(workgroup, '') END AS grp,
    timezone('UTC', timezone('Europe/Rome', strptime("Complete Timestamp", '%Y/%m/%d %H:%M:%S.%g'))) AS ts,
    NULL::TIMESTAMP AS opened,
    NULL::TIMESTAMP AS resolved_col
FROM raw;
