package app_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/fakefcm"
)

// TestCountsAgree runs three days of a wave through the real planner and
// dispatcher, the fake FCM and the injected clock: a first push retried
// after a quota error, pushes cancelled because everything was answered or
// the panellist paused, a day missed while the server was down and planned
// late the next day (its first push and reminder both due), an ad-hoc send,
// reminders, acknowledged notifications and a late answer given offline
// before close and sent within the grace period. Every view of the counts
// (response rates, the response monitor whole and split by every dimension,
// push statistics, plan status, the programme home's today and live wave)
// must give the same numbers, they must be the ones the scenario makes,
// and pushed and reminded must be what the fake FCM received.
func TestCountsAgree(t *testing.T) {
	t.Parallel()
	mon := time.Date(2026, 11, 23, 7, 0, 0, 0, london)
	at := func(day, h, m int) time.Time {
		return mon.AddDate(0, 0, day).Add(time.Duration(h-7)*time.Hour + time.Duration(m)*time.Minute)
	}
	h := newHarness(t, mon)
	ctx := h.ctx
	p := h.programme("counts")
	// The harness's own one-day wave falls a week earlier and is never
	// planned.
	people := h.panel(p, "2026-11-16", []string{"M1,28110,12", "M2,28220,60", "S1,93110,4", "S2,93120,30", "L1,49410,40", "L2,49420,8"})
	for _, key := range []string{"skills_gap", "vacancies"} {
		must(t, call(p.admin.CreateQuestion(ctx, connect.NewRequest(&pb.CreateQuestionRequest{
			Key: key, Theme: pb.Theme_THEME_RECRUITMENT_CONFIDENCE, Title: key, Wording: "How is it for " + key + "?",
			Spec: &pb.QuestionSpec{Type: pb.QuestionType_QUESTION_TYPE_SCALE, ScaleMin: 1, ScaleMax: 5, MinLabel: "Bad", MaxLabel: "Good"},
		}))))
	}
	var plan []*pb.PlanItem
	for d := int32(0); d < 5; d++ {
		plan = append(plan, &pb.PlanItem{Day: d, QuestionKey: "skills_gap", Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_ALL}})
	}
	w, err := p.admin.CreateWave(ctx, connect.NewRequest(&pb.CreateWaveRequest{Name: "Counts", StartDate: "2026-11-23", WorkingDays: 5, Plan: plan}))
	must(t, err)
	waveID := w.Msg.Wave.Id

	tick := func(when time.Time, what string) {
		t.Helper()
		h.clock.Set(when)
		if _, err := h.app.Dispatcher.Tick(ctx); err != nil {
			t.Fatalf("%s: dispatch: %v", what, err)
		}
	}
	plan1 := func(when time.Time) {
		t.Helper()
		h.clock.Set(when)
		must(t, h.app.Planner.Tick(ctx))
	}
	// answer answers ref's open question of day (key) at the clock's time,
	// or as given at answeredAt.
	answer := func(ref, day, key string, answeredAt time.Time) {
		t.Helper()
		var id int64
		must(t, h.st.Pool.QueryRow(ctx, `SELECT a.id FROM assignment a
			JOIN panellist pl ON pl.tenant_id = a.tenant_id AND pl.id = a.panellist_id
			JOIN question q ON q.tenant_id = a.tenant_id AND q.id = a.question_id
			WHERE a.tenant_id = $1 AND pl.ref = $2 AND a.day = $3 AND q.key = $4`, p.id, "P"+ref, day, key).Scan(&id))
		must(t, call(people[ref].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
			AssignmentId: id, IdempotencyKey: fmt.Sprintf("counts-%s-%s-%s", ref, day, key), Value: scale(4), AnsweredAt: timestamppb.New(answeredAt),
		}))))
	}
	// ack acknowledges the latest push of kind that FCM accepted for ref.
	ack := func(ref, kind string) {
		t.Helper()
		var id string
		for _, m := range h.fcm.Messages() {
			if m.Token == "tok-P"+ref && m.Data["kind"] == kind {
				id = m.Data["push_id"]
			}
		}
		if id == "" {
			t.Fatalf("no %s push reached %s", kind, ref)
		}
		var n int64
		fmt.Sscan(id, &n)
		must(t, call(people[ref].AcknowledgeNotification(ctx, connect.NewRequest(&pb.AcknowledgeNotificationRequest{PushId: n}))))
	}

	// Monday.
	plan1(at(0, 7, 0))
	h.fcm.FailToken("tok-PM2", fakefcm.Fault{Kind: fakefcm.QuotaExceeded, Times: 1, RetryAfter: time.Minute})
	// The dispatcher runs a little late; S2 opened the app and answered
	// before the push went, so it is cancelled.
	h.clock.Set(at(0, 9, 2))
	answer("S2", "2026-11-23", "skills_gap", h.clock.Now())
	tick(at(0, 9, 5), "Monday 09:05")
	tick(at(0, 9, 6), "Monday 09:06 (M2's retry)")
	h.clock.Set(at(0, 9, 30))
	ack("M1", "delivery")
	answer("M1", "2026-11-23", "skills_gap", h.clock.Now())
	ack("S1", "delivery")
	h.clock.Set(at(0, 10, 0))
	answer("M2", "2026-11-23", "skills_gap", h.clock.Now())
	tick(at(0, 15, 0), "Monday 15:00 (reminders)")
	h.clock.Set(at(0, 16, 0))
	ack("L1", "reminder")
	answer("L1", "2026-11-23", "skills_gap", h.clock.Now())

	// Tuesday: the server is down all day. Wednesday morning it plans
	// Tuesday late; L2 sends Monday's answer given offline on Tuesday
	// and answers Tuesday's before its push goes.
	plan1(at(2, 7, 0))
	h.clock.Set(at(2, 7, 20))
	answer("L2", "2026-11-23", "skills_gap", at(1, 10, 0))
	answer("L2", "2026-11-24", "skills_gap", h.clock.Now())
	tick(at(2, 7, 30), "Wednesday 07:30 (Tuesday's first pushes)")
	tick(at(2, 7, 30), "Wednesday 07:30 again")
	tick(at(2, 7, 31), "Wednesday 07:31 (Tuesday's reminders)")
	h.clock.Set(at(2, 8, 0))
	must(t, call(people["S2"].UpdatePreferences(ctx, connect.NewRequest(&pb.UpdatePreferencesRequest{PauseUntil: proto.String("2026-11-27")}))))
	must(t, call(p.admin.SendAdHoc(ctx, connect.NewRequest(&pb.SendAdHocRequest{QuestionKey: "vacancies", Segment: &pb.Segment{Dimension: pb.Dimension_DIMENSION_SECTOR, Value: "Logistics"}, When: pb.AdHocWhen_AD_HOC_WHEN_NOW}))))
	tick(at(2, 9, 0), "Wednesday 09:00")
	h.clock.Set(at(2, 9, 30))
	answer("S1", "2026-11-24", "skills_gap", h.clock.Now())
	answer("S1", "2026-11-25", "skills_gap", h.clock.Now())
	ack("M1", "delivery")
	answer("M1", "2026-11-25", "skills_gap", h.clock.Now())
	tick(at(2, 15, 0), "Wednesday 15:00 (reminders)")
	tick(at(2, 15, 1), "Wednesday 15:01")
	h.clock.Set(at(2, 16, 0))

	// What the scenario makes, day by day, as
	// assigned/ad hoc/pushed/reminded/opened/answered/answered after push.
	want := map[string]string{
		// S2 answered before the push (cancelled); M2's push went on retry;
		// reminders reached S1, L1, L2; M1, S1, L1 opened; L2's late
		// answer, given Tuesday, counts and came after Monday's push.
		"2026-11-23": "6/0/5/3/3/5/4",
		// Planned late: L2 answered before the push; five reminders.
		"2026-11-24": "6/0/5/5/0/2/1",
		// S2 paused (the unopened assignment goes); L1 and L2 got the
		// ad-hoc question in the same first push.
		"2026-11-25": "7/2/7/5/1/2/2",
	}
	str := func(c *pb.Counts) string {
		return fmt.Sprintf("%d/%d/%d/%d/%d/%d/%d", c.Assigned, c.AdHoc, c.Pushed, c.Reminded, c.Opened, c.Answered, c.AnsweredAfterPush)
	}
	views := map[string]map[string]string{} // view -> day -> counts
	put := func(view, day string, c *pb.Counts) {
		if views[view] == nil {
			views[view] = map[string]string{}
		}
		views[view][day] = str(c)
		if want := 0.0; c.Assigned > 0 {
			want = float64(c.Answered) / float64(c.Assigned)
			if c.ResponseRate != want {
				t.Errorf("%s %s: response rate %v, want answered/assigned %v", view, day, c.ResponseRate, want)
			}
		}
	}
	rates, err := p.admin.GetResponseRates(ctx, connect.NewRequest(&pb.GetResponseRatesRequest{WaveId: waveID}))
	must(t, err)
	for _, d := range rates.Msg.Days {
		put("GetResponseRates", d.Day, d.Counts)
	}
	for dim, name := range map[pb.Dimension]string{
		pb.Dimension_DIMENSION_ALL: "all", pb.Dimension_DIMENSION_SECTOR: "sector", pb.Dimension_DIMENSION_SIZE_BAND: "size band",
		pb.Dimension_DIMENSION_DISTRICT: "district", pb.Dimension_DIMENSION_ROLE: "role",
	} {
		res, err := p.admin.GetResponseMonitor(ctx, connect.NewRequest(&pb.GetResponseMonitorRequest{WaveId: waveID, Dimension: dim}))
		must(t, err)
		sums := map[string]*pb.Counts{}
		segments := map[string]bool{}
		for _, r := range res.Msg.Rows {
			if r.Segment.GetDimension() != dim {
				t.Fatalf("monitor by %v has a row of segment %v", dim, r.Segment)
			}
			segments[r.Segment.Value] = true
			if dim == pb.Dimension_DIMENSION_ALL {
				put("GetResponseMonitor", r.Day, r.Counts)
				continue
			}
			s := sums[r.Day]
			if s == nil {
				s = &pb.Counts{}
				sums[r.Day] = s
			}
			c := r.Counts
			s.Assigned, s.AdHoc, s.Pushed, s.Reminded = s.Assigned+c.Assigned, s.AdHoc+c.AdHoc, s.Pushed+c.Pushed, s.Reminded+c.Reminded
			s.Opened, s.Answered, s.AnsweredAfterPush = s.Opened+c.Opened, s.Answered+c.Answered, s.AnsweredAfterPush+c.AnsweredAfterPush
		}
		if dim == pb.Dimension_DIMENSION_SECTOR && len(segments) != 3 {
			t.Errorf("monitor by sector has segments %v, want the three sectors", segments)
		}
		for day, s := range sums {
			views["GetResponseMonitor by "+name] = merge(views["GetResponseMonitor by "+name], day, str(s))
		}
	}
	stats, err := p.admin.GetPushStats(ctx, connect.NewRequest(&pb.GetPushStatsRequest{WaveId: waveID}))
	must(t, err)
	firstSent, remindersSent := map[string]int32{}, map[string]int32{}
	for _, d := range stats.Msg.Days {
		put("GetPushStats", d.Day, d.Counts)
		firstSent[d.Day], remindersSent[d.Day] = d.FirstPushes.Sent+d.AdHocPushes.Sent, d.Reminders.Sent
	}
	status, err := p.admin.GetPlanStatus(ctx, connect.NewRequest(&pb.GetPlanStatusRequest{FromDay: "2026-11-16", ToDay: "2026-11-27"}))
	must(t, err)
	for _, d := range status.Msg.Days {
		put("GetPlanStatus", d.Day, d.Counts)
	}
	home, err := p.admin.GetProgrammeHome(ctx, connect.NewRequest(&pb.GetProgrammeHomeRequest{}))
	must(t, err)
	put("GetProgrammeHome today", home.Msg.Today.Day, home.Msg.Today.Counts)

	// The fake FCM's log: the assignments each accepted message carried.
	fcmPushed, fcmReminded := map[string]map[string]bool{}, map[string]map[string]bool{}
	fcmFirst, fcmReminders := map[string]int32{}, map[string]int32{}
	var order []string
	for _, m := range h.fcm.Messages() {
		day, kind := m.Data["day"], m.Data["kind"]
		set := fcmPushed
		if kind == "reminder" {
			set = fcmReminded
			fcmReminders[day]++
		} else {
			fcmFirst[day]++
		}
		if set[day] == nil {
			set[day] = map[string]bool{}
		}
		for _, id := range strings.Split(m.Data["assignment_ids"], ",") {
			set[day][id] = true
		}
		order = append(order, m.Token+" "+day+" "+kind)
	}

	for day, w := range want {
		for view, days := range views {
			if view == "GetProgrammeHome today" && day != "2026-11-25" {
				continue
			}
			if got := days[day]; got != w {
				t.Errorf("%s on %s: %s, want %s (assigned/ad hoc/pushed/reminded/opened/answered/answered after push)", view, day, got, w)
			}
		}
		var c [7]int
		fmt.Sscanf(w, "%d/%d/%d/%d/%d/%d/%d", &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6])
		if len(fcmPushed[day]) != c[2] || len(fcmReminded[day]) != c[3] {
			t.Errorf("on %s the fake FCM got first pushes for %d assignments and reminders for %d, the counts say %d and %d",
				day, len(fcmPushed[day]), len(fcmReminded[day]), c[2], c[3])
		}
		if firstSent[day] != fcmFirst[day] || remindersSent[day] != fcmReminders[day] {
			t.Errorf("on %s push stats say %d first pushes and %d reminders sent, the fake FCM got %d and %d",
				day, firstSent[day], remindersSent[day], fcmFirst[day], fcmReminders[day])
		}
	}
	for view, days := range views {
		for day := range days {
			if _, ok := want[day]; !ok {
				t.Errorf("%s has a day %s the scenario never planned", view, day)
			}
		}
	}
	if home.Msg.Today.FirstPushesSent != fcmFirst["2026-11-25"] || home.Msg.Today.RemindersSent != fcmReminders["2026-11-25"] {
		t.Errorf("home says %d first pushes and %d reminders sent today, the fake FCM got %d and %d",
			home.Msg.Today.FirstPushesSent, home.Msg.Today.RemindersSent, fcmFirst["2026-11-25"], fcmReminders["2026-11-25"])
	}
	var live *pb.LiveWave
	for _, lw := range home.Msg.LiveWaves {
		if lw.Wave.Id == waveID {
			live = lw
		}
	}
	if live == nil || str(live.Counts) != "19/2/17/13/4/9/7" {
		t.Errorf("the home's live wave counts %v, want the three days' sum 19/2/17/13/4/9/7", live)
	}
	// No reminder reached a phone before that day's first push to it.
	first := map[string]bool{}
	for _, o := range order {
		f := strings.Fields(o)
		if f[2] == "reminder" && !first[f[0]+" "+f[1]] {
			t.Errorf("the fake FCM got a reminder before the first push: %s (all: %v)", o, order)
		}
		first[f[0]+" "+f[1]] = first[f[0]+" "+f[1]] || f[2] != "reminder"
	}
	// Another programme's views count none of this one's assignments.
	other := h.programme("counts-other")
	ost, err := other.admin.GetPlanStatus(ctx, connect.NewRequest(&pb.GetPlanStatusRequest{FromDay: "2026-11-16", ToDay: "2026-11-27"}))
	must(t, err)
	ohome, err := other.admin.GetProgrammeHome(ctx, connect.NewRequest(&pb.GetProgrammeHomeRequest{}))
	must(t, err)
	if len(ost.Msg.Days) != 0 || ohome.Msg.Today.Counts.Assigned != 0 || ohome.Msg.Today.FirstPushesSent != 0 {
		t.Errorf("another programme sees plan status %v and today %v, want nothing", ost.Msg.Days, ohome.Msg.Today)
	}
	_, err = other.admin.GetResponseRates(ctx, connect.NewRequest(&pb.GetResponseRatesRequest{WaveId: waveID}))
	wantCode(t, err, connect.CodeNotFound, "response rates of another programme's wave")
	if t.Failed() {
		keys := make([]string, 0, len(views))
		for k := range views {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.Logf("%s: %v", k, views[k])
		}
	}
}

func merge(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}
