package cli

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/dashboards"
	"github.com/tierlens/tierlens/etl/warehouse"
	"github.com/tierlens/tierlens/metrics"
	"github.com/tierlens/tierlens/queries"
)

// reportSpec checks and resolves the flags the dashboard and the pack (what) share: the
// language, --by (tier only), the filter, and the period with its trend; it loads the
// configuration and the metric catalog.
func reportSpec(env *Env, o *dashboardOptions, what string, trendGiven bool) (*config.Config, *metrics.Catalog, dashboards.Spec, error) {
	fail := func(err error) (*config.Config, *metrics.Catalog, dashboards.Spec, error) {
		return nil, nil, dashboards.Spec{}, err
	}
	if err := dashboards.CheckLang(o.lang); err != nil {
		return fail(usageError("--lang %q: use en or es", o.lang))
	}
	for _, d := range o.by {
		if d = strings.TrimSpace(d); d != "tier" {
			return fail(usageError("--by %q: the %s breaks down by tier only", d, what))
		}
	}
	flt, err := o.filter.parse()
	if err != nil {
		return fail(err)
	}
	cfg, cat, err := loadCatalog(env)
	if err != nil {
		return fail(err)
	}
	spec, err := dashboardSpec(cfg, o, env.Now(), trendGiven)
	if err != nil {
		return fail(err)
	}
	spec.Filter = flt
	return cfg, cat, spec, nil
}

// reportConn is one read-only connection with this binary's report macros (files of
// queries.FS(), created as TEMP macros so a warehouse loaded by an older tierlens gets them
// too) and the report's filter set; release gives it back without the filter.
func reportConn(ctx context.Context, db *sql.DB, flt metrics.Filter, files ...string) (*sql.Conn, func(), error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, name := range files {
		text, err := queries.Read(name)
		if err == nil {
			_, err = conn.ExecContext(ctx, strings.ReplaceAll(text, "CREATE OR REPLACE MACRO ", "CREATE OR REPLACE TEMP MACRO "))
		}
		if err != nil {
			conn.Close()
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	clear, err := flt.Apply(ctx, conn)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	return conn, func() { clear(); conn.Close() }, nil
}

// reportData is what the dashboard and the pack are built from.
type reportData struct {
	run     dashboards.Runner // the warehouse's metrics under the report's filter
	results *dashboards.Results
	report  *dashboards.Report
	conn    *sql.Conn // the report's connection (reportConn with the dashboard's macros and extra)
	release func()
}

// buildReport runs the metrics of spec on w under its filter, reads the data facts and builds
// the report: the part the dashboard and the pack share. extra are more macro files for the
// caller's own queries on conn.
func buildReport(ctx context.Context, env *Env, w *warehouse.Warehouse, cfg *config.Config, cat *metrics.Catalog, spec dashboards.Spec, extra ...string) (*reportData, error) {
	stale := warnStaleDerived(ctx, env, w)
	if err := spec.Filter.Validate(ctx, w.DB); err != nil {
		return nil, filterError(err)
	}
	d := &reportData{run: func(ctx context.Context, names []string, q metrics.Query) ([]*metrics.Result, error) {
		q.Filter = spec.Filter
		return cat.Run(ctx, w.DB, cfg, names, q)
	}}
	var err error
	if d.results, err = dashboards.Collect(ctx, cat, d.run, spec); err != nil {
		return nil, metricError(filterError(err))
	}
	// the escalation flow and the pack's tickets follow the filter (tl_filtered_tickets)
	if d.conn, d.release, err = reportConn(ctx, w.DB, spec.Filter, append([]string{dashboardViews}, extra...)...); err != nil {
		return nil, fmt.Errorf("read report facts: %w", err)
	}
	facts, err := readDashboardFacts(ctx, d.conn, spec.From, spec.To)
	if err != nil {
		d.release()
		return nil, err
	}
	facts.Stale = stale // the page says it too: a manager never sees stderr
	if d.report, err = dashboards.Build(dashboards.Input{Spec: spec, Config: cfg, Catalog: cat, Results: d.results, Facts: facts}); err != nil {
		d.release()
		return nil, err
	}
	return d, nil
}
