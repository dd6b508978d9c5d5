package export

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/panelpulse/panelpulse/internal/store"
)

// TestClassifyMapsEverySentinelWithoutDriverText: a download refused by the
// database answers with the sentinel's status and the store's sentence,
// never the database's message.
func TestClassifyMapsEverySentinelWithoutDriverText(t *testing.T) {
	t.Parallel()
	cases := []struct {
		code   string
		status int
	}{
		{"23505", http.StatusConflict},
		{"23514", http.StatusBadRequest},
		{"40P01", http.StatusConflict},
		{"23503", http.StatusInternalServerError},
	}
	for _, tc := range cases {
		pgErr := &pgconn.PgError{Code: tc.code, Message: "secret row detail " + tc.code}
		status, msg := classify(fmt.Errorf("observatory.Microdata: %w", store.Translate(pgErr)))
		if status != tc.status || strings.Contains(msg, "secret") || strings.Contains(msg, tc.code) {
			t.Errorf("SQLSTATE %s: %d %q, want %d without the database's text", tc.code, status, msg, tc.status)
		}
	}
}
