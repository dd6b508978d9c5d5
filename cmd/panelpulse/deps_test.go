package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestServerDoesNotLinkTestSupport lists the server's dependencies: neither
// the testing package nor the test helpers built on it (pgtest, apptest)
// may be linked into the binary that runs in production.
func TestServerDoesNotLinkTestSupport(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	for _, bad := range []string{"testing", "github.com/panelpulse/panelpulse/internal/pgtest", "github.com/panelpulse/panelpulse/internal/apptest", "github.com/panelpulse/panelpulse/gen/dbsqlctest"} {
		if slices.Contains(deps, bad) {
			t.Errorf("the server links %s; test support must stay out of production", bad)
		}
	}
	if !slices.Contains(deps, "github.com/panelpulse/panelpulse/internal/app") {
		t.Fatalf("go list -deps did not list internal/app, so it did not list the server: %v", deps)
	}
}
