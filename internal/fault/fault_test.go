package fault_test

import (
	"strings"
	"testing"

	"github.com/panelpulse/panelpulse/internal/fault"
)

// TestNewQuotesAShortPrefix: a long string argument is cut to 40
// characters and "..."; short ones and other types are untouched.
func TestNewQuotesAShortPrefix(t *testing.T) {
	t.Parallel()
	key := strings.Repeat("k", 1<<20)
	err := fault.New(fault.NotFound, "question %q does not exist (%d)", key, 7)
	if want := `question "` + strings.Repeat("k", 40) + `..." does not exist (7)`; err.Error() != want {
		t.Fatalf("message %.80q..., want %q", err.Error(), want)
	}
	if got := fault.New(fault.Invalid, "name %q", "Acme é").Error(); got != `name "Acme é"` {
		t.Fatalf("short argument changed: %q", got)
	}
}
