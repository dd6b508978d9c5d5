package rpc

import (
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
)

// RoundtableHandler serves RoundtableService. Its methods answer
// Unimplemented until the roundtable work lands.
type RoundtableHandler struct {
	panelpulsev1connect.UnimplementedRoundtableServiceHandler
}

var _ panelpulsev1connect.RoundtableServiceHandler = (*RoundtableHandler)(nil)
