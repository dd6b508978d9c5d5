package demo

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// newcomerPrefix starts the references of the demo's newcomers: people at
// the first demo business who are invited but have not joined, so a
// newcomer can open the app and join at once.
const newcomerPrefix = "NEW-"

// InviteLink returns a ready invite link to the panellist app, base + /app/
// with the programme and a fresh code in the fragment, for a demo
// newcomer: the one still waiting to join (a new code replaces their
// earlier one), or a new newcomer when every earlier one has joined.
func (l *Loader) InviteLink(ctx context.Context, base string) (string, error) {
	t, err := l.st.Q.TenantGetBySlug(ctx, Slug)
	if err != nil {
		return "", fmt.Errorf("demo.InviteLink: %w", err)
	}
	ps, err := l.st.Q.PanellistList(ctx, t.ID)
	if err != nil {
		return "", fmt.Errorf("demo.InviteLink: %w", err)
	}
	adm := l.admin
	ref, seen := "", 0
	for _, p := range ps {
		if strings.HasPrefix(p.Ref, newcomerPrefix) {
			seen++
			if p.Status == "invited" {
				ref = p.Ref
			}
		}
	}
	if ref == "" && len(ps) > 0 {
		ref = fmt.Sprintf("%s%03d", newcomerPrefix, seen+1)
		// Delivered from the minute the link is printed, so today's
		// questions open as soon as the newcomer joins.
		london, err := time.LoadLocation("Europe/London")
		if err != nil {
			return "", fmt.Errorf("demo.InviteLink: %w", err)
		}
		at := l.clock.Now().In(london).Format("15:04")
		row := csvRow(ref, ps[0].BusinessRef, fmt.Sprintf("Newcomer %d", seen+1), fmt.Sprintf("newcomer%d@example.org", seen+1), "Owner", "Europe/London", at)
		if err := imported(adm.ImportPanellists(ctx, t.ID, strings.NewReader("ref,business_ref,name,email,role,time_zone,delivery_time\n"+row), false)); err != nil {
			return "", fmt.Errorf("demo.InviteLink: %w", err)
		}
	}
	inv, err := adm.CreateInvites(ctx, t.ID, []string{ref})
	if err != nil || len(inv) != 1 {
		return "", fmt.Errorf("demo.InviteLink: %d invites: %w", len(inv), err)
	}
	f := url.Values{"tenant": {Slug}, "code": {inv[0].Code}}
	return strings.TrimSuffix(base, "/") + "/app/#" + f.Encode(), nil
}
