-- Converts one file's staged text into typed canonical values, in one parallel pass over the
-- file. The table keeps the file's order: rowid + 1 is the record's position in the file.
-- Times stay naive (the source's wall clock) here: the zone is applied later, once per value
-- that survives aggregation (tl_at). A time written with an explicit offset (Z, +02:00, +0200)
-- is an instant: it is converted to UTC here and its bit in `zoned` says the zone must not
-- apply again. bad_* columns keep the raw text only where a conversion failed,
-- so the loader can quarantine exactly those records with the value that broke them.
-- The SOURCE marker below is replaced by the profile's staging SELECT (positional columns only).

-- Hours written as H:MM:SS or H:MM (Freshdesk's "(in hrs)", Jira's SLA time left, negative
-- when breached) or as a plain number; NULL when it is neither.
CREATE OR REPLACE TEMP MACRO tl_hours(x) AS CASE
    WHEN regexp_full_match(trim(x), '-?[0-9]+:[0-5]?[0-9](:[0-5]?[0-9])?') THEN
        CASE WHEN starts_with(trim(x), '-') THEN -1 ELSE 1 END * (
            abs(CAST(split_part(trim(x), ':', 1) AS DOUBLE))
            + CAST(split_part(trim(x), ':', 2) AS DOUBLE) / 60
            + coalesce(try_cast(nullif(split_part(trim(x), ':', 3), '') AS DOUBLE), 0) / 3600)
    ELSE try_cast(trim(x) AS DOUBLE) END;

CREATE OR REPLACE TEMP TABLE conv AS
WITH walls AS (
    -- each time as the layouts read it (a wall clock), computed once per value
    SELECT src.*,
        coalesce(try_strptime(src.created, $layouts), tl_naive(src.created, $layouts)) AS created_n,
        coalesce(try_strptime(src.first_response, $layouts), tl_naive(src.first_response, $layouts)) AS first_response_n,
        coalesce(try_strptime(src.resolved, $layouts), tl_naive(src.resolved, $layouts)) AS resolved_n,
        coalesce(try_strptime(src.closed, $layouts), tl_naive(src.closed, $layouts)) AS closed_n,
        coalesce(try_strptime(src.updated, $layouts), tl_naive(src.updated, $layouts)) AS updated_n,
        coalesce(try_strptime(src.event_time, $layouts), tl_naive(src.event_time, $layouts)) AS event_n,
        list_position($status_keys, lower(trim(src.status))) AS status_pos
    FROM (/*SOURCE*/) src
), zones AS (
    -- else UTC from an explicit offset
    SELECT *,
        CASE WHEN created_n IS NULL AND created IS NOT NULL THEN tl_zoned(created, $layouts) END AS created_z,
        CASE WHEN first_response_n IS NULL AND first_response IS NOT NULL THEN tl_zoned(first_response, $layouts) END AS first_response_z,
        CASE WHEN resolved_n IS NULL AND resolved IS NOT NULL THEN tl_zoned(resolved, $layouts) END AS resolved_z,
        CASE WHEN closed_n IS NULL AND closed IS NOT NULL THEN tl_zoned(closed, $layouts) END AS closed_z,
        CASE WHEN updated_n IS NULL AND updated IS NOT NULL THEN tl_zoned(updated, $layouts) END AS updated_z,
        CASE WHEN event_n IS NULL AND event_time IS NOT NULL THEN tl_zoned(event_time, $layouts) END AS event_z
    FROM walls
), typed AS (
    SELECT
        src.*,
        coalesce(created_n, created_z) AS created_ts,
        coalesce(first_response_n, first_response_z) AS first_response_ts,
        coalesce(resolved_n, resolved_z) AS resolved_ts,
        coalesce(closed_n, closed_z) AS closed_ts,
        coalesce(updated_n, updated_z) AS updated_ts,
        coalesce(event_n, event_z) AS event_ts,
        -- which times are UTC already (an explicit offset): one bit per field, for tl_at()
        nullif(CASE WHEN created_z IS NOT NULL THEN 1 ELSE 0 END + CASE WHEN first_response_z IS NOT NULL THEN 2 ELSE 0 END + CASE WHEN resolved_z IS NOT NULL THEN 4 ELSE 0 END + CASE WHEN closed_z IS NOT NULL THEN 8 ELSE 0 END + CASE WHEN updated_z IS NOT NULL THEN 16 ELSE 0 END + CASE WHEN event_z IS NOT NULL THEN 32 ELSE 0 END, 0)::UTINYINT AS zoned,
        -- Vocabulary lookups are list lookups, not joins: a join would not keep the file's order.
        -- A status in no exact entry tries the vocabulary's patterns ("waiting on *"), then the
        -- status_hint column (Jira's Status Category) with its own vocabulary.
        CASE WHEN status_pos IS NOT NULL
             THEN $status_vals[status_pos]
             WHEN src.status IS NOT NULL
             THEN coalesce(nullif($status_glob_vals[list_position(list_transform($status_globs, lambda g: lower(trim(src.status)) GLOB g), true)], ''),
                           $hint_vals[list_position($hint_keys, lower(trim(src.status_hint)))])
        END AS status_c,
        $priority_vals[list_position($priority_keys, lower(trim(src.priority)))] AS priority_c,
        coalesce($channel_vals[list_position($channel_keys, lower(trim(src.channel)))], lower(src.channel)) AS channel_c,
        try_cast(src.reassignment_count AS INTEGER) AS reassignment_i,
        try_cast(src.reopen_count AS INTEGER)      AS reopen_i,
        try_cast(src.agent_replies AS INTEGER)     AS agent_replies_i,
        try_cast(src.customer_replies AS INTEGER)  AS customer_replies_i,
        -- An article id (KB0012) also says a knowledge article was used.
        coalesce(tl_bool(src.knowledge), src.knowledge IS NOT NULL) AS knowledge_b,
        -- The made_sla column (with the mapping's words), else the SLA time left: negative = breached.
        CASE WHEN src.made_sla IS NOT NULL
             THEN coalesce(tl_bool(src.made_sla), $sla_vals[list_position($sla_keys, lower(trim(src.made_sla)))])
             WHEN tl_hours(src.made_sla_remaining) IS NOT NULL
             THEN NOT starts_with(trim(src.made_sla_remaining), '-')
        END                                        AS made_sla_b,
        tl_hours(src.made_sla_remaining)           AS sla_remaining_h,
        tl_hours(src.source_first_response_hours)  AS source_first_response_h,
        tl_hours(src.source_resolution_hours)      AS source_resolution_h,
        tl_bool(src.public)                        AS public_b,
        coalesce($csat_vals[list_position($csat_keys, lower(trim(src.csat)))],
                 try_cast(src.csat AS DOUBLE))     AS csat_d,
        list_position($act_keys, lower(trim(src.activity))) AS act_i
    FROM zones src
),
checked AS (
    SELECT *,
        (   (number IS NULL OR trim(number) = '') OR
        ($shape = 'tickets' AND created IS NULL) OR
        ($shape = 'events' AND event_time IS NULL) OR
        ($shape = 'tickets' AND status IS NULL) OR
        (created IS NOT NULL AND created_ts IS NULL) OR
        (first_response IS NOT NULL AND first_response_ts IS NULL) OR
        (resolved IS NOT NULL AND resolved_ts IS NULL) OR
        (closed IS NOT NULL AND closed_ts IS NULL) OR
        (updated IS NOT NULL AND updated_ts IS NULL) OR
        (event_time IS NOT NULL AND event_ts IS NULL) OR
        (status IS NOT NULL AND status_c IS NULL) OR
        (priority IS NOT NULL AND priority_c IS NULL) OR
        (reassignment_count IS NOT NULL AND reassignment_i IS NULL) OR
        (reopen_count IS NOT NULL AND reopen_i IS NULL) OR
        (agent_replies IS NOT NULL AND agent_replies_i IS NULL) OR
        (customer_replies IS NOT NULL AND customer_replies_i IS NULL) OR
        (made_sla IS NOT NULL AND made_sla_b IS NULL) OR
        (made_sla_remaining IS NOT NULL AND sla_remaining_h IS NULL) OR
        (source_first_response_hours IS NOT NULL AND source_first_response_h IS NULL) OR
        (source_resolution_hours IS NOT NULL AND source_resolution_h IS NULL) OR
        (public IS NOT NULL AND public_b IS NULL) OR
        (csat IS NOT NULL AND (csat_d IS NULL OR csat_d < 1 OR csat_d > 5)) OR
        (activity IS NOT NULL AND act_i IS NULL)
        ) AS bad
    FROM typed
)
SELECT
    trim(number) AS number,
    title,
    category,
    subcategory,
    requester,
    assignee, assignment_group,
    vendor,
    tier,
    agent,
    status AS source_status,
    priority AS source_priority,
    activity,
    created_ts,
    first_response_ts,
    resolved_ts,
    closed_ts,
    updated_ts,
    event_ts,
    zoned,
    status_c,
    nullif(priority_c, '') AS priority_c,  -- '' is the vocabulary's "no priority" (Jira's None)
    channel_c,
    reassignment_i,
    reopen_i,
    agent_replies_i,
    customer_replies_i,
    knowledge_b,
    made_sla_b,
    public_b, csat_d,
    source_first_response_h AS source_first_response_hours,
    source_resolution_h AS source_resolution_hours,
    $act_kinds[act_i] AS act_kind, nullif($act_statuses[act_i], '') AS act_status, nullif($act_groups[act_i], '') AS act_group,
    tl_bool($act_publics[act_i]) AS act_public, nullif($act_roles[act_i], '') AS act_role,
    bad,
    -- Only bad records pay for their list of problems (CASE evaluates THEN for them alone).
    CASE WHEN bad THEN list_filter([
            CASE WHEN number IS NULL OR trim(number) = '' THEN {'field': 'number', 'value': number, 'reason': 'missing ticket number'} END,
            CASE WHEN $shape = 'tickets' AND created IS NULL THEN {'field': 'created', 'value': created, 'reason': 'missing creation time'} END,
            CASE WHEN $shape = 'events' AND event_time IS NULL THEN {'field': 'event_time', 'value': event_time, 'reason': 'missing event time'} END,
            CASE WHEN $shape = 'tickets' AND status IS NULL THEN {'field': 'status', 'value': status, 'reason': 'missing status'} END,
            CASE WHEN created IS NOT NULL AND created_ts IS NULL THEN {'field': 'created', 'value': created, 'reason': 'not a time in the profile''s layouts'} END,
            CASE WHEN first_response IS NOT NULL AND first_response_ts IS NULL THEN {'field': 'first_response', 'value': first_response, 'reason': 'not a time in the profile''s layouts'} END,
            CASE WHEN resolved IS NOT NULL AND resolved_ts IS NULL THEN {'field': 'resolved', 'value': resolved, 'reason': 'not a time in the profile''s layouts'} END,
            CASE WHEN closed IS NOT NULL AND closed_ts IS NULL THEN {'field': 'closed', 'value': closed, 'reason': 'not a time in the profile''s layouts'} END,
            CASE WHEN updated IS NOT NULL AND updated_ts IS NULL THEN {'field': 'updated', 'value': updated, 'reason': 'not a time in the profile''s layouts'} END,
            CASE WHEN event_time IS NOT NULL AND event_ts IS NULL THEN {'field': 'event_time', 'value': event_time, 'reason': 'not a time in the profile''s layouts'} END,
            CASE WHEN status IS NOT NULL AND status_c IS NULL THEN {'field': 'status', 'value': status, 'reason': 'unknown status: add it to the mapping''s status vocabulary'} END,
            CASE WHEN priority IS NOT NULL AND priority_c IS NULL THEN {'field': 'priority', 'value': priority, 'reason': 'unknown priority: add it to the mapping''s priority vocabulary'} END,
            CASE WHEN reassignment_count IS NOT NULL AND reassignment_i IS NULL THEN {'field': 'reassignment_count', 'value': reassignment_count, 'reason': 'not a whole number'} END,
            CASE WHEN reopen_count IS NOT NULL AND reopen_i IS NULL THEN {'field': 'reopen_count', 'value': reopen_count, 'reason': 'not a whole number'} END,
            CASE WHEN agent_replies IS NOT NULL AND agent_replies_i IS NULL THEN {'field': 'agent_replies', 'value': agent_replies, 'reason': 'not a whole number'} END,
            CASE WHEN customer_replies IS NOT NULL AND customer_replies_i IS NULL THEN {'field': 'customer_replies', 'value': customer_replies, 'reason': 'not a whole number'} END,
            CASE WHEN made_sla IS NOT NULL AND made_sla_b IS NULL THEN {'field': 'made_sla', 'value': made_sla, 'reason': 'not true or false (nor a word of the mapping''s made_sla vocabulary)'} END,
            CASE WHEN made_sla_remaining IS NOT NULL AND sla_remaining_h IS NULL THEN {'field': 'made_sla_remaining', 'value': made_sla_remaining, 'reason': 'not an SLA time left as h:mm (negative when breached)'} END,
            CASE WHEN source_first_response_hours IS NOT NULL AND source_first_response_h IS NULL THEN {'field': 'source_first_response_hours', 'value': source_first_response_hours, 'reason': 'not a duration in hours (H:MM:SS or a number)'} END,
            CASE WHEN source_resolution_hours IS NOT NULL AND source_resolution_h IS NULL THEN {'field': 'source_resolution_hours', 'value': source_resolution_hours, 'reason': 'not a duration in hours (H:MM:SS or a number)'} END,
            CASE WHEN public IS NOT NULL AND public_b IS NULL THEN {'field': 'public', 'value': public, 'reason': 'not true or false'} END,
            CASE WHEN csat IS NOT NULL AND (csat_d IS NULL OR csat_d < 1 OR csat_d > 5) THEN {'field': 'csat', 'value': csat, 'reason': 'not a satisfaction score from 1 to 5 (or good/bad, or a word of the mapping''s csat vocabulary)'} END,
            CASE WHEN activity IS NOT NULL AND act_i IS NULL THEN {'field': 'activity', 'value': activity, 'reason': 'unknown activity: add it to the mapping''s activities'} END
        ], lambda p: p IS NOT NULL) END AS problems
FROM checked;
