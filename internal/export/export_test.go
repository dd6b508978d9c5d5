package export_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/export"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/observatory/synth"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/rollup"
	"github.com/panelpulse/panelpulse/internal/rpc"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

type programme struct {
	id                  int64
	analystKey, adminKy string
	answers             int
}

// setup loads two tenants into one database and serves the exports.
func setup(t *testing.T, edit ...func(*synth.Config)) (string, []programme) {
	t.Helper()
	ctx := context.Background()
	st := store.New(pgtest.NewDB(t))
	var ps []programme
	for i, slug := range []string{"north", "south"} {
		tn, err := tenant.Create(ctx, st, tenant.Settings{Slug: slug, Name: slug})
		if err != nil {
			t.Fatal(err)
		}
		p := programme{id: tn.ID}
		if p.analystKey, err = tenant.IssueKey(ctx, st, tn.ID, auth.RoleAnalyst, "t"); err != nil {
			t.Fatal(err)
		}
		if p.adminKy, err = tenant.IssueKey(ctx, st, tn.ID, auth.RoleAdmin, "t"); err != nil {
			t.Fatal(err)
		}
		cfg := synth.Config{Seed: uint64(i + 1), Businesses: 30, MaxPeople: 2, Days: 3,
			Sectors: []string{"Manufacturing", "Logistics"}, Districts: []string{"Leicester"},
			Start: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), AnswerRate: 0.9, ReviseRate: 0.2, IDBase: int64(i) * 1_000_000,
			Questions: []bank.Input{{Key: "confidence", Theme: "skills", Title: "Confidence", Wording: "How confident?",
				Spec: answer.Spec{Type: answer.TypeScale, ScaleMin: 1, ScaleMax: 10, MinLabel: "Low", MaxLabel: "High"}}}}
		for _, e := range edit {
			e(&cfg)
		}
		panel, err := synth.Load(ctx, st, tn.ID, cfg)
		if err != nil {
			t.Fatal(err)
		}
		p.answers = int(panel.Answers)
		ps = append(ps, p)
	}
	b, _ := bank.New(st)
	clk := clock.NewFake(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	roll, err := rollup.New(st, clk, slog.New(slog.NewTextHandler(io.Discard, nil)), rollup.Config{})
	if err != nil {
		t.Fatal(err)
	}
	obs, err := observatory.New(st, b, clk, roll)
	if err != nil {
		t.Fatal(err)
	}
	h, err := export.New(obs, b, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	v, err := rpc.NewVerifier(st, clock.NewFake(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)), auth.DefaultSessionPolicy)
	if err != nil {
		t.Fatal(err)
	}
	m, err := auth.NewMiddleware(v, rpc.Rules())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h.Routes(m)[export.Prefix])
	t.Cleanup(srv.Close)
	return srv.URL + export.Prefix, ps
}

func get(t *testing.T, url, key string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, body
}

