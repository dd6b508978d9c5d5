package server

import (
	"strings"
	"testing"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// TestCheckTextInvalidUTF8: invalid UTF-8 (which protojson and the binary
// codec refuse on the wire, but a message can hold) is named too, and a
// clean message passes.
func TestCheckTextInvalidUTF8(t *testing.T) {
	t.Parallel()
	err := checkText(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{{SicPrefix: "28", Sector: "ok"}, {SicPrefix: "49", Sector: "bad\xff"}}})
	if connect.CodeOf(err) != connect.CodeInvalidArgument || !strings.Contains(err.Error(), "rules[1].sector: must be valid UTF-8") {
		t.Fatalf("invalid UTF-8: %v", err)
	}
	if err := checkText(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{{SicPrefix: "28", Sector: "Manufacturing é"}}}); err != nil {
		t.Fatalf("clean message refused: %v", err)
	}
	if got := shortPrefix(strings.Repeat("é", 100)); got != strings.Repeat("é", 40)+"..." {
		t.Fatalf("shortPrefix = %q", got)
	}
}
