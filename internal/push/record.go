package push

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/fcm"
)

// outcomes collects what became of one Tick's pushes, so that it is
// written with a few set-based statements whatever the batch size.
type outcomes struct {
	tenants    map[int64]bool
	sent       dbsqlc.PushMarkSentParams
	sentAsg    dbsqlc.AssignmentMarkSentParams
	resched    dbsqlc.PushRescheduleManyParams
	finish     dbsqlc.PushFinishManyParams
	deadTenant []int64
	deadToken  []string
}

func (o *outcomes) finished(p dbsqlc.Push, status, reason string) {
	o.tenants[p.TenantID] = true
	f := &o.finish
	f.Ids, f.Statuses, f.LastErrors = append(f.Ids, p.ID), append(f.Statuses, status), append(f.LastErrors, reason)
}

func (o *outcomes) rescheduled(p dbsqlc.Push, due time.Time, reason string) {
	o.tenants[p.TenantID] = true
	r := &o.resched
	r.Ids, r.DueAts, r.LastErrors = append(r.Ids, p.ID), append(r.DueAts, due), append(r.LastErrors, reason)
}

func (o *outcomes) delivered(j *job, devices int) {
	p := j.push
	o.tenants[p.TenantID] = true
	o.sent.Ids, o.sent.Devices = append(o.sent.Ids, p.ID), append(o.sent.Devices, int32(devices))
	for _, a := range j.open {
		o.sentAsg.TenantIds, o.sentAsg.Ids = append(o.sentAsg.TenantIds, p.TenantID), append(o.sentAsg.Ids, a)
	}
}

// fence sets the claim's lease and the distinct tenants on every write.
func (o *outcomes) fence(lease time.Time) {
	tenants := make([]int64, 0, len(o.tenants))
	for t := range o.tenants {
		tenants = append(tenants, t)
	}
	o.sent.Tenants, o.sent.LeaseUntil = tenants, lease
	o.resched.Tenants, o.resched.LeaseUntil = tenants, lease
	o.finish.Tenants, o.finish.LeaseUntil = tenants, lease
}

// judge decides the outcome of one push from the results of its messages:
// sent when any device took it; rescheduled with backoff (honouring
// Retry-After) when a device failed transiently and tries are left; failed
// with the reasons otherwise. Dead tokens are collected for pruning.
func (d *Dispatcher) judge(o *outcomes, j *job, results []fcm.Result, now time.Time) {
	p := j.push
	if j.skip != "" {
		status := "cancelled"
		if j.skip == "no registered device" || strings.HasPrefix(j.skip, "gave up") {
			status = "failed"
		}
		o.finished(p, status, j.skip)
		return
	}
	var delivered int
	var retryAfter time.Duration
	var reasons []string
	retry := false
	for i := range j.devices {
		if j.first+i >= len(results) {
			retry = true // not sent: the send was cut short
			reasons = append(reasons, "not sent")
			continue
		}
		r := results[j.first+i]
		switch r.Outcome {
		case fcm.Delivered:
			delivered++
		case fcm.TokenInvalid:
			o.deadTenant, o.deadToken = append(o.deadTenant, p.TenantID), append(o.deadToken, r.Token)
			reasons = append(reasons, r.Reason)
		case fcm.Retry:
			retry = true
			retryAfter = max(retryAfter, r.RetryAfter)
			reasons = append(reasons, r.Reason)
		default:
			reasons = append(reasons, r.Reason)
		}
	}
	reason := strings.Join(reasons, ",")
	switch {
	case delivered > 0:
		o.delivered(j, delivered)
	case retry && int(p.Attempts) < d.cfg.MaxAttempts:
		o.rescheduled(p, now.Add(fcm.Backoff(int(p.Attempts), retryAfter)), reason)
	case retry:
		o.finished(p, "failed", fmt.Sprintf("gave up after %d attempts: %s", p.Attempts, reason))
	default:
		o.finished(p, "failed", reason)
	}
}

// record writes the outcome of every claimed push in one transaction. Each
// write is fenced by the claim's lease, so a dispatcher that lost its lease
// cannot overwrite a newer claim.
func (d *Dispatcher) record(ctx context.Context, jobs []*job, results []fcm.Result) error {
	now := d.clock.Now()
	o := outcomes{tenants: map[int64]bool{}}
	for _, j := range jobs {
		d.judge(&o, j, results, now)
	}
	// One claim set one lease on all its pushes: the fencing token.
	if len(jobs) == 0 || jobs[0].push.LeaseUntil == nil {
		return nil
	}
	o.fence(*jobs[0].push.LeaseUntil)
	err := d.st.InTx(ctx, func(q *dbsqlc.Queries) error {
		if len(o.sent.Ids) > 0 {
			o.sent.Now = now
			if err := q.PushMarkSent(ctx, o.sent); err != nil {
				return fmt.Errorf("mark sent: %w", err)
			}
		}
		if len(o.sentAsg.Ids) > 0 {
			if err := q.AssignmentMarkSent(ctx, o.sentAsg); err != nil {
				return fmt.Errorf("assignments sent: %w", err)
			}
		}
		if len(o.resched.Ids) > 0 {
			if err := q.PushRescheduleMany(ctx, o.resched); err != nil {
				return fmt.Errorf("reschedule: %w", err)
			}
		}
		if len(o.finish.Ids) > 0 {
			if err := q.PushFinishMany(ctx, o.finish); err != nil {
				return fmt.Errorf("finish: %w", err)
			}
		}
		return d.prune(ctx, q, o.deadTenant, o.deadToken)
	})
	if err != nil {
		return fmt.Errorf("push.record: %w", err)
	}
	return nil
}

// prune deletes tokens FCM called dead and marks panellists left with no
// device as unreachable.
func (d *Dispatcher) prune(ctx context.Context, q *dbsqlc.Queries, tenants []int64, tokens []string) error {
	if len(tokens) == 0 {
		return nil
	}
	owners, err := q.DeviceDeleteTokens(ctx, dbsqlc.DeviceDeleteTokensParams{TenantIds: tenants, Tokens: tokens})
	if err != nil {
		return fmt.Errorf("prune: %w", err)
	}
	byTenant := map[int64][]int64{}
	for _, o := range owners {
		byTenant[o.TenantID] = append(byTenant[o.TenantID], o.PanellistID)
	}
	for t, ids := range byTenant {
		if err := q.PanellistSetUnreachable(ctx, dbsqlc.PanellistSetUnreachableParams{TenantID: t, Ids: ids}); err != nil {
			return fmt.Errorf("prune: %w", err)
		}
		d.log.InfoContext(ctx, "pruned dead device tokens", "tenant_id", t, "panellists", len(ids))
	}
	return nil
}
