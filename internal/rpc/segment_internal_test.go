package rpc

import (
	"strings"
	"testing"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// TestSegmentRoundTrip: every targetable segment survives the trip to its
// stored name and back; the rest are refused with the rule named.
func TestSegmentRoundTrip(t *testing.T) {
	for _, s := range []*pb.Segment{
		{Dimension: pb.Dimension_DIMENSION_ALL},
		{Dimension: pb.Dimension_DIMENSION_SECTOR, Value: "Logistics"},
		{Dimension: pb.Dimension_DIMENSION_SIZE_BAND, Value: "medium"},
		{Dimension: pb.Dimension_DIMENSION_DISTRICT, Value: "Blaby"},
		{Dimension: pb.Dimension_DIMENSION_ROLE, Value: "owner"},
	} {
		name, err := segmentName(s)
		if err != nil {
			t.Fatalf("%v: %v", s, err)
		}
		back := segmentMessage(name)
		if back.GetDimension() != s.GetDimension() || back.GetValue() != s.GetValue() {
			t.Errorf("%v -> %q -> %v", s, name, back)
		}
	}
	if name, err := segmentName(nil); err != nil || name != "all" {
		t.Errorf("no segment: %q %v, want the whole panel", name, err)
	}
	for _, c := range []struct {
		s    *pb.Segment
		rule string
	}{
		{&pb.Segment{Dimension: pb.Dimension_DIMENSION_ALL, Value: "x"}, "takes no value"},
		{&pb.Segment{Dimension: pb.Dimension_DIMENSION_SECTOR}, "needs a value"},
		{&pb.Segment{Dimension: pb.Dimension_DIMENSION_SECTOR_SIZE, Value: "a"}, "cannot be sent to"},
	} {
		if _, err := segmentName(c.s); err == nil || !strings.Contains(err.Error(), c.rule) {
			t.Errorf("%v: %v, want %q", c.s, err, c.rule)
		}
	}
}

// TestEveryTargetDimensionIsNamed: each one-way dimension has a prefix the
// stored names use, and no two share one.
func TestEveryTargetDimensionIsNamed(t *testing.T) {
	if len(dimensionOfPrefix) != len(segmentPrefixes) {
		t.Fatal("two dimensions share a segment prefix")
	}
}
