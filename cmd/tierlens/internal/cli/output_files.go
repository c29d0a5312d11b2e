package cli

import (
	"fmt"
	"io"
	"math"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/tierlens/tierlens/dashboards/xlsx"
)

// columnKind is the one type a result column is written with in typed formats (parquet,
// xlsx), found from its values: a column whose values disagree is text.
type columnKind int

const (
	kindNull   columnKind = iota // every value empty: written as text
	kindInt                      // signed or small unsigned integers
	kindFloat                    // floats, decimals, or integers mixed with them
	kindBool                     //
	kindTime                     // time.Time (UTC, as DuckDB returns TIMESTAMP and DATE)
	kindDate                     // time.Time all at midnight: a DATE
	kindString                   // text, and anything else as its text
)

// floater is a DuckDB DECIMAL (duckdb.Decimal) or anything else with a float value.
type floater interface{ Float64() float64 }

// kindOf is the kind of one non-nil value.
func kindOf(v any) columnKind {
	switch x := v.(type) {
	case int, int8, int16, int32, int64, uint8, uint16, uint32:
		return kindInt
	case uint64:
		if x <= math.MaxInt64 {
			return kindInt
		}
		return kindString
	case float32, float64, floater:
		return kindFloat
	case bool:
		return kindBool
	case time.Time:
		if x.UTC().Truncate(24*time.Hour).Equal(x) && x.Nanosecond() == 0 {
			return kindDate
		}
		return kindTime
	}
	return kindString
}

// columnKinds finds each column's kind over all rows.
func (t *Table) columnKinds() []columnKind {
	kinds := make([]columnKind, len(t.Columns))
	for _, row := range t.Rows {
		for i, v := range row {
			if v == nil {
				continue
			}
			k := kindOf(v)
			switch cur := kinds[i]; {
			case cur == kindNull || cur == k:
				kinds[i] = k
			case (cur == kindInt && k == kindFloat) || (cur == kindFloat && k == kindInt):
				kinds[i] = kindFloat
			case (cur == kindDate && k == kindTime) || (cur == kindTime && k == kindDate):
				kinds[i] = kindTime
			default:
				kinds[i] = kindString
			}
		}
	}
	return kinds
}

// asInt64 and asFloat64 convert a value of a kindInt or kindFloat column.
func asInt64(v any) int64 {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case int64:
		return x
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		return int64(x)
	}
	return 0
}

func asFloat64(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case float32:
		return float64(x)
	case floater:
		return x.Float64()
	}
	return float64(asInt64(v))
}

// orderedGroup is a parquet group whose columns keep the query's order (parquet.Group is a
// map and sorts its fields by name).
type orderedGroup struct {
	parquet.Group
	order []string
}

// Fields returns the group's fields in the query's column order.
func (g orderedGroup) Fields() []parquet.Field {
	byName := map[string]parquet.Field{}
	for _, f := range g.Group.Fields() {
		byName[f.Name()] = f
	}
	out := make([]parquet.Field, len(g.order))
	for i, n := range g.order {
		out[i] = byName[n]
	}
	return out
}

// writeParquet writes t as a Parquet file from Go (no SQL writes files: COPY … TO is refused
// to readers). Every column is optional; its type is its kind: BIGINT, DOUBLE, BOOLEAN,
// TIMESTAMP (microseconds, no zone, like the warehouse's UTC times), DATE, or text.
func (t *Table) writeParquet(w io.Writer) error {
	names := uniqueNames(t.Columns)
	kinds := t.columnKinds()
	g := parquet.Group{}
	for i, n := range names {
		var node parquet.Node
		switch kinds[i] {
		case kindInt:
			node = parquet.Int(64)
		case kindFloat:
			node = parquet.Leaf(parquet.DoubleType)
		case kindBool:
			node = parquet.Leaf(parquet.BooleanType)
		case kindTime:
			node = parquet.TimestampAdjusted(parquet.Microsecond, false)
		case kindDate:
			node = parquet.Date()
		default:
			node = parquet.String()
		}
		g[n] = parquet.Optional(node)
	}
	schema := parquet.NewSchema("tierlens", orderedGroup{Group: g, order: names})
	pw := parquet.NewWriter(w, schema, parquet.Compression(&parquet.Snappy), parquet.CreatedBy("tierlens", Version, ""))
	const batch = 1024
	rows := make([]parquet.Row, 0, batch)
	flush := func() error {
		if _, err := pw.WriteRows(rows); err != nil {
			return err
		}
		rows = rows[:0]
		return nil
	}
	for _, row := range t.Rows {
		pr := make(parquet.Row, len(row))
		for i, v := range row {
			if v == nil {
				pr[i] = parquet.NullValue().Level(0, 0, i)
				continue
			}
			var pv parquet.Value
			switch kinds[i] {
			case kindInt:
				pv = parquet.Int64Value(asInt64(v))
			case kindFloat:
				pv = parquet.DoubleValue(asFloat64(v))
			case kindBool:
				pv = parquet.BooleanValue(v.(bool))
			case kindTime:
				pv = parquet.Int64Value(v.(time.Time).UnixMicro())
			case kindDate:
				pv = parquet.Int32Value(int32(v.(time.Time).Unix() / 86400))
			default:
				pv = parquet.ByteArrayValue([]byte(text(v)))
			}
			pr[i] = pv.Level(0, 1, i)
		}
		rows = append(rows, pr)
		if len(rows) == batch {
			if err := flush(); err != nil {
				return fmt.Errorf("parquet: %w", err)
			}
		}
	}
	if err := flush(); err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	return nil
}

// writeXLSX writes t as a workbook of one sheet through package dashboards/xlsx, the one
// writer of excelize: text stays text (a leading = + - @ is never a formula), numbers and
// times are real numbers and dates.
func (t *Table) writeXLSX(w io.Writer) error {
	kinds := t.columnKinds()
	cols := make([]xlsx.Column, len(t.Columns))
	for i, n := range t.Columns {
		unit := xlsx.UnitText
		switch kinds[i] {
		case kindInt:
			unit = xlsx.UnitCount
		case kindFloat:
			unit = xlsx.UnitNumber
		case kindTime:
			unit = xlsx.UnitDateTime
		case kindDate:
			unit = xlsx.UnitDate
		}
		cols[i] = xlsx.Column{Label: n, Unit: unit}
	}
	return xlsx.WriteTable(w, "Result", cols, func(yield func([]any) error) error {
		out := make([]any, len(t.Columns))
		for _, row := range t.Rows {
			for i, v := range row {
				switch {
				case v == nil:
					out[i] = nil
				case kinds[i] == kindInt:
					out[i] = asInt64(v)
				case kinds[i] == kindFloat:
					f := asFloat64(v)
					if math.IsNaN(f) || math.IsInf(f, 0) {
						out[i] = nil
					} else {
						out[i] = f
					}
				case kinds[i] == kindTime || kinds[i] == kindDate:
					out[i] = v
				default:
					out[i] = text(v)
				}
			}
			if err := yield(out); err != nil {
				return err
			}
		}
		return nil
	})
}
