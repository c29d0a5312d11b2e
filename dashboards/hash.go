package dashboards

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tierlens/tierlens/config"
	"github.com/tierlens/tierlens/metrics"
)

// hashLen is how many hex digits of a SHA-256 a report shows: enough to tell versions apart.
const hashLen = 12

// ConfigHash identifies the effective configuration (tiers, tier map, calendars, SLA
// policies, targets, time zone): the SHA-256 of its canonical JSON form, without the path it
// was read from, so the same settings hash the same wherever the file lives.
func ConfigHash(cfg *config.Config) (string, error) {
	if cfg == nil {
		return "", fmt.Errorf("hash configuration: no configuration")
	}
	c := *cfg
	c.Path = ""
	b, err := json.Marshal(&c) // struct fields in declaration order, map keys sorted
	if err != nil {
		return "", fmt.Errorf("hash configuration: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:hashLen], nil
}

// DefinitionsHash identifies the metric catalog: the SHA-256 over every metric's name and
// file text (header and SQL, line endings normalised), in name order. Two reports with the
// same hash were computed by the same definitions.
func DefinitionsHash(cat *metrics.Catalog) string {
	h := sha256.New()
	for _, m := range cat.Metrics() {
		fmt.Fprintf(h, "%s\n%d\n%s\n", m.Name, len(m.SQL), strings.ReplaceAll(m.SQL, "\r\n", "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))[:hashLen]
}
