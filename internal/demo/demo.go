// Package demo loads the demo tenant (the 2022 Leicester and Leicestershire
// pilot's panel shape, a question bank drawn from the skills plans and a
// four-week wave live today) and simulates panellists answering.
package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/admin"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/demo/content"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/panel"
	"github.com/panelpulse/panelpulse/internal/rollup"
	"github.com/panelpulse/panelpulse/internal/schedule"
	"github.com/panelpulse/panelpulse/internal/sector"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// Slug is the demo tenant's slug.
const Slug = "llr"

// Seed makes the demo panel the same on every machine.
const Seed = 2022

// DaysBefore is how many working days of the wave have passed when the demo
// is first loaded, so trends show at once.
const DaysBefore = 5

// Keys are the demo's staff API keys.
type Keys struct {
	Admin, Analyst, Facilitator string
}

// Loader loads the demo tenant.
type Loader struct {
	st    *store.Store
	admin *admin.Service
	bank  *bank.Bank
	clock clock.Clock
	dir   string
}

// NewLoader returns a Loader that works through the process's admin
// service and question bank and keeps the demo's keys in dir.
func NewLoader(st *store.Store, adm *admin.Service, bk *bank.Bank, clk clock.Clock, dir string) (*Loader, error) {
	if st == nil || adm == nil || bk == nil || clk == nil || dir == "" {
		return nil, errors.New("demo.NewLoader: store, admin service, bank, clock and folder are required")
	}
	return &Loader{st: st, admin: adm, bank: bk, clock: clk, dir: dir}, nil
}

func (l *Loader) keysFile() string { return filepath.Join(l.dir, "demo-keys.txt") }

// Ensure loads the demo tenant unless it exists, and returns its keys
// (kept in a 0600 file beside the data, since only hashes are in the database).
func (l *Loader) Ensure(ctx context.Context) (Keys, error) {
	if t, err := l.st.Q.TenantGetBySlug(ctx, Slug); err == nil {
		// A demo loaded before it shipped a population frame gains it.
		if err := l.ensureFrame(ctx, t.ID); err != nil {
			return Keys{}, fmt.Errorf("demo.Ensure: %w", err)
		}
		return l.readKeys()
	} else if !errors.Is(err, store.ErrNotFound) {
		return Keys{}, fmt.Errorf("demo.Ensure: %w", err)
	}
	keys, err := l.load(ctx)
	if err != nil {
		return Keys{}, fmt.Errorf("demo.Ensure: %w", err)
	}
	return keys, nil
}

func (l *Loader) load(ctx context.Context) (Keys, error) {
	t, err := tenant.Create(ctx, l.st, tenant.Settings{Slug: Slug, Name: "Leicester, Leicestershire and Rutland"})
	if err != nil {
		return Keys{}, err
	}
	var keys Keys
	for role, dst := range map[auth.Role]*string{auth.RoleAdmin: &keys.Admin, auth.RoleAnalyst: &keys.Analyst, auth.RoleFacilitator: &keys.Facilitator} {
		if *dst, err = tenant.IssueKey(ctx, l.st, t.ID, role, "demo"); err != nil {
			return Keys{}, err
		}
	}
	adm := l.admin
	var rules []sector.Rule
	for _, r := range content.SectorMap() {
		rules = append(rules, sector.Rule{Prefix: r.Prefix, Sector: r.Sector})
	}
	if _, err := adm.SetSectorMap(ctx, t.ID, rules); err != nil {
		return Keys{}, err
	}
	bs := content.Businesses(Seed)
	bcsv := []string{"ref,name,sic,employees,district"}
	pcsv := []string{"ref,business_ref,name,email,role,time_zone,delivery_time"}
	for _, b := range bs {
		bcsv = append(bcsv, csvRow(b.Ref, b.Name, b.SIC, fmt.Sprint(b.Employees), b.District))
		p := b.Panellist
		pcsv = append(pcsv, csvRow(p.Ref, b.Ref, p.Name, p.Email, p.Role, p.TimeZone, p.DeliveryTime))
	}
	if err := imported(adm.ImportBusinesses(ctx, t.ID, strings.NewReader(strings.Join(bcsv, "\n")), false)); err != nil {
		return Keys{}, err
	}
	if err := imported(adm.ImportPanellists(ctx, t.ID, strings.NewReader(strings.Join(pcsv, "\n")), false)); err != nil {
		return Keys{}, err
	}
	if err := l.ensureFrame(ctx, t.ID); err != nil {
		return Keys{}, err
	}
	for _, q := range content.QuestionBank() {
		if _, _, err := l.bank.Save(ctx, t.ID, bank.Input{Key: q.Key, Theme: q.Theme, Title: q.Title, Wording: q.Wording, Spec: q.Spec}); err != nil {
			return Keys{}, fmt.Errorf("question %s: %w", q.Key, err)
		}
	}
	cal, loc, err := schedule.Calendar(ctx, l.st.Q, t)
	if err != nil {
		return Keys{}, err
	}
	today := cal.WorkingDayOnOrAfter(calendar.DateOf(l.clock.Now().In(loc)))
	start := cal.AddWorkingDays(today, -DaysBefore)
	in := admin.WaveInput{Name: "Skills pulse, wave 1", StartDate: start.String(), WorkingDays: content.WaveDays}
	for _, it := range content.WavePlan() {
		in.Plan = append(in.Plan, admin.PlanItem{Day: int32(it.Day), QuestionKey: it.QuestionKey, Segment: it.Segment})
	}
	if _, err := adm.CreateWave(ctx, t.ID, in); err != nil {
		return Keys{}, err
	}
	if err := l.enrolAll(ctx, adm, t.ID, start); err != nil {
		return Keys{}, err
	}
	if err := l.writeKeys(keys); err != nil {
		return Keys{}, err
	}
	return keys, nil
}

