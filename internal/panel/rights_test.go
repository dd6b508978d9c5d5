package panel_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/gen/dbsqlctest"
	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// TestHistoryAndSectorResults: six manufacturers and two logistics firms
// answer (threshold 5). Logistics (2 businesses) is hidden, and so is
// manufacturing: shown beside the panel it would give logistics as the
// difference. Both see the panel; neither sees a hidden sector's count.
func TestHistoryAndSectorResults(t *testing.T) {
	t.Parallel()
	e := newEnv(t, panelOf8, scaleQ, choiceQ)
	scores := map[string]int32{"M1": 4, "M2": 5, "M3": 6, "M4": 7, "M5": 8, "M6": 6, "L1": 2, "L2": 3}
	for ref, v := range scores {
		_, err := e.submit(ref, e.assignment(ref, "recruit_confidence").Id, "s-"+ref+"-0001", scale(v), monday9)
		must(t, err)
		pick := []int32{1}
		if ref == "M1" || ref == "M2" {
			pick = []int32{1, 2}
		}
		_, err = e.submit(ref, e.assignment(ref, "who_pays").Id, "c-"+ref+"-0001", &pb.AnswerValue{Choices: pick}, monday9)
		must(t, err)
	}
	// M1 changes their mind: only the latest revision counts.
	_, err := e.submit("M1", e.assignment("M1", "recruit_confidence").Id, "s-M1-0002", scale(5), monday9)
	must(t, err)

	h, err := e.people["M1"].ListHistory(e.ctx, connect.NewRequest(&pb.ListHistoryRequest{}))
	must(t, err)
	if len(h.Msg.Items) != 2 {
		t.Fatalf("history has %d items, want 2 (latest revision of each question)", len(h.Msg.Items))
	}
	for _, it := range h.Msg.Items {
		if it.Question.Key == "recruit_confidence" && (it.Answer.GetScale() != 5 || it.Revision != 2) {
			t.Fatalf("history shows %v revision %d, want 5 at revision 2", it.Answer, it.Revision)
		}
	}

	r, err := e.people["M1"].GetSectorResults(e.ctx, connect.NewRequest(&pb.GetSectorResultsRequest{QuestionKey: "recruit_confidence"}))
	must(t, err)
	s, p := r.Msg.Sector, r.Msg.Panel
	if s.Label != "Advanced Manufacturing" || !s.Suppressed || s.Respondents != 0 || s.Mean != nil {
		t.Fatalf("sector = %v, want manufacturing hidden (it would give logistics away), no count, no mean", s)
	}
	if p.Respondents != 8 || p.Suppressed || p.Mean == nil || *p.Mean != 42.0/8 || r.Msg.MyAnswer.GetScale() != 5 {
		t.Fatalf("panel = %v (mine %v), want 8 businesses with mean 5.25 and my answer 5", p, r.Msg.MyAnswer)
	}
	c, err := e.people["M1"].GetSectorResults(e.ctx, connect.NewRequest(&pb.GetSectorResultsRequest{QuestionKey: "who_pays"}))
	must(t, err)
	shares := map[int32]*pb.OptionShare{}
	for _, sh := range c.Msg.Panel.Shares {
		shares[sh.Code] = sh
	}
	if e1, g := shares[1], shares[2]; e1 == nil || e1.Share != 1 || g == nil || g.Share != 2.0/8 || g.CiLow >= g.Share || g.CiHigh <= g.Share {
		t.Fatalf("panel shares = %v, want employer 1 and government 2/8 inside its Wilson interval", c.Msg.Panel.Shares)
	}
	if c.Msg.Sector.Shares != nil {
		t.Fatalf("hidden sector shows shares %v", c.Msg.Sector.Shares)
	}
	l, err := e.people["L1"].GetSectorResults(e.ctx, connect.NewRequest(&pb.GetSectorResultsRequest{QuestionKey: "recruit_confidence"}))
	must(t, err)
	if !l.Msg.Sector.Suppressed || l.Msg.Sector.Mean != nil || l.Msg.Sector.Respondents != 0 || l.Msg.Panel.Suppressed {
		t.Fatalf("logistics sector = %v, want suppressed without a mean or a count, panel shown", l.Msg.Sector)
	}
	_, err = e.people["L1"].GetSectorResults(e.ctx, connect.NewRequest(&pb.GetSectorResultsRequest{QuestionKey: "never_asked"}))
	if connect.CodeOf(err) != connect.CodeNotFound {
		t.Fatalf("results for an unanswered question: got %v, want NotFound", err)
	}
}

