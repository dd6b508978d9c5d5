package roundtable

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/disclosure"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/paging"
	"github.com/panelpulse/panelpulse/internal/schedule"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Verdicts are the statuses that record an outcome with its evidence.
var Verdicts = []string{"validated", "refuted", "inconclusive"}

// Reach is whom a finding test reaches (schedule.SlotTest).
type Reach = schedule.SlotTest

// Event is one step of a finding's history: a test with its reach, a
// close, or a verdict with its evidence.
type Event struct {
	Kind     string // "test", "close" or "verdict"
	At       time.Time
	Segment  string
	Reach    Reach
	Verdict  string
	Evidence *Evidence
}

// Side is the released agree/disagree result of the room (attendees of a
// roundtable testing the finding) or the panel (everyone else).
type Side struct {
	Respondents  int      `json:"respondents"`
	Suppressed   bool     `json:"suppressed"`
	Agree        float64  `json:"agree"`
	Disagree     float64  `json:"disagree"`
	NetAgreement *float64 `json:"net_agreement,omitempty"`
	CILow        float64  `json:"ci_low"`
	CIHigh       float64  `json:"ci_high"`
}

// Evidence is a finding's results at one moment: the whole panel's
// respondents and net agreement with its interval (the observatory's
// estimate), and the room and the panel apart.
type Evidence struct {
	Respondents  int      `json:"respondents"`
	Suppressed   bool     `json:"suppressed"`
	NetAgreement *float64 `json:"net_agreement,omitempty"`
	CILow        float64  `json:"ci_low"`
	CIHigh       float64  `json:"ci_high"`
	Room         Side     `json:"room"`
	Panel        Side     `json:"panel"`
	Threshold    int      `json:"threshold"`
}

// Share is the weighted share of businesses at one Likert point.
type Share struct {
	Code          int32
	Label         string
	Share         float64
	CILow, CIHigh float64
}

// Results are a finding's results so far.
type Results struct {
	Evidence
	Assigned   int
	Shares     []Share
	TestClosed bool
}

// AddFinding records a finding in a roundtable: it is under test at once
// and the attendees who joined already get its question now, outside the
// daily cap.
func (s *Service) AddFinding(ctx context.Context, tenantID, roundtableID int64, statement string) (Finding, error) {
	r, err := s.st.Q.RoundtableGet(ctx, dbsqlc.RoundtableGetParams{TenantID: tenantID, ID: roundtableID})
	if errors.Is(err, store.ErrNotFound) {
		return Finding{}, fault.New(fault.NotFound, "roundtable %d does not exist", roundtableID)
	}
	if err != nil {
		return Finding{}, fmt.Errorf("roundtable.AddFinding: %w", err)
	}
	f, err := s.Create(ctx, tenantID, statement, r.Title)
	if err != nil {
		return Finding{}, err
	}
	q, err := s.question(ctx, tenantID, f)
	if err != nil {
		return Finding{}, err
	}
	if err := s.st.Q.RoundtableFindingInsert(ctx, dbsqlc.RoundtableFindingInsertParams{TenantID: tenantID, RoundtableID: r.ID, FindingID: f.ID}); err != nil {
		return Finding{}, fmt.Errorf("roundtable.AddFinding: %w", err)
	}
	attendees, err := s.st.Q.RoundtableAttendeeIDs(ctx, dbsqlc.RoundtableAttendeeIDsParams{TenantID: tenantID, RoundtableID: r.ID})
	if err != nil {
		return Finding{}, fmt.Errorf("roundtable.AddFinding: %w", err)
	}
	for _, p := range attendees {
		if _, err := s.planner.SendToAttendee(ctx, tenantID, p, []int64{q.ID}); err != nil {
			return Finding{}, fmt.Errorf("roundtable.AddFinding: %w", err)
		}
	}
	f.Status, f.QuestionKey = "testing", q.Key
	return f, nil
}

