package rpc

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5/pgconn"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/store"
)

// TestDriverTextNeverReachesClients makes real PostgreSQL errors through
// the store (a broken check, a taken key, a missing row, a broken foreign
// key) and returns each from a Connect handler through toConnect: the
// client gets the sentinel's code with a sentence of the edge, never the
// database's message, constraint names or SQLSTATE.
func TestDriverTextNeverReachesClients(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(pgtest.NewDB(t))
	tenant := dbsqlc.TenantInsertParams{Slug: "errors", Name: "Errors", TimeZone: "Europe/London", DailyCap: 2, SuppressionThreshold: 5}
	if _, err := st.Q.TenantInsert(ctx, tenant); err != nil {
		t.Fatal(err)
	}
	_, taken := st.Q.TenantInsert(ctx, tenant)
	broken := tenant
	broken.Slug, broken.DailyCap = "errors-2", 9
	_, invalid := st.Q.TenantInsert(ctx, broken)
	_, missing := st.Q.TenantGet(ctx, 1<<40)
	orphan := st.Q.QuestionVersionInsert(ctx, dbsqlc.QuestionVersionInsertParams{TenantID: 1 << 40, QuestionID: 1, Version: 1, Type: "scale", Title: "t", Wording: "w", Spec: []byte(`{}`)})
	cases := []struct {
		name     string
		err      error
		sentinel error
		code     connect.Code
	}{
		{"check constraint", invalid, store.ErrInvalid, connect.CodeInvalidArgument},
		{"unique key", taken, store.ErrConflict, connect.CodeAlreadyExists},
		{"no row", missing, store.ErrNotFound, connect.CodeNotFound},
		{"foreign key", orphan, nil, connect.CodeInternal},
	}
	var current error
	mux := http.NewServeMux()
	mux.Handle("/test.v1.Errors/Fail", connect.NewUnaryHandler("/test.v1.Errors/Fail",
		func(ctx context.Context, _ *connect.Request[emptypb.Empty]) (*connect.Response[emptypb.Empty], error) {
			return nil, toConnect(ctx, slog.New(slog.NewTextHandler(io.Discard, nil)), current)
		}))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	client := connect.NewClient[emptypb.Empty, emptypb.Empty](srv.Client(), srv.URL+"/test.v1.Errors/Fail")
	for _, tc := range cases {
		var pgErr *pgconn.PgError
		if !errors.As(tc.err, &pgErr) && tc.sentinel != store.ErrNotFound {
			t.Fatalf("%s: %v is not a PostgreSQL error", tc.name, tc.err)
		}
		if tc.sentinel != nil && !errors.Is(tc.err, tc.sentinel) {
			t.Fatalf("%s: the store returned %v, want it translated to %v", tc.name, tc.err, tc.sentinel)
		}
		current = tc.err
		_, got := client.CallUnary(ctx, connect.NewRequest(&emptypb.Empty{}))
		if connect.CodeOf(got) != tc.code {
			t.Errorf("%s: code %v, want %v", tc.name, connect.CodeOf(got), tc.code)
		}
		leaks := []string{"SQLSTATE", "no rows", "violates", "constraint", "tenant_"}
		if pgErr != nil {
			leaks = append(leaks, pgErr.Message)
		}
		for _, l := range leaks {
			if strings.Contains(got.Error(), l) {
				t.Errorf("%s: the client saw %q, which repeats the database's %q", tc.name, got, l)
			}
		}
	}
}