// TestPreferencesAndPause checks delivery time and time zone rules, and
// that a pause cancels the pending push and the next days' questions while
// the question already open stays answerable.
func TestPreferencesAndPause(t *testing.T) {
	t.Parallel()
	e := newEnvDays(t, panelOf8, []int32{0, 1}, scaleQ, choiceQ)
	str := func(s string) *string { return &s }
	c := e.people["M1"]
	res, err := c.UpdatePreferences(e.ctx, connect.NewRequest(&pb.UpdatePreferencesRequest{DeliveryTime: str("07:30"), TimeZone: str("Europe/Dublin")}))
	must(t, err)
	if res.Msg.DeliveryTime != "07:30" || res.Msg.TimeZone != "Europe/Dublin" || res.Msg.PauseUntil != "" {
		t.Fatalf("preferences = %v, want 07:30 Europe/Dublin unpaused", res.Msg)
	}
	for _, bad := range []*pb.UpdatePreferencesRequest{
		{TimeZone: str("Mars/Olympus")}, {TimeZone: str("Local")}, {DeliveryTime: str("25:00")}, {PauseUntil: str("2026-02-30")}, {PauseUntil: str("2020-01-01")},
	} {
		_, err := c.UpdatePreferences(e.ctx, connect.NewRequest(bad))
		if connect.CodeOf(err) != connect.CodeInvalidArgument {
			t.Errorf("UpdatePreferences(%v): got %v, want InvalidArgument", bad, err)
		}
	}
	res, err = c.UpdatePreferences(e.ctx, connect.NewRequest(&pb.UpdatePreferencesRequest{PauseUntil: str("2026-11-24")}))
	must(t, err)
	if res.Msg.PauseUntil != "2026-11-24" || res.Msg.DeliveryTime != "07:30" {
		t.Fatalf("pause: got %v, want paused until 2026-11-24 keeping 07:30", res.Msg)
	}
	pushes, err := e.st.Q.PanelExportPushes(e.ctx, dbsqlc.PanelExportPushesParams{TenantID: e.tenantID, PanellistID: e.ids["M1"]})
	must(t, err)
	for _, p := range pushes {
		if p.Status != "cancelled" {
			t.Fatalf("push of %s is %s after the pause, want cancelled", p.Day, p.Status)
		}
	}
	// Monday's question is already open: still answerable.
	_, err = e.submit("M1", e.assignment("M1", "recruit_confidence").Id, "paused-but-open", scale(3), monday9)
	must(t, err)
	// Tuesday is planned for everyone but the paused panellist.
	e.clock.Set(monday9.Add(22 * time.Hour))
	must(t, e.app.Planner.Tick(e.ctx))
	e.clock.Set(monday9.Add(25 * time.Hour))
	for _, ref := range []string{"M1", "M2"} {
		today, err := e.people[ref].GetToday(e.ctx, connect.NewRequest(&pb.GetTodayRequest{}))
		must(t, err)
		got := 0
		for _, a := range today.Msg.Assignments {
			if a.Question.Key == "who_pays" {
				got++
			}
		}
		if want := map[string]int{"M1": 0, "M2": 1}[ref]; got != want {
			t.Fatalf("%s has %d of Tuesday's questions, want %d (M1 is paused until Tuesday)", ref, got, want)
		}
	}
	res, err = c.UpdatePreferences(e.ctx, connect.NewRequest(&pb.UpdatePreferencesRequest{PauseUntil: str("")}))
	must(t, err)
	if res.Msg.PauseUntil != "" {
		t.Fatalf("resume: still paused until %q", res.Msg.PauseUntil)
	}
}

