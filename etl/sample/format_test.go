package sample

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

var trickyStrings = []string{"", "plain", " leading space", "a,b", `say "hi"`, "two\nlines", "cr\r\nlf",
	"</script>", "a & b", "tab\there", "\x01ctl", "🔥 Outlook down 🔥", "line\u2028sep", "bad \xff utf8", `back\slash`,
	"Printer \"HP-3F, tray 2\" jams,\nagain after the fix"}

func TestAppendCSVRoundTrips(t *testing.T) {
	for _, s := range trickyStrings {
		rec, err := csv.NewReader(strings.NewReader(string(appendCSV(nil, s)) + ",x\n")).Read()
		if err != nil || len(rec) != 2 || rec[0] != strings.ReplaceAll(s, "\r\n", "\n") || rec[1] != "x" {
			t.Errorf("appendCSV(%q) read back as %q, %v", s, rec, err)
		}
	}
}

func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range trickyStrings {
		want, _ := json.Marshal(s)
		if got := string(appendJSONString(nil, s)); got != string(want) {
			t.Errorf("appendJSONString(%q) = %s, encoding/json gives %s", s, got, want)
		}
	}
}

func TestTimeAppendersMatchTimeFormat(t *testing.T) {
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Unix()
	cal, err := newCalendar(from, from+60*day, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Steps of 7919 s cross the spring clock change at odd minutes.
	for s := from; s < from+60*day; s += 7919 {
		lt := time.Unix(s, 0).In(cal.loc)
		if got, want := string(cal.appendISO(nil, s, 'T')), lt.Format("2006-01-02T15:04:05"); got != want {
			t.Fatalf("appendISO(%d) = %s, want %s", s, got, want)
		}
		if got, want := string(cal.appendDayFirst(nil, s)), lt.Format("2/1/2006 15:04"); got != want {
			t.Fatalf("appendDayFirst(%d) = %s, want %s", s, got, want)
		}
		naive := time.Date(lt.Year(), lt.Month(), lt.Day(), lt.Hour(), lt.Minute(), lt.Second(), 0, time.UTC)
		if got := cal.naiveMillis(s); got != naive.UnixMilli() {
			t.Fatalf("naiveMillis(%d) = %d, want %d", s, got, naive.UnixMilli())
		}
	}
}
