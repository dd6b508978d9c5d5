package schedule_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/gen/dbsqlctest"
	"github.com/panelpulse/panelpulse/internal/admin"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/schedule"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var london = mustLoad("Europe/London")

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// env is one tenant on a fresh database with a fake clock and a planner.
type env struct {
	t       *testing.T
	ctx     context.Context
	st      *store.Store
	clock   *clock.Fake
	planner *schedule.Planner
	tenant  dbsqlc.Tenant
}

func newEnv(t *testing.T, now time.Time, dailyCap int32) *env {
	t.Helper()
	ctx := context.Background()
	st := store.New(pgtest.NewDB(t))
	clk := clock.NewFake(now)
	p, err := schedule.NewPlanner(st, clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	tn, err := tenant.Create(ctx, st, tenant.Settings{Slug: "llr", Name: "LLR", DailyCap: dailyCap})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, ctx: ctx, st: st, clock: clk, planner: p, tenant: tn}
}

// person is a panellist with their one business.
type person struct {
	Sector, Size, District, Role string
	TZ                           string
	Minute                       int32
	Status                       string // "" means active
	Paused, Joined               string // dates or ""
}

// panel makes the people and returns their panellist ids, in order.
func (e *env) panel(people []person) []int64 {
	e.t.Helper()
	b := dbsqlc.BusinessUpsertManyParams{TenantID: e.tenant.ID}
	for i, p := range people {
		b.Refs = append(b.Refs, fmt.Sprintf("B%05d", i))
		b.Names = append(b.Names, fmt.Sprintf("Business %d", i))
		b.Sics = append(b.Sics, "28110")
		b.Sectors = append(b.Sectors, or(p.Sector, "Manufacturing"))
		b.SizeBands = append(b.SizeBands, or(p.Size, "small"))
		b.Employees = append(b.Employees, 10)
		b.Districts = append(b.Districts, or(p.District, "Leicester"))
	}
	_, err := e.st.Q.BusinessUpsertMany(e.ctx, b)
	must(e.t, err)
	bs, err := e.st.Q.BusinessIDsByRef(e.ctx, dbsqlc.BusinessIDsByRefParams{TenantID: e.tenant.ID, Refs: b.Refs})
	must(e.t, err)
	byRef := map[string]int64{}
	for _, x := range bs {
		byRef[x.Ref] = x.ID
	}
	pp := dbsqlc.PanellistUpsertManyParams{TenantID: e.tenant.ID}
	for i, p := range people {
		pp.BusinessIds = append(pp.BusinessIds, byRef[b.Refs[i]])
		pp.Refs = append(pp.Refs, fmt.Sprintf("P%05d", i))
		pp.Names = append(pp.Names, fmt.Sprintf("Person %d", i))
		pp.Emails = append(pp.Emails, fmt.Sprintf("p%d@example.org", i))
		pp.Roles = append(pp.Roles, or(p.Role, "owner"))
		pp.TimeZones = append(pp.TimeZones, or(p.TZ, "Europe/London"))
		pp.DeliveryMinutes = append(pp.DeliveryMinutes, cmpOr(p.Minute, 540))
	}
	_, err = e.st.Q.PanellistUpsertMany(e.ctx, pp)
	must(e.t, err)
	rows, err := e.st.Q.PanellistList(e.ctx, e.tenant.ID)
	must(e.t, err)
	ids := make([]int64, len(people))
	for _, r := range rows {
		var i int
		if _, err := fmt.Sscanf(r.Ref, "P%05d", &i); err == nil && i < len(people) {
			ids[i] = r.ID
		}
	}
	for i, p := range people {
		must(e.t, dbsqlctest.New(e.st.Pool).PanellistSetScheduleState(e.ctx, dbsqlctest.PanellistSetScheduleStateParams{
			TenantID: e.tenant.ID, Ids: []int64{ids[i]}, Status: or(p.Status, "active"),
			PausedUntil: datePtr(p.Paused), JoinedOn: datePtr(p.Joined),
		}))
	}
	return ids
}

// questions makes scale questions with the given keys and returns their ids.
func (e *env) questions(keys ...string) map[string]int64 {
	e.t.Helper()
	out := map[string]int64{}
	for _, k := range keys {
		id, err := e.st.Q.QuestionInsert(e.ctx, dbsqlc.QuestionInsertParams{TenantID: e.tenant.ID, Key: k, Theme: "recruitment_confidence"})
		must(e.t, err)
		must(e.t, e.st.Q.QuestionVersionInsert(e.ctx, dbsqlc.QuestionVersionInsertParams{
			TenantID: e.tenant.ID, QuestionID: id, Version: 1, Type: "scale", Title: k, Wording: "How is " + k + "?",
			Spec: []byte(`{"type":"scale","scale_min":1,"scale_max":10}`),
		}))
		out[k] = id
	}
	return out
}

// wave creates a wave through the admin domain (random seed).
func (e *env) wave(start string, days int32, plan ...admin.PlanItem) admin.Wave {
	e.t.Helper()
	a, err := admin.New(e.st, e.clock, e.planner)
	must(e.t, err)
	w, err := a.CreateWave(e.ctx, e.tenant.ID, admin.WaveInput{Name: "Wave", StartDate: start, WorkingDays: days, Plan: plan})
	must(e.t, err)
	return w
}

// planDays plans every calendar day from..to with the clock at 00:05
// London time on that day.
func (e *env) planDays(from, to string) {
	e.t.Helper()
	for d := calendar.MustParseDate(from); !d.After(calendar.MustParseDate(to)); d = d.AddDays(1) {
		e.clock.Set(calendar.DeliveryInstant(d, london, 5))
		_, err := e.planner.PlanDay(e.ctx, e.tenant, d)
		must(e.t, err)
	}
}

func (e *env) assignments(from, to string) []dbsqlctest.AssignmentListForDaysRow {
	e.t.Helper()
	rows, err := dbsqlctest.New(e.st.Pool).AssignmentListForDays(e.ctx, dbsqlctest.AssignmentListForDaysParams{
		TenantID: e.tenant.ID, FromDay: dbDay(from), ToDay: dbDay(to)})
	must(e.t, err)
	return rows
}

func (e *env) pushes(from, to string) []dbsqlctest.PushListForDaysRow {
	e.t.Helper()
	rows, err := dbsqlctest.New(e.st.Pool).PushListForDays(e.ctx, dbsqlctest.PushListForDaysParams{
		TenantID: e.tenant.ID, FromDay: dbDay(from), ToDay: dbDay(to)})
	must(e.t, err)
	return rows
}

func dbDay(s string) time.Time { return calendar.MustParseDate(s).Time(time.UTC) }

func datePtr(s string) *time.Time {
	if s == "" {
		return nil
	}
	t := dbDay(s)
	return &t
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func cmpOr(v, def int32) int32 {
	if v == 0 {
		return def
	}
	return v
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// panelState sets one panellist's status, clearing pause and join date.
func (e *env) panelState(id int64, status string) {
	e.t.Helper()
	must(e.t, dbsqlctest.New(e.st.Pool).PanellistSetScheduleState(e.ctx, dbsqlctest.PanellistSetScheduleStateParams{
		TenantID: e.tenant.ID, Ids: []int64{id}, Status: status}))
}

func dbArgs(e *env, from, to string) dbsqlctest.AssignmentListForDaysParams {
	return dbsqlctest.AssignmentListForDaysParams{TenantID: e.tenant.ID, FromDay: dbDay(from), ToDay: dbDay(to)}
}
