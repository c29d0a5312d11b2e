package xlsx

import (
	"reflect"
	"testing"

	"github.com/tierlens/tierlens/dashboards"
)

func TestTableFrom(t *testing.T) {
	in := dashboards.Table{
		Title: "Time in tier",
		Empty: "",
		Columns: []dashboards.Column{
			{Label: "Tier"}, {Label: "Tickets", Numeric: true}, {Label: "Median", Numeric: true}, {Label: "Share", Numeric: true},
		},
		Rows: [][]dashboards.Cell{
			{{Text: "L1", Color: "#5470c6"}, {Value: f64(120)}, {Note: "no data"}, {Value: f64(0.25), Unit: dashboards.UnitPercent}},
			{{Text: "L2"}, {Value: f64(30), Unit: dashboards.UnitCount}, {Value: f64(6.5), Unit: dashboards.UnitHours}, {}},
			{{Text: ""}},
		},
	}
	want := Table{
		Title:   "Time in tier",
		Columns: []Column{{"Tier", UnitText}, {"Tickets", UnitCount}, {"Median", UnitHours}, {"Share", UnitPercent}},
		Rows:    [][]any{{"L1", 120.0, nil, 0.25}, {"L2", 30.0, 6.5, nil}, {nil, nil, nil, nil}},
	}
	if got := TableFrom(in); !reflect.DeepEqual(got, want) {
		t.Errorf("TableFrom:\n got  %#v\n want %#v", got, want)
	}
}
