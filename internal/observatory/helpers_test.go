package observatory_test

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/observatory/synth"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/rollup"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// questions is one question of each type the observatory summarises.
func questions() []bank.Input {
	opts := func(labels ...string) []answer.Option {
		out := make([]answer.Option, len(labels))
		for i, l := range labels {
			out[i] = answer.Option{Code: int32(i + 1), Label: l}
		}
		return out
	}
	dir := opts("More", "About the same", "Less")
	dir[0].Direction, dir[2].Direction = 1, -1
	return []bank.Input{
		{Key: "confidence", Theme: "recruitment_confidence", Title: "Confidence", Wording: "How confident are you?",
			Spec: answer.Spec{Type: answer.TypeScale, ScaleMin: 1, ScaleMax: 10, MinLabel: "Not at all", MaxLabel: "Completely", AllowDontKnow: true}},
		{Key: "skills", Theme: "skills", Title: "Skills", Wording: "Which skills do you lack?",
			Spec: answer.Spec{Type: answer.TypeMultipleChoice, Options: opts("Digital", "Technical", "Management", "Sales", "Green")}},
		{Key: "headcount", Theme: "recruitment_confidence", Title: "Headcount", Wording: "Will your headcount change?",
			Spec: answer.Spec{Type: answer.TypeSingleChoice, Options: dir}},
		{Key: "priorities", Theme: "training_investment", Title: "Priorities", Wording: "Rank your top 3 training priorities.",
			Spec: answer.Spec{Type: answer.TypeRanking, Options: opts("Digital", "Technical", "Management", "Sales", "Green"), TopK: 3}},
		{Key: "agree", Theme: "finding_test", Title: "Finding", Wording: "Apprenticeships meet our needs.",
			Spec: answer.Spec{Type: answer.TypeLikert}},
		{Key: "ksb", Theme: "skills", Title: "Knowledge, skills and behaviours", Wording: "How well do new recruits meet your needs in each?",
			Spec: answer.Spec{Type: answer.TypeMatrix, ScaleMin: 1, ScaleMax: 5, MinLabel: "Poorly", MaxLabel: "Fully",
				AllowDontKnow: true, Rows: []answer.Option{{Code: 1, Label: "Knowledge"}, {Code: 2, Label: "Skills"}, {Code: 4, Label: "Behaviours"}}}},
	}
}

// fixture is a tenant with a synthetic panel.
type fixture struct {
	ctx   context.Context
	st    *store.Store
	obs   *observatory.Service
	roll  *rollup.Rollup
	bank  *bank.Bank
	panel synth.Panel
}

func newFixture(t *testing.T, st *store.Store, slug string, threshold int32, cfg synth.Config) *fixture {
	t.Helper()
	ctx := context.Background()
	tn, err := tenant.Create(ctx, st, tenant.Settings{Slug: slug, Name: slug, SuppressionThreshold: threshold})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Questions == nil {
		cfg.Questions = questions()
	}
	if cfg.Start.IsZero() {
		cfg.Start = time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	}
	if cfg.Sectors == nil {
		cfg.Sectors = []string{"Manufacturing", "Logistics", "Health", "Retail"}
	}
	if cfg.Districts == nil {
		cfg.Districts = []string{"Leicester", "Charnwood", "Rutland"}
	}
	if cfg.Roles == nil {
		cfg.Roles = []string{"Owner", "HR manager", ""}
	}
	p, err := synth.Load(ctx, st, tn.ID, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bank.New(st)
	if err != nil {
		t.Fatal(err)
	}
	roll, err := rollup.New(st, testClock, slog.New(slog.DiscardHandler), rollup.Config{})
	if err != nil {
		t.Fatal(err)
	}
	roll.ExactFolds() // these tests check folds against the raw answers
	obs, err := observatory.New(st, b, testClock, roll)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{ctx: ctx, st: st, obs: obs, roll: roll, bank: b, panel: p}
}

// testClock is the clock of the fixtures' services: the rollups record when
// they were refreshed by it.
var testClock = clock.NewFake(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))

func ptrEq(a, b *float64, tol float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	d := *a - *b
	return d <= tol && d >= -tol
}