// TestMicrodataIsolatedAndPseudonymous: each tenant's analyst gets exactly
// its own latest answers, in every format, with pseudonyms that are stable
// across downloads and never shared between tenants.
func TestMicrodataIsolatedAndPseudonymous(t *testing.T) {
	t.Parallel()
	base, ps := setup(t)
	respondents := make([]map[string]bool, len(ps))
	for i, p := range ps {
		code, body := get(t, base+"microdata.csv", p.analystKey)
		if code != http.StatusOK {
			t.Fatalf("tenant %d: status %d: %s", i, code, body)
		}
		recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(recs[0], ",") != strings.Join(observatory.MicroHeader, ",") || len(recs)-1 != p.answers {
			t.Fatalf("tenant %d: %d rows with header %v, want %d latest answers", i, len(recs)-1, recs[0], p.answers)
		}
		respondents[i] = map[string]bool{}
		for _, r := range recs[1:] {
			if len(r[1]) != 16 {
				t.Fatalf("pseudonym %q is not 16 hex digits", r[1])
			}
			respondents[i][r[1]] = true
		}
		_, again := get(t, base+"microdata.csv", p.analystKey)
		if !bytes.Equal(body, again) {
			t.Fatalf("tenant %d: a second download differs (pseudonyms not stable?)", i)
		}
		_, jl := get(t, base+"microdata.jsonl", p.analystKey)
		if n := bytes.Count(jl, []byte("\n")); n != p.answers {
			t.Fatalf("tenant %d: %d JSON lines, want %d", i, n, p.answers)
		}
		_, pq := get(t, base+"microdata.parquet", p.analystKey)
		rows, err := parquet.Read[observatory.MicroParquetRow](bytes.NewReader(pq), int64(len(pq)))
		if err != nil || len(rows) != p.answers || rows[0].Respondent == nil || rows[0].Business == nil || rows[0].Day == 0 {
			t.Fatalf("tenant %d: parquet gave %d rows (err %v), want %d", i, len(rows), err, p.answers)
		}
		// Typed like the data: day a DATE, counts integers, and the CSV's
		// empty cells null, row for row.
		pf, err := parquet.OpenFile(bytes.NewReader(pq), int64(len(pq)))
		if err != nil {
			t.Fatal(err)
		}
		for col, want := range map[string]string{"day": "DATE", "question_version": "int32", "revision": "int32", "answer_id": "int64"} {
			leaf, ok := pf.Schema().Lookup(col)
			if !ok || !strings.Contains(fmt.Sprint(leaf.Node), want) {
				t.Fatalf("tenant %d: parquet column %s is %v, want %s", i, col, leaf.Node, want)
			}
		}
		for k, r := range rows {
			c := recs[k+1]
			if time.Unix(int64(r.Day)*86400, 0).UTC().Format(time.DateOnly) != c[4] || (r.Stratum == nil) != (c[14] == "") || (r.Codes == nil) != (c[10] == "") || (r.Matrix == nil) != (c[11] == "") ||
				(r.Value == nil) != (c[9] == "") || (r.Weight == nil) != (c[15] == "") || r.Business == nil || *r.Business != c[13] {
				t.Fatalf("tenant %d row %d: parquet %+v, csv %v", i, k, r, c)
			}
		}
	}
	for r := range respondents[0] {
		if respondents[1][r] {
			t.Fatalf("pseudonym %s appears in both tenants' exports", r)
		}
	}
}

// TestExportAuth: the key goes in the header, is an analyst's, and never
// in the URL.
func TestExportAuth(t *testing.T) {
	t.Parallel()
	base, ps := setup(t)
	cases := []struct {
		name, url, key string
		want           int
	}{
		{"no key", base + "codebook.csv", "", http.StatusUnauthorized},
		{"malformed key", base + "codebook.csv", "nonsense", http.StatusUnauthorized},
		{"admin key", base + "codebook.csv", ps[0].adminKy, http.StatusForbidden},
		{"key in URL", base + "codebook.csv?key=" + ps[0].analystKey, "", http.StatusBadRequest},
		{"analyst", base + "codebook.csv", ps[0].analystKey, http.StatusOK},
		{"unknown question", base + "trend.csv?question=nope", ps[0].analystKey, http.StatusNotFound},
		{"bad period", base + "trend.csv?question=confidence&period=year", ps[0].analystKey, http.StatusBadRequest},
	}
	for _, c := range cases {
		if code, body := get(t, c.url, c.key); code != c.want {
			t.Errorf("%s: status %d (%s), want %d", c.name, code, body, c.want)
		}
	}
}

// TestTrendCSV reads the tidy series the way R or pandas would.
func TestTrendCSV(t *testing.T) {
	t.Parallel()
	base, ps := setup(t)
	code, body := get(t, base+"trend.csv?question=confidence&period=day&dimension=sector", ps[0].analystKey)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Scan()
	if sc.Text() != strings.Join(observatory.TidyHeader, ",") {
		t.Fatalf("header %q", sc.Text())
	}
	means := 0
	for sc.Scan() {
		f := strings.Split(sc.Text(), ",")
		if f[7] == "mean" {
			means++
			if (f[8] == "") != (f[14] == "true") {
				t.Fatalf("row %q: a value must be present exactly when not suppressed", sc.Text())
			}
		}
	}
	if means != 6 {
		t.Fatalf("got %d mean rows, want 3 days x 2 sectors", means)
	}
	code, body = get(t, base+"trend.json?question=confidence&weighted=true", ps[0].analystKey)
	if code != http.StatusOK || !bytes.Contains(body, []byte(`"weighted":false`)) || !bytes.Contains(body, []byte("no population frame")) {
		t.Fatalf("weighted trend without a frame: %d %s", code, body)
	}
}
