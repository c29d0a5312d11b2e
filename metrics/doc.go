// Package metrics is the KPI catalog of tierlens and its runner: it parses the metric files
// (queries/metrics/*.sql plus a user directory), checks them against their result contract,
// and runs them over whole reporting periods with the dimensions asked for.
//
// A metric is one SQL file with a YAML header inside `-- ` comments between `-- ---` lines
// (name, title, description, unit, direction, target, grains, dimensions, variant_of, needs,
// role, explain).
// The file is one SELECT that runs unchanged in any DuckDB client over a tierlens warehouse,
// given five named parameters:
//
//	$start  TIMESTAMP  UTC instant where the first period starts (inclusive)
//	$end    TIMESTAMP  UTC instant where the last period ends (exclusive)
//	$grain  VARCHAR    day, week, month, quarter, year or all (the whole range as one period)
//	$tz     VARCHAR    the reporting time zone, e.g. Europe/Madrid
//	$by     VARCHAR[]  the dimensions to break down by, e.g. ['tier']
//
// The runner computes $start and $end in Go from the reporting zone, already aligned to whole
// periods; the SQL turns them into the few period boundaries with timezone() and filters rows
// by plain UTC comparisons, so no per-row time zone conversion ever runs.
//
// Every metric returns the same shape: `period` (the period's first local day), then every
// declared dimension in declared order, then `value`, then `numerator` and `denominator` (ratios)
// or `sample_size`. Dimensions not in $by come back NULL and the runner drops them; a requested
// dimension whose value is missing reads "(none)". Rows form a spine: every period × every
// configured tier (plus `unmapped` and `(none)` when they occur) × every combination of the
// other requested dimensions seen in the range, ordered by period, tier rank, then the others.
// Dimensions outside the selectable set (backlog_aging's `age`) are fixed breakdowns, always
// present.
//
// What the package does not do: it never imports the ETL or the warehouse package (it takes a
// *sql.DB), it writes nothing, and it renders nothing (see package dashboards and the CLI).
// Business-minute variants belong to the calendar engine and are not here yet.
package metrics
