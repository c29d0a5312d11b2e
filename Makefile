# tierlens — build, demo, tests and benchmarks. Two commands set everything up:
#   make demo   build, generate sample exports, load them, print status and a per-tier summary
#   make test   the whole test suite
GO      ?= go
BIN     := bin/tierlens
DB      := out/tierlens.duckdb
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/tierlens/tierlens/cmd/tierlens/internal/cli.Version=$(VERSION)

ECHARTS := dashboards/html/assets/echarts.min.js

.PHONY: build demo test vet fmt bench fuzz clean assets

# ECharts for the HTML dashboard, from the npm package pinned in package-lock.json, embedded
# into the binary (never committed).
assets: $(ECHARTS)

$(ECHARTS): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	cp node_modules/echarts/dist/echarts.min.js $@

build: assets
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/tierlens

demo: build
	@rm -rf out && mkdir -p out
	$(BIN) sample --profile generic --tickets 5000 --seed 42 --out out/exports
	$(BIN) --db $(DB) load --mapping sample-data/mappings/generic-events.yaml out/exports/generic_events.csv
	$(BIN) --db $(DB) status
	@echo
	@echo "Per-tier summary (queries/examples/tier_summary.sql):"
	$(BIN) --db $(DB) query -f queries/examples/tier_summary.sql
	$(BIN) --db $(DB) dashboard --week last -o out/dashboard.html

test: vet assets
	$(GO) test -count=1 ./...

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; echo "gofmt: files above need formatting"; exit 1; }
	$(GO) vet ./...

# Speed and memory targets: 1M generated tickets (~6M events) against DuckDB's raw read_csv.
bench: build
	$(GO) run ./cmd/tlbench -tierlens $(BIN) -tickets 1000000

# Run each fuzz target for a short while (the seeds also run in make test).
fuzz:
	@for t in $$(grep -rhoE '^func (Fuzz[A-Za-z0-9_]+)' --include='*_test.go' . | sed 's/func //'); do \
		pkg=$$(grep -rlE "^func $$t\(" --include='*_test.go' . | head -1 | xargs dirname); \
		echo "fuzz $$t in $$pkg"; $(GO) test $$pkg -run XXX -fuzz "^$$t$$" -fuzztime 20s || exit 1; \
	done

clean:
	rm -rf bin out .bench
