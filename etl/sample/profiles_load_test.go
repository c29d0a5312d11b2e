package sample_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/etl"
	"github.com/tierlens/tierlens/etl/sample"
	"github.com/tierlens/tierlens/etl/warehouse"
)

// Each flat export the generator writes loads through its profile, found by its header, and
// tierlens's tickets agree with figures computed straight from the raw CSV in plain DuckDB
// SQL: tickets, tickets per status, created and resolved per month. The raw side maps the
// product's statuses with its own CASE, written from the products' conventions, not from
// the profiles.
func TestFlatExportsLoadAsGenerated(t *testing.T) {
	end := time.Date(2026, 11, 20, 23, 59, 59, 0, time.UTC)
	cases := []struct {
		profile, file, number, created, resolved, layout, status string
	}{
		{
			profile: "jira", file: "jira_issues.csv", number: `"Issue key"`, created: `"Created"`, resolved: `"Resolved"`,
			layout: "%d/%b/%y %I:%M %p",
			// Project statuses; those no vocabulary knows go by their Status Category.
			status: `CASE "Status" WHEN 'Open' THEN 'open' WHEN 'In Progress' THEN 'open'
				WHEN 'Waiting for customer' THEN 'pending' WHEN 'Pending' THEN 'pending'
				WHEN 'Resolved' THEN 'resolved' WHEN 'Closed' THEN 'closed' WHEN 'Canceled' THEN 'cancelled'
				ELSE CASE "Status Category" WHEN 'To Do' THEN 'new' WHEN 'In Progress' THEN 'open' WHEN 'Done' THEN 'resolved' END END`,
		},
		{
			profile: "freshdesk", file: "freshdesk_tickets.csv", number: `"Ticket ID"`, created: `"Created time"`, resolved: `"Resolved time"`,
			layout: "%d/%m/%Y %H:%M",
			status: `CASE WHEN "Status" = 'Open' THEN 'open' WHEN "Status" = 'Pending' OR "Status" LIKE 'Waiting on %' THEN 'pending'
				WHEN "Status" = 'Resolved' THEN 'resolved' WHEN "Status" = 'Closed' THEN 'closed' WHEN "Status" = 'Cancelled' THEN 'cancelled' END`,
		},
		{
			profile: "freshservice", file: "freshservice_tickets.csv", number: `"Ticket Id"`, created: `"Created Time"`, resolved: `"Resolved Time"`,
			layout: "%d/%m/%Y %H:%M",
			status: `CASE WHEN "Status" = 'Open' THEN 'open' WHEN "Status" = 'Pending' OR "Status" LIKE 'Waiting on %' THEN 'pending'
				WHEN "Status" = 'Resolved' THEN 'resolved' WHEN "Status" = 'Closed' THEN 'closed' WHEN "Status" = 'Cancelled' THEN 'cancelled' END`,
		},
		{
			profile: "servicenow", file: "servicenow_list.csv", number: `"number"`, created: `"opened_at"`, resolved: `"resolved_at"`,
			layout: "%Y-%m-%d %H:%M:%S",
			status: `CASE "incident_state" WHEN 'New' THEN 'new' WHEN 'In Progress' THEN 'open' WHEN 'On Hold' THEN 'pending'
				WHEN 'Resolved' THEN 'resolved' WHEN 'Closed' THEN 'closed' WHEN 'Canceled' THEN 'cancelled' END`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.profile, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			if _, err := sample.Generate(ctx, sample.Options{Tickets: 600, Seed: 11, End: end, Weeks: 20, Profile: tc.profile, OutDir: dir}); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, tc.file)
			w, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), warehouse.Options{MemoryLimit: "1GB"})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			l := &etl.Loader{W: w, Config: config.Default(), Now: func() time.Time { return end }, Version: "test"}
			// UTC as the source zone: stored times are the file's wall clock, so months compare.
			res, err := l.Load(ctx, path, etl.FileOptions{TimeZone: "UTC"})
			if err != nil {
				t.Fatal(err)
			}
			if res.Profile != tc.profile || res.Records != 600 || res.Loaded != 600 || res.Rejected != 0 {
				t.Fatalf("load: profile %s, %d records, %d loaded, %d rejected %v", res.Profile, res.Records, res.Loaded, res.Rejected, res.Rejects)
			}
			raw := fmt.Sprintf(`(SELECT %s AS number, %s AS status,
					strptime(%s, '%s') AS created, strptime(nullif(%s, ''), '%s') AS resolved
				FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"'))`,
				tc.number, tc.status, tc.created, tc.layout, tc.resolved, tc.layout)
			for _, q := range []struct{ what, mine, theirs string }{
				{"tickets", "SELECT count(*)::VARCHAR FROM tickets", "SELECT count(DISTINCT number)::VARCHAR FROM " + raw},
				{"status", "SELECT status || ' ' || count(*) FROM tickets GROUP BY status ORDER BY status",
					"SELECT coalesce(status, 'UNMAPPED') || ' ' || count(*) FROM " + raw + " GROUP BY status ORDER BY status"},
				{"created per month", "SELECT m || ' ' || count(*) FROM (SELECT strftime(created_at, '%Y-%m') AS m FROM tickets) GROUP BY m ORDER BY m",
					"SELECT m || ' ' || count(*) FROM (SELECT strftime(created, '%Y-%m') AS m FROM " + raw + ") GROUP BY m ORDER BY m"},
				{"resolved per month", "SELECT m || ' ' || count(*) FROM (SELECT strftime(resolved_at, '%Y-%m') AS m FROM tickets WHERE resolved_at IS NOT NULL) GROUP BY m ORDER BY m",
					"SELECT m || ' ' || count(*) FROM (SELECT strftime(resolved, '%Y-%m') AS m FROM " + raw + " WHERE resolved IS NOT NULL) GROUP BY m ORDER BY m"},
			} {
				mine, theirs := column(t, w.DB, q.mine), column(t, w.DB, q.theirs, sql.Named("path", path))
				if len(theirs) == 0 || !reflect.DeepEqual(mine, theirs) {
					t.Errorf("%s:\ntierlens %q\nraw CSV  %q", q.what, mine, theirs)
				}
			}
		})
	}
}

func column(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
