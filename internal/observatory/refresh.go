package observatory

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/store"
)

// AllDistricts is the district of the rollup rows that sum a sector and
// size band over its districts; AllSectors and AllSizes mark rows summed
// further over sectors or size bands.
const (
	AllDistricts = "*"
	AllSectors   = "*"
	AllSizes     = "*"
)

// Refresher folds new answers and assignments into the rollup cells. Each
// pass, per tenant, finds the (question, day) pairs touched by rows with ids
// above the tenant's watermark and recomputes those days' cells from the
// latest answers, so revisions (a new latest answer replacing an old one)
// and several respondents per business come out exact.
//
// A pass folds the id range (done, now] and then moves done only to the
// previous pass's high mark: rows are folded twice, so an answer whose
// transaction took its id before a pass but committed after it is still
// folded, as long as answer transactions last less than one interval.
// Passes of one tenant are serialised by a row lock on its watermark, so
// several replicas may run refreshers.
//
// Changes the id watermark cannot see (answers or assignments deleted on
// erasure or pause, answers detached from their panellist, a business's
// sector, size band or district or a panellist's role or business
// changing) are recorded as (question, day) keys in observatory_dirty by
// triggers (migration 00007); each pass takes the tenant's keys and
// recomputes those days too, so no Rebuild is needed after them.
type Refresher struct {
	st    *store.Store
	clock clock.Clock
	log   *slog.Logger
	// exact replaces a day's cells at every change, without the release
	// steps (see recompute): for tests that check folds against the raw
	// answers, never for serving.
	exact bool
}

// ExactFolds makes every fold replace the cells at once, without the
// disclosure release steps; tests that check folds against the raw answers
// use it. Never call it on a serving process.
func (r *Refresher) ExactFolds() { r.exact = true }

// NewRefresher returns a Refresher.
func NewRefresher(st *store.Store, clk clock.Clock, log *slog.Logger) (*Refresher, error) {
	if st == nil || clk == nil || log == nil {
		return nil, errors.New("observatory.NewRefresher: store, clock and logger are required")
	}
	return &Refresher{st: st, clock: clk, log: log}, nil
}

