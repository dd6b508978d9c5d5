package rpc

import (
	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/counts"
)

// countsMessage is the one conversion of counts to the API's Counts, so
// every RPC answers the same fields from the same definition.
func countsMessage(c counts.Counts) *pb.Counts {
	return &pb.Counts{
		Assigned: c.Assigned, AdHoc: c.AdHoc, Pushed: c.Pushed, Reminded: c.Reminded, Opened: c.Opened,
		Answered: c.Answered, AnsweredAfterPush: c.AnsweredAfterPush, ResponseRate: c.ResponseRate(),
		MedianSecondsToAnswer: c.MedianSecondsToAnswer,
	}
}

// countsDimension names the counts' split for a Dimension; splits the
// counts do not offer get a name counts.Read rejects.
func countsDimension(d pb.Dimension) string {
	if d == pb.Dimension_DIMENSION_UNSPECIFIED || d == pb.Dimension_DIMENSION_ALL {
		return "all"
	}
	if p, ok := segmentPrefixes[d]; ok {
		return p
	}
	return d.String()
}
