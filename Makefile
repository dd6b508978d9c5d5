# PanelPulse: `make run` starts the server with a private PostgreSQL and a
# demo tenant; `make test` runs everything CI checks.

GO        ?= go
TOOL      := $(GO) tool -modfile=tools/go.mod
DATA_DIR  ?= .data
PKGS      := ./...
# The browser journeys run without -race in their own step (make browser).
BROWSER_PKG := ./internal/journey/
ARTIFACTS ?= .artifacts

.PHONY: run test generate check-generated lint vet staticcheck buflint unit fuzz postgres chromium web web-ci weblint browser reset bench-plan bench-push bench-ingest bench-trend bench-export bench-limits bench-national fuzz-attacker

## run: the server, the workers, a private PostgreSQL in $(DATA_DIR) and the demo tenant
run: postgres
	$(GO) run ./cmd/panelpulse serve -simulate

## test: generated code and the web build are current, linters are clean, all tests pass with -race, the browser journeys pass
test: postgres chromium check-generated lint unit browser fuzz

## postgres: make sure the PostgreSQL server binaries are installed
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then \
		echo "installing PostgreSQL server binaries"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	fi

## chromium: make sure Chromium is installed for the browser tests
chromium:
	@if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 && [ -z "$$CHROMIUM" ]; then \
		echo "installing Chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

## generate: protobuf and Connect code (buf, local plugins), sqlc queries, the TypeScript client and the web build
generate: web/node_modules/.bin/protoc-gen-es
	$(TOOL) buf format -w
	$(TOOL) buf generate
	$(TOOL) buf generate --template buf.gen.web.yaml
	$(TOOL) sqlc generate
	cd web && npm run --silent build

web/node_modules/.bin/protoc-gen-es: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

## web-ci: install the web tools exactly as locked
web-ci:
	cd web && npm ci --no-audit --no-fund

## web: the TypeScript client and the console and app bundles (web/dist, embedded by the server)
web: web/node_modules/.bin/protoc-gen-es
	$(TOOL) buf generate --template buf.gen.web.yaml
	cd web && npm run --silent build

## check-generated: fail when regenerating changes any committed file (gen/, the TypeScript client, web/dist)
check-generated: web-ci generate
	@if [ -n "$$(git status --porcelain -- gen proto db web)" ]; then \
		echo "generated code or the web build is stale; run 'make generate' and commit:"; git status --porcelain -- gen proto db web; exit 1; fi

lint: vet staticcheck buflint weblint
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^gen/')); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

staticcheck:
	$(TOOL) staticcheck $(PKGS)

buflint:
	$(TOOL) buf lint
	$(TOOL) buf format -d --exit-code

## weblint: prettier, and no "any" in the hand-written TypeScript (the compiler is strict)
weblint: web/node_modules/.bin/protoc-gen-es
	cd web && npx prettier --check .
	@if grep -rnE ':\s*any\b|\bas any\b|<any>' web/src --include='*.ts' --include='*.tsx' --exclude-dir=gen; then \
		echo "no 'any' in web/src"; exit 1; fi

## unit: every test against a real PostgreSQL, with the race detector (the browser journeys apart)
unit:
	$(GO) test -race -count=1 -timeout 20m $$($(GO) list $(PKGS) | grep -v '/internal/journey$$')

## browser: the browser journeys in Chromium against the real server, without -race; screenshots in $(ARTIFACTS)
browser: chromium
	@mkdir -p $(ARTIFACTS)
	$(GO) test -count=1 -timeout 10m -artifacts -outputdir=$(CURDIR)/$(ARTIFACTS) $(BROWSER_PKG)

## fuzz: a short run of each fuzz target; the attacker's fuzz target replays its corpus (make fuzz-attacker searches further)
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzValidate$$' -fuzztime=10s ./internal/answer/
	$(GO) test -run='^$$' -fuzz='^FuzzDecode$$' -fuzztime=10s ./internal/answer/
	$(GO) test -run='^$$' -fuzz='^FuzzDeliveryInstant$$' -fuzztime=10s ./internal/calendar/
	$(GO) test -run='^FuzzAttacker$$' ./internal/observatory/

## fuzz-attacker: search new random panels for hidden cells the attacker can bound (FUZZTIME, default 60s); it still finds sums confined by combinations of several tables, the open disclosure residual in docs/observatory.md
FUZZTIME ?= 60s
fuzz-attacker:
	$(GO) test -run='^$$' -fuzz='^FuzzAttacker$$' -fuzztime=$(FUZZTIME) ./internal/observatory/

## reset: delete the demo's database folder
reset:
	rm -rf $(DATA_DIR)

## bench-plan: plan one day for 1,000,000 panellists in 40 tenants (private PostgreSQL)
bench-plan: postgres
	$(GO) run ./cmd/benchplan -panellists 1000000 -tenants 40 -workers 2

## bench-push: 100,000 pushes through the dispatcher into the fake FCM, the fake's own capacity, then the kill and replica runs with 10,000
bench-push: postgres
	$(GO) run ./cmd/pushbench bench -n 100000 -batch 500 -workers 4 -procs-n 10000 -kills 10

## bench-ingest: SubmitAnswer over HTTP with group commit against a durable private PostgreSQL, beside pgbench single-row INSERTs
bench-ingest: postgres
	$(GO) run ./cmd/ingestload -panellists 1000 -clients 32 -duration 15s

## bench-trend: TREND_ANSWERS (default 10,000,000) answers by COPY into a durable private PostgreSQL, then 200 reads of a wave's daily series by sector beside the raw GROUP BY
TREND_ANSWERS ?= 10000000
bench-trend: postgres
	$(GO) run ./cmd/benchtrend -answers $(TREND_ANSWERS) -reads 200

## bench-export: 1,000,000 micro-data rows as CSV through the HTTP endpoint beside COPY TO STDOUT of the same rows
bench-export: postgres
	$(GO) run ./cmd/benchexport -rows 1000000

## bench-national: 40 regions x 2,500 panellists through the real planner, dispatcher and API on a moving fake clock (NATIONAL_DAYS simulated days, default 1)
NATIONAL_DAYS ?= 1
bench-national: postgres
	$(GO) run ./cmd/benchnational -tenants 40 -panellists 2500 -days $(NATIONAL_DAYS)

.PHONY: golden
## golden: recompute the design estimators' golden values with R's survey package (apt-get install r-base-core r-cran-survey; not needed by make test)
golden:
	cd internal/stats/testdata/design && Rscript golden.R

## bench-limits: database transactions/s with 0, 1 and 500 WatchResults streams on one finding (shared poll, and one poll per stream as before, same run), then how long 200 bodies at 1 byte/s, a headers-only and a slow-headers connection stay open against the real server's timeouts (about 2.5 min)
bench-limits: postgres
	$(GO) run ./cmd/benchlimits -streams 500 -slow 200
