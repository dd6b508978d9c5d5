package push

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/fcm"
)

// record writes the outcome of every claimed push: sent when any device
// took it; dead tokens deleted; transient failures rescheduled with backoff
// until MaxAttempts; everything else failed or cancelled with its reason.
func (d *Dispatcher) record(ctx context.Context, jobs []*job, results []fcm.Result) error {
	now := d.clock.Now()
	var sent dbsqlc.PushMarkSentParams
	var sentAsg dbsqlc.AssignmentMarkSentParams
	var deadTenants []int64
	var deadTokens []string
	for _, j := range jobs {
		p := j.push
		if reason := skipReason(j); reason != "" {
			status := "cancelled"
			if reason == "no registered device" {
				status = "failed"
			}
			if err := d.st.Q.PushFinish(ctx, dbsqlc.PushFinishParams{TenantID: p.TenantID, ID: p.ID, Status: status, LastError: reason}); err != nil {
				return fmt.Errorf("push.record: %w", err)
			}
			continue
		}
		var delivered, invalid int
		var retryAfter time.Duration
		var reasons []string
		retry := false
		for i := range j.devices {
			if j.first+i >= len(results) {
				retry = true
				continue
			}
			r := results[j.first+i]
			switch r.Outcome {
			case fcm.Delivered:
				delivered++
			case fcm.TokenInvalid:
				invalid++
				deadTenants, deadTokens = append(deadTenants, p.TenantID), append(deadTokens, r.Token)
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
		var err error
		switch {
		case delivered > 0:
			sent.TenantIds, sent.Ids, sent.Devices = append(sent.TenantIds, p.TenantID), append(sent.Ids, p.ID), append(sent.Devices, int32(delivered))
			for _, a := range j.open {
				sentAsg.TenantIds, sentAsg.Ids = append(sentAsg.TenantIds, p.TenantID), append(sentAsg.Ids, a)
			}
		case retry && int(p.Attempts) < d.cfg.MaxAttempts:
			err = d.st.Q.PushReschedule(ctx, dbsqlc.PushRescheduleParams{
				TenantID: p.TenantID, ID: p.ID, DueAt: now.Add(fcm.Backoff(int(p.Attempts), retryAfter)), LastError: reason,
			})
		case invalid == len(j.devices):
			err = d.st.Q.PushFinish(ctx, dbsqlc.PushFinishParams{TenantID: p.TenantID, ID: p.ID, Status: "failed", LastError: "every device token is invalid: " + reason})
		default:
			err = d.st.Q.PushFinish(ctx, dbsqlc.PushFinishParams{TenantID: p.TenantID, ID: p.ID, Status: "failed", LastError: reason})
		}
		if err != nil {
			return fmt.Errorf("push.record: %w", err)
		}
	}
	if len(sent.Ids) > 0 {
		sent.Now = now
		if err := d.st.Q.PushMarkSent(ctx, sent); err != nil {
			return fmt.Errorf("push.record: mark sent: %w", err)
		}
		if err := d.st.Q.AssignmentMarkSent(ctx, sentAsg); err != nil {
			return fmt.Errorf("push.record: assignments sent: %w", err)
		}
	}
	return d.prune(ctx, deadTenants, deadTokens)
}

// prune deletes tokens FCM called dead and marks panellists left with no
// device as unreachable.
func (d *Dispatcher) prune(ctx context.Context, tenants []int64, tokens []string) error {
	if len(tokens) == 0 {
		return nil
	}
	owners, err := d.st.Q.DeviceDeleteTokens(ctx, dbsqlc.DeviceDeleteTokensParams{TenantIds: tenants, Tokens: tokens})
	if err != nil {
		return fmt.Errorf("push.prune: %w", err)
	}
	byTenant := map[int64][]int64{}
	for _, o := range owners {
		byTenant[o.TenantID] = append(byTenant[o.TenantID], o.PanellistID)
	}
	for t, ids := range byTenant {
		if err := d.st.Q.PanellistSetUnreachable(ctx, dbsqlc.PanellistSetUnreachableParams{TenantID: t, Ids: ids}); err != nil {
			return fmt.Errorf("push.prune: %w", err)
		}
		d.log.InfoContext(ctx, "pruned dead device tokens", "tenant_id", t, "panellists", len(ids))
	}
	return nil
}
