package rpc

import (
	"strings"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/fault"
)

// segmentPrefixes are the one-way dimensions a send can target and the
// prefix of the stored segment name ("sector:Logistics") that the SQL
// segment predicate reads.
var segmentPrefixes = map[pb.Dimension]string{
	pb.Dimension_DIMENSION_SECTOR:    "sector",
	pb.Dimension_DIMENSION_SIZE_BAND: "size",
	pb.Dimension_DIMENSION_DISTRICT:  "district",
	pb.Dimension_DIMENSION_ROLE:      "role",
}

var dimensionOfPrefix = invert(segmentPrefixes)

// segmentName turns a Segment into the stored segment name. No segment
// (nil) is the whole panel.
func segmentName(s *pb.Segment) (string, error) {
	if s == nil || s.GetDimension() == pb.Dimension_DIMENSION_ALL {
		if s.GetValue() != "" {
			return "", fault.New(fault.Invalid, "segment: the whole panel (DIMENSION_ALL) takes no value (got %q)", s.GetValue())
		}
		return "all", nil
	}
	prefix, ok := segmentPrefixes[s.GetDimension()]
	if !ok {
		return "", fault.New(fault.Invalid, "segment: %s splits results and cannot be sent to; use the whole panel or one of sector, size band, district, role", s.GetDimension())
	}
	if strings.TrimSpace(s.GetValue()) == "" {
		return "", fault.New(fault.Invalid, "segment: a %s segment needs a value", prefix)
	}
	return prefix + ":" + s.GetValue(), nil
}

// segmentMessage turns a stored segment name back into a Segment.
func segmentMessage(name string) *pb.Segment {
	prefix, value, ok := strings.Cut(name, ":")
	if !ok {
		return &pb.Segment{Dimension: pb.Dimension_DIMENSION_ALL}
	}
	return &pb.Segment{Dimension: dimensionOfPrefix[prefix], Value: value}
}
