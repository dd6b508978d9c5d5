package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/server"
)

// TestReadLimits: every procedure refuses a message over 64 KiB with
// ResourceExhausted, the CSV imports take up to 8 MiB, and a small gzip
// that inflates past the limit is stopped too.
func TestReadLimits(t *testing.T) {
	t.Parallel()
	p, k := setup(t, "llr")
	ctx := context.Background()
	anon := apptest.As(p, "").Panellist
	_, err := anon.Enrol(ctx, connect.NewRequest(&pb.EnrolRequest{Tenant: strings.Repeat("l", server.MaxMessageBytes), InviteCode: "ABCD-EFGH-JKLM", ConsentVersion: "1"}))
	if connect.CodeOf(err) != connect.CodeResourceExhausted {
		t.Fatalf("a 64 KiB Enrol: %v, want ResourceExhausted", err)
	}
	admin := apptest.As(p, k.admin).Admin
	_, err = admin.SetSectorMap(ctx, connect.NewRequest(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{{SicPrefix: "28", Sector: strings.Repeat("x", server.MaxMessageBytes)}}}))
	if connect.CodeOf(err) != connect.CodeResourceExhausted {
		t.Fatalf("a 64 KiB SetSectorMap: %v, want ResourceExhausted", err)
	}
	// A 1 MiB import passes the size limit (and is then judged on its
	// content: the businesses are fine).
	var csv strings.Builder
	csv.WriteString("ref,name,sic,employees,district\n")
	for i := 0; csv.Len() < 1<<20; i++ {
		csv.WriteString("B" + strconv.Itoa(i) + ",Business,28110,12,Leicester\n")
	}
	_, err = admin.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: csv.String()}))
	if connect.CodeOf(err) == connect.CodeResourceExhausted {
		t.Fatalf("a 1 MiB import refused for its size: %v", err)
	}
	// Gzip bomb: 9 MiB of JSON in a few kilobytes.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte(`{"csv":"`))
	_, _ = zw.Write(bytes.Repeat([]byte("A"), 9<<20))
	_, _ = zw.Write([]byte(`"}`))
	_ = zw.Close()
	req, _ := http.NewRequest(http.MethodPost, p.URL+panelpulsev1connect.AdminServiceImportBusinessesProcedure, &gz)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	req.Header.Set("Authorization", "Bearer "+k.admin)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(body), "resource_exhausted") {
		t.Fatalf("gzip bomb: %d %s, want 429 resource_exhausted", res.StatusCode, body)
	}
}