// testable returns the finding if a test may be sent or previewed.
func (s *Service) testable(ctx context.Context, tenantID, id int64) (Finding, error) {
	f, _, err := s.Get(ctx, tenantID, id)
	if err != nil {
		return Finding{}, err
	}
	switch f.Status {
	case "draft", "testing":
	default:
		return Finding{}, fault.New(fault.FailedPrecondition, "finding %d is already %s: a finding with a verdict is not tested again", id, f.Status)
	}
	if f.TestClosed {
		return Finding{}, fault.New(fault.FailedPrecondition, "finding %d's test is closed: no more answers are counted", id)
	}
	return f, nil
}

func when(now bool) schedule.When {
	if now {
		return schedule.Now
	}
	return schedule.NextWeekday
}

// Test turns the finding into a Likert question (key finding_ID) and sends
// it to segment: now, it goes out today and takes the slot of today's wave
// items not yet pushed (schedule.SendFindingTest); else on the next
// working day. The test and its reach join the finding's history.
func (s *Service) Test(ctx context.Context, tenantID, id int64, segment string, now bool) (Finding, Reach, error) {
	f, err := s.testable(ctx, tenantID, id)
	if err != nil {
		return Finding{}, Reach{}, err
	}
	q, err := s.question(ctx, tenantID, f)
	if err != nil {
		return Finding{}, Reach{}, err
	}
	r, err := s.planner.SendFindingTest(ctx, tenantID, q.ID, segment, when(now))
	if err != nil {
		return Finding{}, Reach{}, err
	}
	ev := dbsqlc.FindingEventInsertParams{
		TenantID: tenantID, FindingID: id, Kind: "test", At: s.clock.Now(), Segment: segment,
		NowCount: int32(r.Now), LaterCount: int32(r.Later), Moved: int32(r.Moved), Dropped: int32(r.Dropped),
	}
	first := r.Day.Time(time.UTC)
	ev.Day = &first
	if r.Later > 0 {
		d := r.LaterDay.Time(time.UTC)
		ev.LaterDay = &d
	}
	if _, err := s.st.Q.FindingEventInsert(ctx, ev); err != nil {
		return Finding{}, Reach{}, fmt.Errorf("roundtable.Test: %w", err)
	}
	f.Status, f.QuestionKey = "testing", q.Key
	return f, r, nil
}

// Preview answers the finding's question as a phone shows it and what
// Test would do now (the reach), changing nothing but giving the finding
// its question if it had none (without putting it under test).
func (s *Service) Preview(ctx context.Context, tenantID, id int64, segment string, now bool) (bank.Question, Reach, error) {
	f, err := s.testable(ctx, tenantID, id)
	if err != nil {
		return bank.Question{}, Reach{}, err
	}
	q, _, err := s.bank.Save(ctx, tenantID, questionInput(f))
	if err != nil {
		return bank.Question{}, Reach{}, err
	}
	if err := s.st.Q.FindingAttachQuestion(ctx, dbsqlc.FindingAttachQuestionParams{TenantID: tenantID, ID: id, QuestionID: &q.ID}); err != nil {
		return bank.Question{}, Reach{}, fmt.Errorf("roundtable.Preview: %w", err)
	}
	r, err := s.planner.PreviewFindingTest(ctx, tenantID, q.ID, segment, when(now))
	if err != nil {
		return bank.Question{}, Reach{}, err
	}
	return q, r, nil
}

// questionInput is the finding's Likert question.
func questionInput(f Finding) bank.Input {
	return bank.Input{
		Key: fmt.Sprintf("finding_%d", f.ID), Theme: "finding_test", Title: "Emerging finding",
		Wording: f.Statement, Spec: answer.Spec{Type: answer.TypeLikert, AllowDontKnow: true},
	}
}

