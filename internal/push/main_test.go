package push_test

import (
	"os"
	"testing"

	"github.com/panelpulse/panelpulse/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
