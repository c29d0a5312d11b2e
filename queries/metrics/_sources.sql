-- What each source records, for the metrics' `needs` (a helper of the runner, not a metric:
-- files starting with _ are not in the catalog). A metric whose needs a source cannot meet
-- reports "not available from this source" for it instead of a misleading 0. The table
-- source_data is derived from the tickets with the other derived tables (view
-- source_data_build, queries/views/017_ticket_facts.sql), so each metric run reads a row per
-- source instead of scanning every ticket.
SELECT source, history, replies, csat, knowledge, response, coalesce(groups, true) AS groups
FROM source_data
ORDER BY source
