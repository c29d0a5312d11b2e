-- Tickets per current tier and status: a first look at what is loaded.
-- Run: tierlens query "$(cat queries/examples/tickets_per_tier.sql)"   or open tierlens.duckdb in any DuckDB client.
SELECT tier, status, count(*) AS tickets
FROM tickets
GROUP BY ALL
ORDER BY tier, status;