// TestWithdrawAndErase: withdrawal stops the sessions at once; erasure
// deletes identity and devices, keeps the answers detached (or deletes them
// by policy) and records the erasure; aggregates keep working.
func TestWithdrawAndErase(t *testing.T) {
	t.Parallel()
	for _, eraseAnswers := range []bool{false, true} {
		e := newEnv(t, panelOf8, scaleQ)
		must(t, dbsqlctest.New(e.st.Pool).PanelTenantSetErasePolicy(e.ctx, dbsqlctest.PanelTenantSetErasePolicyParams{TenantID: e.tenantID, EraseAnswers: eraseAnswers}))
		a := e.assignment("M1", "recruit_confidence")
		_, err := e.submit("M1", a.Id, "erase-me-0001", scale(9), monday9)
		must(t, err)
		// A time zone and delivery time of their own, which the
		// tombstone must not keep.
		_, err = e.people["M1"].UpdatePreferences(e.ctx, connect.NewRequest(&pb.UpdatePreferencesRequest{TimeZone: proto.String("Asia/Kolkata"), DeliveryTime: proto.String("07:35")}))
		must(t, err)

		exp, err := e.people["M1"].ExportMyData(e.ctx, connect.NewRequest(&pb.ExportMyDataRequest{}))
		must(t, err)
		var doc map[string]any
		must(t, json.Unmarshal([]byte(exp.Msg.Json), &doc))
		if !strings.Contains(exp.Msg.Json, "pM1@example.org") || !strings.Contains(exp.Msg.Json, "tok-M1") || len(doc["answers"].([]any)) != 1 {
			t.Fatalf("export lacks the email, the device or the answer: %s", exp.Msg.Json)
		}

		w, err := e.people["M1"].Withdraw(e.ctx, connect.NewRequest(&pb.WithdrawRequest{Erase: true}))
		must(t, err)
		if !w.Msg.Erased || w.Msg.AnswersKept == eraseAnswers || !w.Msg.WithdrawnAt.AsTime().Equal(monday9) {
			t.Fatalf("withdraw = %v, want erased with answers kept %v at %v", w.Msg, !eraseAnswers, monday9)
		}
		_, err = e.people["M1"].GetToday(e.ctx, connect.NewRequest(&pb.GetTodayRequest{}))
		if connect.CodeOf(err) != connect.CodeUnauthenticated {
			t.Fatalf("after withdrawal the session still works: %v", err)
		}
		c, err := dbsqlctest.New(e.st.Pool).PanelAnswerCountForAssignment(e.ctx, dbsqlctest.PanelAnswerCountForAssignmentParams{TenantID: e.tenantID, AssignmentID: a.Id})
		must(t, err)
		if eraseAnswers && c.Answers != 0 || !eraseAnswers && (c.Answers != 1 || c.Detached != 1) {
			t.Fatalf("policy erase_answers=%v: %d answers, %d detached", eraseAnswers, c.Answers, c.Detached)
		}
		p, err := e.st.Q.PanelExportProfile(e.ctx, dbsqlc.PanelExportProfileParams{TenantID: e.tenantID, ID: e.ids["M1"]})
		if eraseAnswers && err == nil || !eraseAnswers && (err != nil || p.Email != "" || p.Name != "" || !strings.HasPrefix(p.Ref, "erased-") || p.Status != "withdrawn" ||
			p.TimeZone != "Europe/London" || p.DeliveryMinute != 540) {
			t.Fatalf("policy erase_answers=%v: panellist row %+v (%v), want gone or a tombstone without identity (default time zone and delivery time)", eraseAnswers, p, err)
		}
		er, err := dbsqlctest.New(e.st.Pool).PanelErasureList(e.ctx, e.tenantID)
		must(t, err)
		if len(er) != 1 || !strings.HasPrefix(er[0].PanellistRef, "erased-") || er[0].AnswersKept == eraseAnswers || !er[0].ErasedAt.Equal(monday9) ||
			(!eraseAnswers && er[0].PanellistRef != p.Ref) {
			t.Fatalf("erasure record = %+v, want a random erased- reference (the tombstone's, if kept) at %v with answers kept %v, never PM1", er, monday9, !eraseAnswers)
		}
		// Others carry on: M2 still answers and sees the panel.
		_, err = e.submit("M2", e.assignment("M2", "recruit_confidence").Id, "after-erasure-1", scale(5), monday9.Add(time.Minute))
		must(t, err)
	}
}

// TestWithdrawWithoutErase keeps the person but stops everything.
func TestWithdrawWithoutErase(t *testing.T) {
	t.Parallel()
	e := newEnv(t, panelOf8, scaleQ)
	w, err := e.people["L1"].Withdraw(e.ctx, connect.NewRequest(&pb.WithdrawRequest{}))
	must(t, err)
	if w.Msg.Erased || w.Msg.AnswersKept {
		t.Fatalf("withdraw without erase = %v", w.Msg)
	}
	p, err := e.st.Q.PanelExportProfile(e.ctx, dbsqlc.PanelExportProfileParams{TenantID: e.tenantID, ID: e.ids["L1"]})
	must(t, err)
	if p.Status != "withdrawn" || p.Email != "pL1@example.org" {
		t.Fatalf("profile after withdrawal = %+v, want withdrawn with identity kept", p)
	}
	as, err := e.st.Q.PanelExportAssignments(e.ctx, dbsqlc.PanelExportAssignmentsParams{TenantID: e.tenantID, PanellistID: e.ids["L1"]})
	must(t, err)
	for _, a := range as {
		if a.Status != "expired" {
			t.Fatalf("assignment %d is %s after withdrawal, want expired", a.ID, a.Status)
		}
	}
	ps, err := e.st.Q.PanelExportPushes(e.ctx, dbsqlc.PanelExportPushesParams{TenantID: e.tenantID, PanellistID: e.ids["L1"]})
	must(t, err)
	for _, p := range ps {
		if p.Status != "cancelled" && p.Status != "sent" {
			t.Fatalf("push of %s is %s after withdrawal, want cancelled", p.Day, p.Status)
		}
	}
	_, err = e.people["L1"].SubmitAnswer(e.ctx, connect.NewRequest(&pb.SubmitAnswerRequest{}))
	if connect.CodeOf(err) != connect.CodeUnauthenticated && connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Fatalf("withdrawn panellist submitting: %v", err)
	}
}
