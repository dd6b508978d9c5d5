// Package push dispatches the push outbox: it claims due pushes from
// PostgreSQL (several replicas share the queue), sends them to every device
// of the panellist through FCM, and records the outcome, pruning dead tokens
// and retrying transient failures with backoff.
package push

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/clock"
	"github.com/panelpulse/panelpulse/internal/fcm"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Sender sends FCM messages; *fcm.Client is the real one.
type Sender interface {
	Send(ctx context.Context, msgs []fcm.Message) ([]fcm.Result, error)
}

var _ Sender = (*fcm.Client)(nil)

// Config tunes a dispatcher.
type Config struct {
	// Batch is the most pushes claimed at once (default 1000).
	Batch int
	// Lease is how long a claim holds before another dispatcher may take
	// the push over (default 2 minutes); it must exceed a send's duration.
	Lease time.Duration
	// MaxAttempts bounds the tries of one push before it fails (default 8).
	// A claim counts as a try, so a push whose dispatcher keeps dying while
	// sending it also ends failed instead of looping for ever.
	MaxAttempts int
	// Workers is how many claim-send-record loops Run keeps going at once
	// (default 1). Each claims its own batch with SKIP LOCKED, so while one
	// waits on FCM another is claiming or recording.
	Workers int
	// AppURL is the web app's public address (e.g.
	// https://panel.example.org/app/); web pushes link to today's
	// questions there. Empty links to /app/ on the host the phone got the
	// app from.
	AppURL string
}

// Dispatcher sends due pushes.
type Dispatcher struct {
	st     *store.Store
	sender Sender
	clock  clock.Clock
	log    *slog.Logger
	cfg    Config
}

// NewDispatcher returns a Dispatcher.
func NewDispatcher(st *store.Store, sender Sender, clk clock.Clock, log *slog.Logger, cfg Config) (*Dispatcher, error) {
	if st == nil || sender == nil || clk == nil || log == nil {
		return nil, errors.New("push.NewDispatcher: store, sender, clock and logger are required")
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 1000
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 2 * time.Minute
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 8
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 1
	}
	return &Dispatcher{st: st, sender: sender, clock: clk, log: log, cfg: cfg}, nil
}

// Run dispatches until ctx ends with Config.Workers loops, each polling
// every interval when the queue is empty, and returns once all have stopped.
func (d *Dispatcher) Run(ctx context.Context, every time.Duration) error {
	var wg sync.WaitGroup
	for range d.cfg.Workers {
		wg.Go(func() { d.loop(ctx, every) })
	}
	wg.Wait()
	return nil
}

// loop runs Tick until ctx ends; a full batch is followed at once by the
// next claim, an empty or failed one by a pause.
func (d *Dispatcher) loop(ctx context.Context, every time.Duration) {
	for ctx.Err() == nil {
		n, err := d.Tick(ctx)
		if err != nil && ctx.Err() == nil {
			d.log.ErrorContext(ctx, "dispatch failed", "err", err)
		}
		if n > 0 && err == nil {
			continue
		}
		_ = clock.Sleep(ctx, d.clock, every)
	}
}

// recordTimeout bounds writing a Tick's outcomes after its context ended.
const recordTimeout = 15 * time.Second

type key struct{ tenant, id int64 }

// job is one claimed push with what is needed to send it.
type job struct {
	push   dbsqlc.Push
	open   []int64
	waveID int64
	status string
	paused *time.Time
	// firstSent is false for a reminder whose day's first push never
	// reached the panellist.
	firstSent bool
	devices   []string
	web       map[string]bool // the devices that are the web app
	first     int             // index of its first message
	skip      string          // why it is not sent, or ""
}

// Tick claims one batch of due pushes, sends them and records the
// outcomes. It returns how many pushes it claimed. Several Ticks may run at
// once, in this process or others, on the same database.
func (d *Dispatcher) Tick(ctx context.Context) (int, error) {
	now := d.clock.Now()
	claimed, err := d.st.Q.PushClaimDue(ctx, dbsqlc.PushClaimDueParams{Now: now, LeaseUntil: now.Add(d.cfg.Lease), MaxPushes: int32(d.cfg.Batch)})
	if err != nil {
		return 0, fmt.Errorf("push.Tick: claim: %w", err)
	}
	if len(claimed) == 0 {
		return 0, nil
	}
	jobs, err := d.load(ctx, claimed)
	if err != nil {
		return len(claimed), err
	}
	var msgs []fcm.Message
	for _, j := range jobs {
		j.first = len(msgs)
		if j.skip = d.skipReason(j, now); j.skip != "" {
			continue
		}
		for _, tok := range j.devices {
			msgs = append(msgs, d.message(j, tok))
		}
	}
	var results []fcm.Result
	var sendErr error
	if len(msgs) > 0 {
		results, sendErr = d.sender.Send(ctx, msgs)
	}
	// Record even when ctx ended mid-send (a graceful shutdown): what was
	// sent is marked sent and the rest goes back to the queue at once,
	// instead of waiting for the lease and being sent twice.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if err := d.record(rctx, jobs, results); err != nil {
		// The pushes stay claimed until their lease ends and are then
		// claimed again: at least once, never lost.
		return len(claimed), err
	}
	if sendErr != nil {
		return len(claimed), fmt.Errorf("push.Tick: send: %w", sendErr)
	}
	return len(claimed), nil
}