// Close closes the finding's test: its ad-hoc items plan nothing more and
// its open assignments close now, so no answer given later is counted
// (the grace for answers given offline before now still applies). Closing
// twice changes nothing.
func (s *Service) Close(ctx context.Context, tenantID, id int64) (Finding, error) {
	_, qid, err := s.Get(ctx, tenantID, id)
	if err != nil {
		return Finding{}, err
	}
	now := s.clock.Now()
	err = s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		n, err := q.FindingCloseTest(ctx, dbsqlc.FindingCloseTestParams{TenantID: tenantID, ID: id, Now: &now})
		if err != nil || n == 0 {
			return err
		}
		if qid != nil {
			if err := q.FindingCloseAdhoc(ctx, dbsqlc.FindingCloseAdhocParams{TenantID: tenantID, QuestionID: *qid, Now: &now}); err != nil {
				return err
			}
			if _, err := q.FindingCloseAssignments(ctx, dbsqlc.FindingCloseAssignmentsParams{TenantID: tenantID, QuestionID: *qid, Now: now}); err != nil {
				return err
			}
		}
		_, err = q.FindingEventInsert(ctx, dbsqlc.FindingEventInsertParams{TenantID: tenantID, FindingID: id, Kind: "close", At: now})
		return err
	})
	if err != nil {
		return Finding{}, fmt.Errorf("roundtable.Close: %w", err)
	}
	return s.Find(ctx, tenantID, id)
}

// SetStatus records the outcome of a finding. A verdict (validated,
// refuted, inconclusive) is stored with the evidence at that moment and
// joins the history; one other than inconclusive is refused while fewer
// than the disclosure threshold have responded.
func (s *Service) SetStatus(ctx context.Context, tenantID, id int64, status string) (Finding, *Evidence, error) {
	ok := false
	for _, x := range Statuses {
		ok = ok || x == status
	}
	if !ok {
		return Finding{}, nil, fault.New(fault.Invalid, "status: %q is not one of %v", status, Statuses)
	}
	if _, _, err := s.Get(ctx, tenantID, id); err != nil {
		return Finding{}, nil, err
	}
	var ev *Evidence
	verdict := false
	for _, x := range Verdicts {
		verdict = verdict || x == status
	}
	if verdict {
		r, err := s.Results(ctx, tenantID, id)
		if err != nil {
			return Finding{}, nil, err
		}
		if r.Suppressed && status != "inconclusive" {
			return Finding{}, nil, fault.New(fault.FailedPrecondition,
				"a finding is %s only with at least %d respondents (the disclosure threshold); it has fewer so far: wait for more answers or record it as inconclusive",
				status, r.Threshold)
		}
		ev = &r.Evidence
	}
	err := s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		if _, err := q.FindingSetStatus(ctx, dbsqlc.FindingSetStatusParams{TenantID: tenantID, ID: id, Status: status, Now: s.clock.Now()}); err != nil {
			return err
		}
		if ev == nil {
			return nil
		}
		b, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		_, err = q.FindingEventInsert(ctx, dbsqlc.FindingEventInsertParams{
			TenantID: tenantID, FindingID: id, Kind: "verdict", At: s.clock.Now(), Verdict: status, Evidence: b,
		})
		return err
	})
	if err != nil {
		return Finding{}, nil, fmt.Errorf("roundtable.SetStatus: %w", err)
	}
	f, err := s.Find(ctx, tenantID, id)
	return f, ev, err
}

