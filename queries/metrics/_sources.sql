-- What each source records, for the metrics' `needs` (a helper of the runner, not a metric:
-- files starting with _ are not in the catalog). A metric whose needs a source cannot meet
-- reports "not available from this source" for it instead of a misleading 0.
SELECT
    source,
    bool_or(history = 'events')            AS history,
    bool_or(agent_replies IS NOT NULL)     AS replies,
    bool_or(csat_score IS NOT NULL)        AS csat,
    bool_or(knowledge IS NOT NULL)         AS knowledge,
    bool_or(first_response_at IS NOT NULL) AS response
FROM tickets
GROUP BY source
ORDER BY source