func (d *Dispatcher) load(ctx context.Context, claimed []dbsqlc.Push) ([]*job, error) {
	jobs := make([]*job, len(claimed))
	byKey := make(map[key]*job, len(claimed))
	var tenants, ids, pids []int64
	for i, p := range claimed {
		jobs[i] = &job{push: p}
		byKey[key{p.TenantID, p.ID}] = jobs[i]
		tenants, ids, pids = append(tenants, p.TenantID), append(ids, p.ID), append(pids, p.PanellistID)
	}
	open, err := d.st.Q.PushOpenAssignments(ctx, dbsqlc.PushOpenAssignmentsParams{TenantIds: tenants, Ids: ids})
	if err != nil {
		return nil, fmt.Errorf("push.load: assignments: %w", err)
	}
	for _, o := range open {
		j := byKey[key{o.TenantID, o.PushID}]
		j.open = append(j.open, o.AssignmentID)
		j.waveID, j.status, j.paused, j.firstSent = o.WaveID, o.PanellistStatus, o.PausedUntil, o.FirstSent
	}
	devs, err := d.st.Q.DeviceListForPanellists(ctx, dbsqlc.DeviceListForPanellistsParams{TenantIds: tenants, PanellistIds: pids})
	if err != nil {
		return nil, fmt.Errorf("push.load: devices: %w", err)
	}
	byPanellist := map[key][]string{}
	for _, dv := range devs {
		k := key{dv.TenantID, dv.PanellistID}
		byPanellist[k] = append(byPanellist[k], dv.FcmToken)
	}
	web := map[key]map[string]bool{}
	for _, dv := range devs {
		if dv.Platform == "web" {
			k := key{dv.TenantID, dv.PanellistID}
			if web[k] == nil {
				web[k] = map[string]bool{}
			}
			web[k][dv.FcmToken] = true
		}
	}
	for _, j := range jobs {
		k := key{j.push.TenantID, j.push.PanellistID}
		j.devices, j.web = byPanellist[k], web[k]
	}
	return jobs, nil
}

// skipReason says why a claimed push is not sent, or "" to send it.
func (d *Dispatcher) skipReason(j *job, now time.Time) string {
	switch {
	case int(j.push.Attempts) > d.cfg.MaxAttempts:
		// Claimed again after its lease ran out, more times than allowed:
		// something kills the dispatcher while it sends this push.
		return fmt.Sprintf("gave up after %d claims: %s", j.push.Attempts-1, cmp.Or(j.push.LastError, "lease expired"))
	case !now.Before(j.push.ExpiresAt):
		return "expired before it could be sent"
	case len(j.open) == 0:
		return "nothing left to answer"
	case j.status == "withdrawn":
		return "panellist withdrew"
	case j.paused != nil && !j.paused.Before(j.push.Day):
		return "panellist paused"
	case len(j.devices) == 0:
		return "no registered device"
	case !j.firstSent:
		// A reminder says "still time to answer": without the day's
		// first push it would be the first word the phone got.
		return "the day's first push was not delivered"
	}
	return ""
}

// message builds the FCM message of a push for one device; a web app's
// device also gets the web push part, linking to today's questions.
func (d *Dispatcher) message(j *job, token string) fcm.Message {
	ids := make([]string, len(j.open))
	for i, id := range j.open {
		ids[i] = strconv.FormatInt(id, 10)
	}
	day := j.push.Day.Format(time.DateOnly)
	title, body := "Today's PanelPulse", fmt.Sprintf("%d quick question%s for you today", len(j.open), plural(len(j.open)))
	if j.push.Kind == "reminder" {
		title, body = "Still time to answer", fmt.Sprintf("Your %d question%s close soon", len(j.open), plural(len(j.open)))
	}
	var webLink string
	if j.web[token] {
		webLink = cmp.Or(d.cfg.AppURL, "/app/") + "?push=" + strconv.FormatInt(j.push.ID, 10)
	}
	return fcm.Message{
		Token: token, Title: title, Body: body, WebLink: webLink,
		Data: map[string]string{
			"push_id":        strconv.FormatInt(j.push.ID, 10),
			"kind":           j.push.Kind,
			"day":            day,
			"assignment_ids": strings.Join(ids, ","),
			"link":           "panelpulse://today?push=" + strconv.FormatInt(j.push.ID, 10),
		},
		CollapseKey:    fmt.Sprintf("pp-%d-%s", j.push.PanellistID, day),
		Expiry:         j.push.ExpiresAt,
		AnalyticsLabel: fmt.Sprintf("wave-%d", j.waveID),
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