// Results computes the finding's results with the observatory's
// estimators and disclosure pattern: the finding question's total over all
// its days (each business counts once a day, its vote shared among its
// respondents; "don't know" is left out of the base); a total under the
// tenant's threshold is suppressed and shows no count. The read is
// Current: it includes the answers given in the room so far. The room and
// the panel apart are released in steps of the threshold
// (disclosure.Released); when either holds answers but fewer than the
// threshold, both are withheld, so the other side and the total cannot
// give it away by subtraction.
func (s *Service) Results(ctx context.Context, tenantID, id int64) (Results, error) {
	f, qid, err := s.Get(ctx, tenantID, id)
	if err != nil {
		return Results{}, err
	}
	t, err := s.st.Q.TenantGet(ctx, tenantID)
	if err != nil {
		return Results{}, fmt.Errorf("roundtable.Results: %w", err)
	}
	res := Results{TestClosed: f.TestClosed}
	res.Threshold = int(t.SuppressionThreshold)
	res.Suppressed, res.Room.Suppressed, res.Panel.Suppressed = true, true, true
	if qid == nil {
		return res, nil
	}
	c, thr, err := s.obs.Total(ctx, tenantID, f.QuestionKey)
	if err != nil {
		return Results{}, fmt.Errorf("roundtable.Results: %w", err)
	}
	res.Threshold = thr
	res.Respondents, res.Assigned, res.Suppressed = c.Respondents, c.Assigned, c.Suppressed
	for _, sh := range c.Shares {
		label := ""
		if sh.Code >= 1 && int(sh.Code) <= len(likertLabels) {
			label = likertLabels[sh.Code-1]
		}
		res.Shares = append(res.Shares, Share{Code: sh.Code, Label: label, Share: sh.Share.Estimate, CILow: sh.Share.Lower, CIHigh: sh.Share.Upper})
	}
	if c.NetAgreement != nil {
		v := c.NetAgreement.Estimate
		res.NetAgreement, res.CILow, res.CIHigh = &v, c.NetAgreement.Lower, c.NetAgreement.Upper
	}
	points, err := s.st.Q.FindingAnswerPoints(ctx, dbsqlc.FindingAnswerPointsParams{TenantID: tenantID, FindingID: id, QuestionID: *qid})
	if err != nil {
		return Results{}, fmt.Errorf("roundtable.Results: %w", err)
	}
	var room, panel []float64
	for _, p := range points {
		if p.InRoom {
			room = append(room, p.Point)
		} else {
			panel = append(panel, p.Point)
		}
	}
	hidden := func(n int) bool { return n > 0 && n < thr }
	if !hidden(len(room)) && !hidden(len(panel)) {
		res.Room, res.Panel = side(room, thr), side(panel, thr)
	}
	return res, nil
}

// side is the released result of points (1 to 5) arrived in order: the
// first disclosure.Released of them, with agree and disagree shares and
// the net agreement's normal-approximation 95% interval.
func side(points []float64, threshold int) Side {
	n := disclosure.Released(threshold, len(points))
	if n == 0 {
		return Side{Suppressed: len(points) > 0}
	}
	var agree, disagree float64
	for _, p := range points[:n] {
		switch {
		case p >= 4:
			agree++
		case p <= 2:
			disagree++
		}
	}
	pa, pd := agree/float64(n), disagree/float64(n)
	net := pa - pd
	half := 1.96 * math.Sqrt(math.Max(pa+pd-net*net, 0)/float64(n))
	return Side{
		Respondents: n, Agree: pa, Disagree: pd, NetAgreement: &net,
		CILow: math.Max(-1, net-half), CIHigh: math.Min(1, net+half),
	}
}

// Find returns a finding with its history.
func (s *Service) Find(ctx context.Context, tenantID, id int64) (Finding, error) {
	f, _, err := s.Get(ctx, tenantID, id)
	if err != nil {
		return Finding{}, err
	}
	out := []Finding{f}
	if err := s.history(ctx, tenantID, out); err != nil {
		return Finding{}, err
	}
	return out[0], nil
}

