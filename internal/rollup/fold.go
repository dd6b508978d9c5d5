package rollup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/store"
)

// recompute replaces the cells of each (question, day), in steps: a day's
// cells are replaced only when at least the tenant's threshold of
// businesses changed (answered, revised or were erased) since the answers
// they were last computed from, or while those were fewer than the
// threshold (nothing of them was shown); otherwise the last release stands.
// force (a rebuild) replaces every day. It reports whether any stored cell
// changed.
func (r *Rollup) recompute(ctx context.Context, q *dbsqlc.Queries, tenantID int64, keys []key, force bool) (bool, error) {
	t, err := q.TenantGet(ctx, tenantID)
	if err != nil {
		return false, fmt.Errorf("tenant: %w", err)
	}
	threshold := int(t.SuppressionThreshold)
	types := map[int64]answer.Type{}
	var batch []dbsqlc.ObservatoryCellCopyParams
	changed := false
	for _, k := range keys {
		r.keysFolded.Add(1)
		typ, ok := types[k.QuestionID]
		if !ok {
			t, err := q.ObservatoryQuestionType(ctx, dbsqlc.ObservatoryQuestionTypeParams{TenantID: tenantID, QuestionID: k.QuestionID})
			if err != nil {
				return false, fmt.Errorf("question %d: %w", k.QuestionID, err)
			}
			typ = answer.Type(t)
			types[k.QuestionID] = typ
		}
		day, ids, err := dayCells(ctx, q, tenantID, k, typ)
		if err != nil {
			return false, err
		}
		due, err := releaseDue(ctx, q, tenantID, k, ids, threshold, force || r.exact)
		if err != nil {
			return false, err
		}
		if !due {
			continue
		}
		rows := day.Rows(tenantID, k.QuestionID, k.Day)
		if !force {
			same, err := sameCells(ctx, q, tenantID, k, rows)
			if err != nil {
				return false, err
			}
			if same {
				continue
			}
			if err := q.ObservatoryCellDelete(ctx, dbsqlc.ObservatoryCellDeleteParams{TenantID: tenantID, QuestionID: k.QuestionID, Day: k.Day}); err != nil {
				return false, err
			}
		}
		changed = true
		batch = append(batch, rows...)
		if len(batch) >= 5000 {
			if _, err := q.ObservatoryCellCopy(ctx, batch); err != nil {
				return false, err
			}
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		if _, err := q.ObservatoryCellCopy(ctx, batch); err != nil {
			return false, err
		}
	}
	return changed, nil
}

// sameCells reports whether the stored cells of k are rows already.
func sameCells(ctx context.Context, q *dbsqlc.Queries, tenantID int64, k key, rows []dbsqlc.ObservatoryCellCopyParams) (bool, error) {
	stored, err := q.ObservatoryCellDay(ctx, dbsqlc.ObservatoryCellDayParams{TenantID: tenantID, QuestionID: k.QuestionID, Day: k.Day})
	if err != nil {
		return false, fmt.Errorf("cells: %w", err)
	}
	if len(stored) != len(rows) {
		return false, nil
	}
	byCell := make(map[Cell]dbsqlc.ObservatoryCellCopyParams, len(stored))
	for _, s := range stored {
		p := dbsqlc.ObservatoryCellCopyParams(s)
		byCell[cellOf(p)] = p
	}
	for _, p := range rows {
		s, ok := byCell[cellOf(p)]
		if !ok || !cmp.Equal(s, p, cmpopts.EquateEmpty(), cmpopts.EquateNaNs()) {
			return false, nil
		}
	}
	return true, nil
}

func cellOf(p dbsqlc.ObservatoryCellCopyParams) Cell {
	return Cell{Level: Level(p.Level), Sector: p.Sector, SizeBand: p.SizeBand, District: p.District, Role: p.Role}
}

// dayCells computes the cells of one question on one day from its latest
// answers and assignments, and the answers they were computed from.
func dayCells(ctx context.Context, q *dbsqlc.Queries, tenantID int64, k key, typ answer.Type) (Day, answerIDs, error) {
	var ids answerIDs
	rows, err := q.ObservatoryLatestAnswers(ctx, dbsqlc.ObservatoryLatestAnswersParams{TenantID: tenantID, QuestionID: k.QuestionID, Day: k.Day})
	if err != nil {
		return Day{}, ids, fmt.Errorf("answers: %w", err)
	}
	in := make([]Answer, len(rows))
	for i, r := range rows {
		ids.businesses = append(ids.businesses, r.BusinessID)
		ids.answers = append(ids.answers, r.ID)
		ids.segments = append(ids.segments, segmentHash(r.Sector, r.SizeBand, r.District, r.Role))
		in[i] = Answer{BusinessID: r.BusinessID, Num: r.NumValue, Codes: r.Codes,
			Sector: r.Sector, SizeBand: r.SizeBand, District: r.District, Role: r.Role}
		if typ == answer.TypeMatrix && len(r.Matrix) > 0 {
			if in[i].Matrix, err = decodeMatrix(r.Matrix); err != nil {
				return Day{}, ids, fmt.Errorf("answers: business %d: %w", r.BusinessID, err)
			}
		}
	}
	d := FoldDay(in, typ)
	assigned, err := q.ObservatoryAssigned(ctx, dbsqlc.ObservatoryAssignedParams{TenantID: tenantID, QuestionID: k.QuestionID, Day: k.Day})
	if err != nil {
		return Day{}, ids, fmt.Errorf("assigned: %w", err)
	}
	for _, a := range assigned {
		d.acc(Cell{Level: LevelDistrict, Sector: a.Sector, SizeBand: a.SizeBand, District: a.District}).Assigned = int(a.Businesses)
	}
	byRole, err := q.ObservatoryAssignedByRole(ctx, dbsqlc.ObservatoryAssignedByRoleParams{TenantID: tenantID, QuestionID: k.QuestionID, Day: k.Day})
	if err != nil {
		return Day{}, ids, fmt.Errorf("assigned by role: %w", err)
	}
	for _, a := range byRole {
		d.acc(Cell{Level: LevelRole, Sector: a.Sector, SizeBand: a.SizeBand, Role: a.Role}).Assigned = int(a.Businesses)
	}
	return d, ids, nil
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

// releaseDue reports whether the cells of k may be replaced by those of
// the answers cur, and records cur as released when they may.
func releaseDue(ctx context.Context, q *dbsqlc.Queries, tenantID int64, k key, cur answerIDs, threshold int, force bool) (bool, error) {
	rel, err := q.ObservatoryReleaseGet(ctx, dbsqlc.ObservatoryReleaseGetParams{TenantID: tenantID, QuestionID: k.QuestionID, Day: k.Day})
	switch {
	case errors.Is(err, store.ErrNotFound):
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