// Run calls Tick every interval of the clock until ctx ends.
func (r *Refresher) Run(ctx context.Context, every time.Duration) error {
	t := r.clock.NewTicker(every)
	defer t.Stop()
	for {
		if err := r.Tick(ctx); err != nil && ctx.Err() == nil {
			r.log.Error("observatory refresh failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.Chan():
		}
	}
}

// Tick refreshes every tenant once. This is the one place that lists all
// tenants: the worker serves them all.
func (r *Refresher) Tick(ctx context.Context) error {
	ts, err := r.st.Q.TenantList(ctx)
	if err != nil {
		return fmt.Errorf("observatory.Refresher.Tick: %w", err)
	}
	var errs []error
	for _, t := range ts {
		if err := r.RefreshTenant(ctx, t.ID); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// RefreshTenant folds one tenant's new rows into its cells.
func (r *Refresher) RefreshTenant(ctx context.Context, tenantID int64) error {
	_, err := r.refresh(ctx, tenantID)
	return err
}

// refresh folds one tenant's new rows into its cells and returns the
// version of the cells after it: in the common case, nothing to fold, one
// query answers both.
func (r *Refresher) refresh(ctx context.Context, tenantID int64) (int64, error) {
	st, err := r.st.Q.ObservatoryWatermarkStale(ctx, tenantID)
	if err != nil {
		return 0, fmt.Errorf("observatory.RefreshTenant: %w", err)
	}
	if !st.Stale {
		return st.Version, nil
	}
	if err := r.st.Q.ObservatoryWatermarkEnsure(ctx, tenantID); err != nil {
		return 0, fmt.Errorf("observatory.RefreshTenant: %w", err)
	}
	err = r.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		wm, err := q.ObservatoryWatermarkLock(ctx, tenantID)
		if err != nil {
			return err
		}
		ansMax, err := q.ObservatoryAnswerMaxID(ctx, tenantID)
		if err != nil {
			return err
		}
		asgMax, err := q.ObservatoryAssignmentMaxID(ctx, tenantID)
		if err != nil {
			return err
		}
		// Taken under the watermark lock, before the recompute reads the
		// answers. A dirty row inserted by a transaction that commits after
		// this DELETE ... RETURNING is not visible to it, stays, and is taken
		// on the next pass (whose reads then see that transaction's change).
		dirty, err := q.ObservatoryDirtyTake(ctx, tenantID)
		if err != nil {
			return err
		}
		moved := ansMax != wm.AnswerDone || asgMax != wm.AssignmentDone
		if !moved && len(dirty) == 0 {
			return nil
		}
		var keys []dbsqlc.ObservatoryTouchedRow
		if moved {
			if keys, err = q.ObservatoryTouched(ctx, dbsqlc.ObservatoryTouchedParams{
				TenantID: tenantID, AnswerFrom: wm.AnswerDone, AnswerTo: ansMax,
				AssignmentFrom: wm.AssignmentDone, AssignmentTo: asgMax,
			}); err != nil {
				return err
			}
		}
		if err := r.recompute(ctx, q, tenantID, mergeDirty(keys, dirty), false); err != nil {
			return err
		}
		if !moved {
			// Only dirty keys: the id marks stay, the version moves so
			// series computed from the old cells are not served again.
			return q.ObservatoryWatermarkBump(ctx, tenantID)
		}
		return q.ObservatoryWatermarkSet(ctx, dbsqlc.ObservatoryWatermarkSetParams{
			TenantID:   tenantID,
			AnswerDone: min(wm.AnswerSeen, ansMax), AnswerSeen: ansMax,
			AssignmentDone: min(wm.AssignmentSeen, asgMax), AssignmentSeen: asgMax,
			RefreshedAt: new(r.clock.Now()),
		})
	})
	if err != nil {
		return 0, fmt.Errorf("observatory.RefreshTenant %d: %w", tenantID, err)
	}
	v, err := r.st.Q.ObservatoryWatermarkVersion(ctx, tenantID)
	if err != nil {
		return 0, fmt.Errorf("observatory.RefreshTenant %d: version: %w", tenantID, err)
	}
	return v, nil
}

// Rebuild recomputes every cell of a tenant from the answers, and clears
// the tenant's dirty keys, which the rebuild covers.
func (r *Refresher) Rebuild(ctx context.Context, tenantID int64) error {
	if err := r.st.Q.ObservatoryWatermarkEnsure(ctx, tenantID); err != nil {
		return fmt.Errorf("observatory.Rebuild: %w", err)
	}
	err := r.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		if _, err := q.ObservatoryWatermarkLock(ctx, tenantID); err != nil {
			return err
		}
		if err := q.ObservatoryCellDeleteAll(ctx, tenantID); err != nil {
			return err
		}
		if err := q.ObservatoryWatermarkReset(ctx, tenantID); err != nil {
			return err
		}
		if err := q.ObservatoryDirtyDeleteAll(ctx, tenantID); err != nil {
			return err
		}
		all, err := q.ObservatoryAllKeys(ctx, tenantID)
		if err != nil {
			return err
		}
		keys := make([]dbsqlc.ObservatoryTouchedRow, len(all))
		for i, k := range all {
			keys[i] = dbsqlc.ObservatoryTouchedRow(k)
		}
		return r.recompute(ctx, q, tenantID, keys, true)
	})
	if err != nil {
		return fmt.Errorf("observatory.Rebuild %d: %w", tenantID, err)
	}
	return r.RefreshTenant(ctx, tenantID)
}

