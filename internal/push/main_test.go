package push_test

import (
	"os"
	"testing"

	"github.com/panelpulse/panelpulse/internal/pgtest"
)

// binDir holds the pushbench binary the multi-process tests build.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pushtest-bin")
	if err != nil {
		panic(err)
	}
	binDir = dir
	code := pgtest.Main(m)
	_ = os.RemoveAll(dir)
	os.Exit(code)
}
