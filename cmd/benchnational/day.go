package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// The simulated day runs from 06:00 to 18:00, a minute at a time.
const (
	dayStart = 6 * time.Hour
	dayEnd   = 18 * time.Hour
)

// minute is what one simulated minute carried and how long it took.
type minute struct {
	at              time.Time
	pushes, answers int
	wall            time.Duration
}

// dayResult is one simulated day.
type dayResult struct {
	wall            time.Duration
	pushes, answers int
	// busiest is the minute with the most pushes and answers.
	busiest minute
	p99     float64
}

// day runs working day d of the wave: each minute the planner and the
// dispatcher run (the dispatcher until nothing is due), the rollup every
// quarter hour, and every phone whose answer time has come fetches its
// questions and sends both answers in one call.
func (r *rig) day(ctx context.Context, d int) (dayResult, error) {
	date := monday.AddDate(0, 0, d)
	due := map[time.Time][]int{} // answer minute -> phones
	seen := make([]bool, len(r.phones))
	var res dayResult
	var lat []time.Duration
	t0 := time.Now()
	for step := dayStart; step <= dayEnd; step += time.Minute {
		now := date.Add(step)
		m0, pushes0 := time.Now(), r.proc.FCM.Count()
		r.proc.Clock.Set(now)
		if err := r.proc.App.Planner.Tick(ctx); err != nil {
			return res, err
		}
		for {
			n, err := r.proc.App.Dispatcher.Tick(ctx)
			if err != nil {
				return res, err
			}
			if n == 0 {
				break
			}
		}
		if step%(15*time.Minute) == 0 {
			if err := r.proc.App.Rollup.Tick(ctx); err != nil {
				return res, err
			}
		}
		r.mu.Lock()
		arrived := r.pushed
		r.pushed = nil
		r.mu.Unlock()
		for _, p := range arrived {
			if seen[p.phone] || !r.phones[p.phone].answers[d] {
				continue
			}
			seen[p.phone] = true
			at := p.at.Add(r.phones[p.phone].delay[d]).Truncate(time.Minute)
			if at.Before(now) {
				at = now
			}
			due[at] = append(due[at], p.phone)
		}
		answering := due[now]
		delete(due, now)
		ls, err := r.answer(ctx, answering, d, now)
		if err != nil {
			return res, fmt.Errorf("%s: %w", now.Format("15:04"), err)
		}
		lat = append(lat, ls...)
		m := minute{at: now, pushes: r.proc.FCM.Count() - pushes0, answers: len(answering), wall: time.Since(m0)}
		res.pushes += m.pushes
		res.answers += m.answers
		if m.pushes+m.answers > res.busiest.pushes+res.busiest.answers {
			res.busiest = m
		}
	}
	res.wall = time.Since(t0)
	if len(lat) > 0 {
		slices.Sort(lat)
		res.p99 = float64(lat[len(lat)*99/100].Microseconds()) / 1000
	}
	return res, nil
}

// answer has each phone fetch today's questions and send its answers in
// one SubmitAnswers call; it returns the calls' latencies.
func (r *rig) answer(ctx context.Context, phones []int, d int, now time.Time) ([]time.Duration, error) {
	var mu sync.Mutex
	lat := make([]time.Duration, 0, len(phones))
	at := timestamppb.New(now)
	err := parallel(len(phones), func(i int) error {
		p := r.phones[phones[i]]
		c0 := time.Now()
		today, err := p.client.GetToday(ctx, connect.NewRequest(&pb.GetTodayRequest{}))
		if err != nil {
			return err
		}
		var batch []*pb.SubmitAnswerRequest
		for _, a := range today.Msg.Assignments {
			if a.Answer != nil {
				continue
			}
			v := &pb.AnswerValue{}
			switch a.Question.GetSpec().GetType() {
			case pb.QuestionType_QUESTION_TYPE_SCALE:
				n := int32(1 + (phones[i]+d)%10)
				v.Scale = &n
			default:
				c := int32(1 + (phones[i]+d)%3)
				v.Choice = &c
			}
			batch = append(batch, &pb.SubmitAnswerRequest{AssignmentId: a.Id, IdempotencyKey: fmt.Sprintf("national-%d-%d", phones[i], a.Id), Value: v, AnsweredAt: at})
		}
		if len(batch) == 0 {
			return fmt.Errorf("phone %d has no open question after its push", phones[i])
		}
		out, err := p.client.SubmitAnswers(ctx, connect.NewRequest(&pb.SubmitAnswersRequest{Answers: batch}))
		if err != nil {
			return err
		}
		for _, res := range out.Msg.Results {
			if res.ErrorCode != "" {
				return fmt.Errorf("answer refused: %s %s", res.ErrorCode, res.ErrorMessage)
			}
		}
		mu.Lock()
		lat = append(lat, time.Since(c0))
		mu.Unlock()
		return nil
	})
	return lat, err
}

// summary is the run's figures over its days.
type summary struct {
	secondsPerDay, burstPushesPerS, burstAnswersPerS, p99, burstSeconds float64
}

func summarise(days []dayResult) summary {
	var s summary
	for _, d := range days {
		s.secondsPerDay += d.wall.Seconds() / float64(len(days))
		s.p99 = max(s.p99, d.p99)
		if b := d.busiest.wall.Seconds(); b > s.burstSeconds {
			s.burstSeconds = b
			s.burstPushesPerS = float64(d.busiest.pushes) / b
			s.burstAnswersPerS = float64(d.busiest.answers) / b
		}
	}
	return s
}

// regions is how many regions of this size the machine keeps up with in
// real time: the busiest simulated minute must take at most a minute, and
// the whole simulated day at most its twelve hours. It assumes the load
// grows with the regions, which the burst minute bounds.
func (s summary) regions(tenants int) float64 {
	byBurst := float64(tenants) * 60 / s.burstSeconds
	byDay := float64(tenants) * (dayEnd - dayStart).Seconds() / s.secondsPerDay
	return min(byBurst, byDay)
}
