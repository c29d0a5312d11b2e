-- The UCI ServiceNow event log, read straight from the raw CSV (not through tierlens): one row
-- per record, day-first times in Sao Paulo (the configuration's source zone) to UTC, the
-- state's canonical status as ServiceNow defines it, '?' for none; the junk state -100 left out.
CREATE OR REPLACE TEMP TABLE raw AS
SELECT * FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');

CREATE OR REPLACE TEMP TABLE ev AS
SELECT
    number,
    rowid AS rn,
    CASE incident_state WHEN 'New' THEN 'new' WHEN 'Active' THEN 'open' WHEN 'Resolved' THEN 'resolved'
        WHEN 'Closed' THEN 'closed' ELSE 'pending' END AS status,
    nullif(assignment_group, '?') AS grp,
    timezone('UTC', timezone('America/Sao_Paulo', strptime(sys_updated_at, '%d/%m/%Y %H:%M'))) AS ts,
    timezone('UTC', timezone('America/Sao_Paulo', strptime(nullif(opened_at, '?'), '%d/%m/%Y %H:%M'))) AS opened,
    timezone('UTC', timezone('America/Sao_Paulo', strptime(nullif(resolved_at, '?'), '%d/%m/%Y %H:%M'))) AS resolved_col
FROM raw
WHERE incident_state <> '-100';