// List returns a page of the tenant's findings, newest first, each with
// its history; roundtableID > 0 keeps a roundtable's findings.
func (s *Service) List(ctx context.Context, tenantID, roundtableID int64, size int32, token string) ([]Finding, string, error) {
	p, err := paging.Parse(size, token, fmt.Sprintf("roundtable=%d", roundtableID))
	if err != nil {
		return nil, "", err
	}
	rows, err := s.st.Q.FindingList(ctx, dbsqlc.FindingListParams{TenantID: tenantID, After: p.After, RoundtableID: roundtableID, Lim: p.Limit()})
	if err != nil {
		return nil, "", fmt.Errorf("roundtable.List: %w", err)
	}
	rows, next := paging.Next(p, rows, func(r dbsqlc.FindingListRow) int64 { return r.ID })
	out := make([]Finding, len(rows))
	for i, r := range rows {
		out[i] = Finding{ID: r.ID, Statement: r.Statement, Status: r.Status, Roundtable: r.Roundtable, TestClosed: r.TestClosedAt != nil}
		if r.QuestionKey != nil {
			out[i].QuestionKey = *r.QuestionKey
		}
	}
	if err := s.history(ctx, tenantID, out); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// history fills the findings' History.
func (s *Service) history(ctx context.Context, tenantID int64, fs []Finding) error {
	if len(fs) == 0 {
		return nil
	}
	ids := make([]int64, len(fs))
	at := map[int64]int{}
	for i, f := range fs {
		ids[i], at[f.ID] = f.ID, i
	}
	rows, err := s.st.Q.FindingEventList(ctx, dbsqlc.FindingEventListParams{TenantID: tenantID, FindingIds: ids})
	if err != nil {
		return fmt.Errorf("roundtable.history: %w", err)
	}
	for _, r := range rows {
		e := Event{Kind: r.Kind, At: r.At, Segment: r.Segment, Verdict: r.Verdict}
		if r.Kind == "test" {
			e.Reach = Reach{Now: int(r.NowCount), Later: int(r.LaterCount), Moved: int(r.Moved), Dropped: int(r.Dropped)}
			e.Reach.Targeted = e.Reach.Now + e.Reach.Later
			if r.LaterDay != nil {
				e.Reach.LaterDay = calendar.DateOf(*r.LaterDay)
			}
			if r.Day != nil {
				e.Reach.Day = calendar.DateOf(*r.Day)
			}
		}
		if len(r.Evidence) > 0 {
			var ev Evidence
			if err := json.Unmarshal(r.Evidence, &ev); err != nil {
				return fmt.Errorf("roundtable.history: finding %d: %w", r.FindingID, err)
			}
			e.Evidence = &ev
		}
		i := at[r.FindingID]
		fs[i].History = append(fs[i].History, e)
	}
	return nil
}

// Rooms returns a page of the tenant's roundtables, newest first.
func (s *Service) Rooms(ctx context.Context, tenantID int64, size int32, token string) ([]Room, string, error) {
	p, err := paging.Parse(size, token, "")
	if err != nil {
		return nil, "", err
	}
	rows, err := s.st.Q.RoundtableList(ctx, dbsqlc.RoundtableListParams{TenantID: tenantID, After: p.After, Lim: p.Limit()})
	if err != nil {
		return nil, "", fmt.Errorf("roundtable.Rooms: %w", err)
	}
	rows, next := paging.Next(p, rows, func(r dbsqlc.RoundtableListRow) int64 { return r.ID })
	out := make([]Room, len(rows))
	for i, r := range rows {
		out[i] = Room{ID: r.ID, Title: r.Title, Date: calendar.DateOf(r.HeldOn), Audience: r.Audience, JoinCode: r.JoinCode,
			Status: r.Status, FindingIDs: r.FindingIds, Attendees: int(r.Attendees)}
	}
	return out, next, nil
}

// GetRoom returns one roundtable of the tenant.
func (s *Service) GetRoom(ctx context.Context, tenantID, id int64) (Room, error) {
	r, err := s.st.Q.RoundtableGet(ctx, dbsqlc.RoundtableGetParams{TenantID: tenantID, ID: id})
	if errors.Is(err, store.ErrNotFound) {
		return Room{}, fault.New(fault.NotFound, "roundtable %d does not exist", id)
	}
	if err != nil {
		return Room{}, fmt.Errorf("roundtable.GetRoom: %w", err)
	}
	return Room{ID: r.ID, Title: r.Title, Date: calendar.DateOf(r.HeldOn), Audience: r.Audience, JoinCode: r.JoinCode,
		Status: r.Status, FindingIDs: r.FindingIds, Attendees: int(r.Attendees)}, nil
}
