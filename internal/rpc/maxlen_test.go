package rpc_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/auth"
)

// TestOverLongFieldsRefused: a plan item's question key and segment, a
// scale's end labels, a number's unit and a finding test's segment one
// character over their limit are InvalidArgument naming the field, before
// any work; at the limit they pass validation.
func TestOverLongFieldsRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, srv := observatoryServer(t)
	_, keys := staffKeys(t, st, "maxlen", auth.RoleAdmin, auth.RoleFacilitator)
	adm := panelpulsev1connect.NewAdminServiceClient(http.DefaultClient, srv.URL, apptest.Bearer(keys[auth.RoleAdmin]))
	fac := panelpulsev1connect.NewRoundtableServiceClient(http.DefaultClient, srv.URL, apptest.Bearer(keys[auth.RoleFacilitator]))
	long := func(n int) string { return strings.Repeat("é", n) } // characters, not bytes
	scale := func(minLabel, maxLabel string) error {
		_, err := adm.CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{Key: "confidence", Theme: pb.Theme_THEME_OTHER,
			Title: "Confidence", Wording: "How confident are you?",
			Spec: &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_SCALE, ScaleMin: 1, ScaleMax: 5, MinLabel: minLabel, MaxLabel: maxLabel}}))
		return err
	}
	number := func(unit string) error {
		_, err := adm.CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{Key: "hours", Theme: pb.Theme_THEME_OTHER,
			Title: "Hours", Wording: "How many hours of training?",
			Spec: &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_NUMBER, Unit: unit}}))
		return err
	}
	wave := func(key, sector string) error {
		_, err := adm.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{Name: "Wave", StartDate: "2026-11-23", WorkingDays: 5,
			Plan: []*pb.PlanItem{{Day: 0, QuestionKey: key, Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_SECTOR, Value: sector}}}}))
		return err
	}
	testFinding := func(value string) error {
		_, err := fac.TestFinding(ctx, connect.NewRequest(&pb.TestFindingRequest{FindingId: 1, Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_SECTOR, Value: value}}))
		return err
	}
	for _, c := range []struct {
		field    string
		over, ok func() error
	}{
		{"spec.min_label", func() error { return scale(long(201), "High") }, func() error { return scale(long(200), "High") }},
		{"spec.max_label", func() error { return scale("Low", long(201)) }, func() error { return scale("Low", long(200)) }},
		{"spec.unit", func() error { return number(long(21)) }, func() error { return number(long(20)) }},
		{"plan[0].question_key", func() error { return wave(strings.Repeat("k", 64), "Logistics") }, func() error { return wave(strings.Repeat("k", 63), "Logistics") }},
		{"plan[0].segment.value", func() error { return wave("confidence", long(201)) }, func() error { return wave("confidence", long(200)) }},
		{"segment.value", func() error { return testFinding(long(201)) }, func() error { return testFinding(long(200)) }},
	} {
		err := c.over()
		if connect.CodeOf(err) != connect.CodeInvalidArgument || !strings.Contains(err.Error(), "validation error: "+c.field+": must be at most") {
			t.Errorf("%s one character over its limit: %v, want InvalidArgument naming the field", c.field, err)
		}
		// At the limit the request passes validation (it may still fail
		// later, for instance on an unknown question, but not on length).
		if err := c.ok(); err != nil && strings.Contains(err.Error(), "must be at most") {
			t.Errorf("%s at its limit: %v, want no length error", c.field, err)
		}
	}
}