// ensureFrame imports the demo area's population frame
// (content.PopulationFrame) unless the tenant has one, so weighted trends
// work out of the box.
func (l *Loader) ensureFrame(ctx context.Context, tenantID int64) error {
	have, err := l.st.Q.PopulationStratumList(ctx, tenantID)
	if err != nil || len(have) > 0 {
		return err
	}
	return l.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		for _, s := range content.PopulationFrame() {
			if err := q.PopulationStratumInsert(ctx, dbsqlc.PopulationStratumInsertParams{TenantID: tenantID,
				Sector: s.Sector, SizeBand: s.SizeBand, Businesses: int32(s.Businesses)}); err != nil {
				return fmt.Errorf("population frame: %w", err)
			}
		}
		// Weighted series computed without the frame are stale now.
		return q.ObservatoryRollupBump(ctx, tenantID)
	})
}

// enrolAll enrols every demo panellist as of the wave's first day and
// registers one fake device each.
func (l *Loader) enrolAll(ctx context.Context, adm *admin.Service, tenantID int64, start calendar.Date) error {
	invites, err := adm.CreateInvites(ctx, tenantID, nil)
	if err != nil {
		return err
	}
	// Enrolment is dated the wave's first day, so this panel service runs
	// on a clock standing then, not on the process clock.
	past := clock.NewFake(start.Time(nil))
	// Enrolment reads no results: this rollup is never run or synced.
	roll, err := rollup.New(l.st, past, slog.Default(), rollup.Config{})
	if err != nil {
		return err
	}
	obs, err := observatory.New(l.st, l.bank, past, roll)
	if err != nil {
		return err
	}
	pan, err := panel.New(l.st, obs, past)
	if err != nil {
		return err
	}
	for i, inv := range invites {
		e, err := pan.Enrol(ctx, Slug, inv.Code, "demo-1")
		if err != nil {
			return fmt.Errorf("enrol %s: %w", inv.PanellistRef, err)
		}
		platform := "android"
		if i%3 == 0 {
			platform = "ios"
		}
		who := auth.Principal{TenantID: tenantID, PanellistID: e.PanellistID}
		if err := pan.RegisterDevice(ctx, who, panel.Device{Token: "demo-device-" + inv.PanellistRef, Platform: platform, AppVersion: "1.0.0", Locale: "en-GB"}); err != nil {
			return err
		}
	}
	return nil
}

func imported(r admin.ImportResult, err error) error {
	if err != nil {
		return err
	}
	if len(r.Problems) > 0 {
		return fmt.Errorf("import: line %d: %s", r.Problems[0].Line, r.Problems[0].Message)
	}
	return nil
}

func csvRow(fields ...string) string {
	for i, f := range fields {
		if strings.ContainsAny(f, ",\"\n") {
			fields[i] = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
		}
	}
	return strings.Join(fields, ",")
}

func (l *Loader) writeKeys(k Keys) error {
	body := fmt.Sprintf("admin=%s\nanalyst=%s\nfacilitator=%s\n", k.Admin, k.Analyst, k.Facilitator)
	if err := os.WriteFile(l.keysFile(), []byte(body), 0o600); err != nil {
		return fmt.Errorf("demo: write keys: %w", err)
	}
	return nil
}

func (l *Loader) readKeys() (Keys, error) {
	b, err := os.ReadFile(l.keysFile())
	if err != nil {
		return Keys{}, fmt.Errorf("demo: the demo tenant exists but its keys file is missing (make reset starts over): %w", err)
	}
	var k Keys
	for _, line := range strings.Split(string(b), "\n") {
		name, val, _ := strings.Cut(line, "=")
		switch name {
		case "admin":
			k.Admin = val
		case "analyst":
			k.Analyst = val
		case "facilitator":
			k.Facilitator = val
		}
	}
	return k, nil
}