// recompute replaces the cells of each (question, day), in steps: a day's
// cells are replaced only when at least the tenant's threshold of
// businesses changed (answered, revised or were erased) since the answers
// they were last computed from, or while those were fewer than the
// threshold (nothing of them was shown); otherwise the last release stands.
// force (a rebuild) replaces every day.
func (r *Refresher) recompute(ctx context.Context, q *dbsqlc.Queries, tenantID int64, keys []dbsqlc.ObservatoryTouchedRow, force bool) error {
	t, err := q.TenantGet(ctx, tenantID)
	if err != nil {
		return fmt.Errorf("tenant: %w", err)
	}
	threshold := int(t.SuppressionThreshold)
	types := map[int64]answer.Type{}
	var batch []dbsqlc.ObservatoryCellCopyParams
	for _, k := range keys {
		typ, ok := types[k.QuestionID]
		if !ok {
			t, err := q.ObservatoryQuestionType(ctx, dbsqlc.ObservatoryQuestionTypeParams{TenantID: tenantID, QuestionID: k.QuestionID})
			if err != nil {
				return fmt.Errorf("question %d: %w", k.QuestionID, err)
			}
			typ = answer.Type(t)
			types[k.QuestionID] = typ
		}
		cells, roles, ids, err := dayCells(ctx, q, tenantID, k.QuestionID, k.Day, typ)
		if err != nil {
			return err
		}
		due, err := releaseDue(ctx, q, tenantID, k, ids, threshold, force || r.exact)
		if err != nil {
			return err
		}
		if !due {
			continue
		}
		if err := q.ObservatoryCellDelete(ctx, dbsqlc.ObservatoryCellDeleteParams{TenantID: tenantID, QuestionID: k.QuestionID, Day: k.Day}); err != nil {
			return err
		}
		coarse := map[Stratum]*Acc{}
		for s, a := range cells {
			batch = append(batch, a.toCopy(tenantID, k.QuestionID, k.Day, s))
			c := Stratum{Sector: s.Sector, SizeBand: s.SizeBand, District: AllDistricts, Role: AllRoles}
			if coarse[c] == nil {
				coarse[c] = &Acc{}
			}
			coarse[c].Merge(a)
		}
		for s, a := range coarse {
			batch = append(batch, a.toCopy(tenantID, k.QuestionID, k.Day, s))
		}
		for s, a := range levels(coarse) {
			batch = append(batch, a.toCopy(tenantID, k.QuestionID, k.Day, s))
		}
		for s, a := range roles {
			batch = append(batch, a.toCopy(tenantID, k.QuestionID, k.Day, s))
		}
		if len(batch) >= 5000 {
			if _, err := q.ObservatoryCellCopy(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		if _, err := q.ObservatoryCellCopy(ctx, batch); err != nil {
			return err
		}
	}
	return nil
}

// levels sums the (sector, size band) cells of a day over size bands, over
// sectors and over both (AllSectors, AllSizes), for unweighted reads.
func levels(coarse map[Stratum]*Acc) map[Stratum]*Acc {
	out := map[Stratum]*Acc{}
	add := func(k Stratum, a *Acc) {
		if out[k] == nil {
			out[k] = &Acc{}
		}
		out[k].Merge(a)
	}
	for s, a := range coarse {
		add(Stratum{Sector: s.Sector, SizeBand: AllSizes, District: AllDistricts, Role: AllRoles}, a)
		add(Stratum{Sector: AllSectors, SizeBand: s.SizeBand, District: AllDistricts, Role: AllRoles}, a)
		add(Stratum{Sector: AllSectors, SizeBand: AllSizes, District: AllDistricts, Role: AllRoles}, a)
	}
	return out
}

// dayCells computes the cells of one question on one day: the finest
// cells of all respondents, and the role cells (summed over districts).
func dayCells(ctx context.Context, q *dbsqlc.Queries, tenantID, questionID int64, day time.Time, typ answer.Type) (cells, roles map[Stratum]*Acc, ids answerIDs, err error) {
	rows, err := q.ObservatoryLatestAnswers(ctx, dbsqlc.ObservatoryLatestAnswersParams{TenantID: tenantID, QuestionID: questionID, Day: day})
	if err != nil {
		return nil, nil, ids, fmt.Errorf("answers: %w", err)
	}
	for _, r := range rows {
		ids.businesses = append(ids.businesses, r.BusinessID)
		ids.answers = append(ids.answers, r.ID)
		ids.segments = append(ids.segments, segmentHash(r.Sector, r.SizeBand, r.District, r.Role))
	}
	in := make([]answerRow, len(rows))
	byRole := make([]answerRow, 0, 2*len(rows))
	for i, r := range rows {
		in[i] = answerRow{BusinessID: r.BusinessID, Num: r.NumValue, Codes: r.Codes,
			Stratum: Stratum{Sector: r.Sector, SizeBand: r.SizeBand, District: r.District, Role: AllRoles}}
		if typ == answer.TypeMatrix && len(r.Matrix) > 0 {
			if in[i].Matrix, err = decodeMatrix(r.Matrix); err != nil {
				return nil, nil, ids, fmt.Errorf("answers: business %d: %w", r.BusinessID, err)
			}
		}
		// Role rows summed over districts (what role series read) and per
		// district (the finest units the disclosure pattern works on).
		sum, fine := in[i], in[i]
		sum.Stratum = Stratum{Sector: r.Sector, SizeBand: r.SizeBand, District: AllDistricts, Role: r.Role}
		fine.Stratum = Stratum{Sector: r.Sector, SizeBand: r.SizeBand, District: r.District, Role: r.Role}
		byRole = append(byRole, sum, fine)
	}
	scalePoints, ranking := typ == answer.TypeScale || typ == answer.TypeLikert, typ == answer.TypeRanking
	cells = fold(in, scalePoints, ranking)
	// Each business's respondents of one role are one unit of that role.
	slices.SortStableFunc(byRole, func(a, b answerRow) int {
		if a.BusinessID != b.BusinessID {
			return cmp.Compare(a.BusinessID, b.BusinessID)
		}
		if c := cmp.Compare(a.Stratum.Role, b.Stratum.Role); c != 0 {
			return c
		}
		return cmp.Compare(a.Stratum.District, b.Stratum.District)
	})
	roles = fold(byRole, scalePoints, ranking)
	assigned, err := q.ObservatoryAssigned(ctx, dbsqlc.ObservatoryAssignedParams{TenantID: tenantID, QuestionID: questionID, Day: day})
	if err != nil {
		return nil, nil, ids, fmt.Errorf("assigned: %w", err)
	}
	for _, a := range assigned {
		s := Stratum{Sector: a.Sector, SizeBand: a.SizeBand, District: a.District, Role: AllRoles}
		if cells[s] == nil {
			cells[s] = &Acc{}
		}
		cells[s].Assigned = int(a.Businesses)
	}
	byRoleAssigned, err := q.ObservatoryAssignedByRole(ctx, dbsqlc.ObservatoryAssignedByRoleParams{TenantID: tenantID, QuestionID: questionID, Day: day})
	if err != nil {
		return nil, nil, ids, fmt.Errorf("assigned by role: %w", err)
	}
	for _, a := range byRoleAssigned {
		s := Stratum{Sector: a.Sector, SizeBand: a.SizeBand, District: AllDistricts, Role: a.Role}
		if roles[s] == nil {
			roles[s] = &Acc{}
		}
		roles[s].Assigned = int(a.Businesses)
	}
	return cells, roles, ids, nil
}

// decodeMatrix reads a stored matrix answer: row codes to ratings.
func decodeMatrix(raw []byte) (map[int32]int32, error) {
	var m map[int32]int32
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("matrix: %w", err)
	}
	return m, nil
}

// answerIDs are the latest answers of a (question, day), by business, with
// the segments each answer is counted in (segmentHash).
type answerIDs struct {
	businesses, answers, segments []int64
}

// byBusiness keys each business's answer ids and, when withSegments, their
// segments: a business that moved between segments differs.
func (a answerIDs) byBusiness(withSegments bool) map[int64]string {
	out := map[int64]string{}
	for i, b := range a.businesses {
		out[b] += strconv.FormatInt(a.answers[i], 10)
		if withSegments {
			out[b] += ":" + strconv.FormatInt(a.segments[i], 10)
		}
		out[b] += ","
	}
	return out
}

// segmentHash names the segments of one answer (sector, size band,
// district, role) in one number, for the release record.
func segmentHash(sector, sizeBand, district, role string) int64 {
	h := fnv.New64a()
	for _, s := range []string{sector, sizeBand, district, role} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return int64(h.Sum64())
}

// releaseDue reports whether the cells of key may be replaced by those of
// the answers cur, and records cur as released when they may.
func releaseDue(ctx context.Context, q *dbsqlc.Queries, tenantID int64, k dbsqlc.ObservatoryTouchedRow, cur answerIDs, threshold int, force bool) (bool, error) {
	rel, err := q.ObservatoryReleaseGet(ctx, dbsqlc.ObservatoryReleaseGetParams{TenantID: tenantID, QuestionID: k.QuestionID, Day: k.Day})
	switch {
	case errors.Is(store.Translate(err), store.ErrNotFound):
		force = true
	case err != nil:
		return false, fmt.Errorf("release: %w", err)
	}
	if !force {
		// A business whose answers stayed but whose segments moved
		// (sector, size band, district or role) counts as a change, as an
		// answer does: its move shifts two cells by one business. Releases
		// recorded without segments compare answers only.
		withSegments := len(rel.Segments) == len(rel.AnswerIds)
		before := answerIDs{businesses: rel.BusinessIds, answers: rel.AnswerIds, segments: rel.Segments}.byBusiness(withSegments)
		now := cur.byBusiness(withSegments)
		changed := 0
		for b, v := range now {
			if before[b] != v {
				changed++
			}
		}
		for b := range before {
			if _, ok := now[b]; !ok {
				changed++
			}
		}
		// No business changed (only assignments did): the cells follow at
		// once.
		if len(before) >= threshold && changed > 0 && changed < threshold {
			return false, nil
		}
	}
	if err := q.ObservatoryReleaseSet(ctx, dbsqlc.ObservatoryReleaseSetParams{TenantID: tenantID, QuestionID: k.QuestionID, Day: k.Day,
		BusinessIds: nonNil(cur.businesses), AnswerIds: nonNil(cur.answers), Segments: nonNil(cur.segments)}); err != nil {
		return false, fmt.Errorf("release: %w", err)
	}
	return true, nil
}

func nonNil(v []int64) []int64 {
	if v == nil {
		return []int64{}
	}
	return v
}
