package clock_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// wallClockReads are the package time functions that read or wait on the
// wall clock.
var wallClockReads = []string{"Now", "Since", "Until", "After", "AfterFunc", "Tick", "NewTimer", "NewTicker", "Sleep"}

// measurement lists the files that may read the wall clock because they
// measure latency or throughput (metrics, logs, benchmark timings) and
// decide nothing by it; each with the reason.
var measurement = map[string]string{
	"internal/server/observe.go":      "request latency for metrics and logs",
	"internal/fakefcm/capacity.go":    "the fake FCM's own throughput, measured for benchmarks",
	"internal/push/pushtest/procs.go": "drives real OS processes that are killed at random wall-clock moments",
	"cmd/benchexport":                 "benchmark timings",
	"cmd/benchlimits":                 "benchmark timings and the pace of its slow clients",
	"cmd/benchnational":               "benchmark timings and request latency; the simulated day runs on the fake clock",
	"cmd/benchplan":                   "benchmark timings",
	"cmd/benchtrend":                  "benchmark timings",
	"cmd/ingestload":                  "benchmark timings and request latency",
	"cmd/pushbench":                   "benchmark timings",
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root not found from the clock package: %v", err)
	}
	return root
}

func allowed(rel string) bool {
	if _, ok := measurement[rel]; ok {
		return true
	}
	for dir := range measurement {
		if !strings.HasSuffix(dir, ".go") && strings.HasPrefix(rel, dir+"/") {
			return true
		}
	}
	return false
}

// TestNoWallClockOutsideClock walks every non-test Go file outside
// internal/clock and gen/ and fails on a use of time.Now, Since, Until,
// After, AfterFunc, Tick, NewTimer, NewTicker or Sleep (called or passed as
// a value), so the process clock stays the only source of time.
func TestNoWallClockOutsideClock(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			switch {
			case rel == ".git", rel == "gen", rel == "internal/clock", rel == "tools", rel == "third_party",
				strings.HasPrefix(d.Name(), "."), d.Name() == "node_modules", d.Name() == "testdata":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") || allowed(rel) {
			return nil
		}
		found = append(found, wallClockUses(t, path, rel)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Errorf("the wall clock is read outside internal/clock; take the time from the injected clock.Clock:\n%s", strings.Join(found, "\n"))
	}
}

// wallClockUses returns "file:line: time.X" for each wall-clock use in a file.
func wallClockUses(t *testing.T, path, rel string) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("parse %s: %v", rel, err)
	}
	names := map[string]bool{}
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "time" {
			name := "time"
			if imp.Name != nil {
				name = imp.Name.Name
			}
			names[name] = true
		}
	}
	if len(names) == 0 {
		return nil
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && names[id.Name] && slices.Contains(wallClockReads, sel.Sel.Name) {
			out = append(out, rel+":"+strconv.Itoa(fset.Position(sel.Pos()).Line)+": time."+sel.Sel.Name)
		}
		return true
	})
	return out
}

// TestWallClockCheckFindsUses proves the walk above can fail: a file that
// reads the wall clock in each way is reported once per use.
func TestWallClockCheckFindsUses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := `package x

import tm "time"

var now = tm.Now

func f() { _ = tm.Since(tm.Time{}); <-tm.After(1); tm.Sleep(1); _ = tm.Duration(1) }
`
	path := filepath.Join(dir, "x.go")
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got := wallClockUses(t, path, "x.go")
	want := []string{"x.go:5: time.Now", "x.go:7: time.Since", "x.go:7: time.After", "x.go:7: time.Sleep"}
	if !slices.Equal(got, want) {
		t.Errorf("uses found = %q, want %q", got, want)
	}
}

// sqlClock matches SQL that reads the database server's clock.
var sqlClock = regexp.MustCompile(`(?i)\b(now\s*\(|current_timestamp|current_date|current_time|localtimestamp|localtime|clock_timestamp|statement_timestamp|transaction_timestamp)`)

// TestNoDatabaseClockInQueries fails when a query decides by the database
// server's clock instead of an instant passed as a parameter.
func TestNoDatabaseClockInQueries(t *testing.T) {
	t.Parallel()
	var found []string
	for _, folder := range []string{"queries", "testqueries"} {
		dir := filepath.Join(repoRoot(t), "db", folder)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) == 0 {
			t.Fatalf("no queries found in db/%s", folder)
		}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".sql") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(b), "\n") {
				code, _, _ := strings.Cut(line, "--")
				if m := sqlClock.FindString(code); m != "" {
					found = append(found, folder+"/"+e.Name()+":"+strconv.Itoa(i+1)+": "+m)
				}
			}
		}
	}
	if len(found) > 0 {
		t.Errorf("queries read the database clock; pass the instant as a parameter:\n%s", strings.Join(found, "\n"))
	}
}
