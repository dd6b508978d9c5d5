package journey_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/browsertest"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

// staffProgramme is a programme with one admin key, labelled lead, on a
// process of its own: enough for the staff screens.
func staffProgramme(t *testing.T, slug string) (*apptest.Process, int64, string) {
	t.Helper()
	ctx := context.Background()
	p := apptest.Start(t, now)
	tn, err := tenant.Create(ctx, p.Store, tenant.Settings{Slug: slug, Name: "Programme " + slug})
	if err != nil {
		t.Fatal(err)
	}
	key, err := tenant.Issue(ctx, p.Store.Q, tn.ID, auth.RoleAdmin, "Programme lead", p.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return p, tn.ID, key.Secret
}

// goTo moves the signed-in console to hash (a section and its query) and
// waits for sel.
func goTo(tab *browsertest.Tab, hash, sel string) {
	browsertest.Eval[bool](tab, fmt.Sprintf(`(() => { location.hash = %q; return true; })()`, hash))
	tab.Do(chromedp.WaitVisible(chromedp.CSS(sel)))
}

// choose picks option v of the select at sel, as a person would.
func choose(tab *browsertest.Tab, sel, v string) {
	tab.Do(chromedp.WaitVisible(chromedp.CSS(sel)))
	browsertest.Eval[bool](tab, fmt.Sprintf(`(() => { const el = document.querySelector(%q); el.value = %q; el.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, sel, v))
}

// TestConsoleStaffKeys: an admin issues an analyst key in the console and
// sees it once; the key works; the list shows its holder and role and
// marks the admin's own key, which has no revoke button; revoking the new
// key takes a confirmation and stops it at once.
func TestConsoleStaffKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p, _, adminKey := staffProgramme(t, "keys")
	tab := browser.NewTab(t, p.URL, p.Clock.Now())
	tab.SignIn(adminKey)
	goTo(tab, "#keys", "#key-label")
	fill(tab, "#key-label", "Asha, research team")
	choose(tab, "#key-role", fmt.Sprint(int32(pb.StaffRole_STAFF_ROLE_ANALYST)))
	tab.Do(chromedp.Click(chromedp.CSS(`#issue-h ~ form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="new-secret"]`)))
	secret := tab.Text(`[data-testid="new-secret"]`)
	if !strings.HasPrefix(secret, "ppk_") {
		t.Fatalf("the issued key shows as %q", secret)
	}
	who, err := apptest.As(p, secret).Staff.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{}))
	if err != nil || who.Msg.Identity.Role != pb.StaffRole_STAFF_ROLE_ANALYST {
		t.Fatalf("the key shown works as %v (%v), want an analyst", who, err)
	}
	list, err := apptest.As(p, adminKey).StaffKey.ListStaffKeys(ctx, connect.NewRequest(&pb.ListStaffKeysRequest{}))
	if err != nil || len(list.Msg.Keys) != 2 {
		t.Fatalf("ListStaffKeys: %v %v", list, err)
	}
	var mine, asha *pb.StaffKey
	for _, k := range list.Msg.Keys {
		if k.Current {
			mine = k
		} else {
			asha = k
		}
	}
	row := func(k *pb.StaffKey) string { return fmt.Sprintf(`tr[data-key="%d"]`, k.Id) }
	tab.Do(chromedp.WaitVisible(chromedp.CSS(row(asha))))
	if got := tab.Text(row(asha) + " th"); got != "Asha, research team" {
		t.Errorf("the new key's holder shows as %q", got)
	}
	if got := tab.Text(row(asha) + " td"); got != "Analyst" {
		t.Errorf("the new key's role shows as %q", got)
	}
	if got := tab.Text(row(mine) + ` [data-col="status"]`); got != "Active (your key)" {
		t.Errorf("the admin's own key shows %q, want it marked as theirs without a revoke button", got)
	}
	if strings.Contains(tab.Text(`[data-testid="staff-keys"]`), "ppk_") {
		t.Error("the key list shows a secret")
	}
	tab.Screenshot("key-issued")

	tab.Do(chromedp.Click(chromedp.CSS(row(asha)+" button")), chromedp.WaitVisible(chromedp.CSS(row(asha)+" button.danger")))
	if _, err := apptest.As(p, secret).Staff.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{})); err != nil {
		t.Fatalf("asking for confirmation must not revoke yet: %v", err)
	}
	tab.Screenshot("revoke-confirm")
	tab.Do(chromedp.Click(chromedp.CSS(row(asha) + " button.danger")))
	// Live keys only, until revoked ones are asked for.
	browsertest.Run(tab, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector('%s') === null && document.querySelector('%s') !== null`, row(asha), row(mine))))
	if _, err := apptest.As(p, secret).Staff.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{})); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("the revoked key: %v, want Unauthenticated at once", err)
	}
	tab.Do(chromedp.Click(chromedp.CSS("#show-revoked")))
	tab.Do(chromedp.WaitVisible(chromedp.CSS(row(asha))))
	if got := tab.Text(row(asha) + ` [data-col="status"]`); got != "Revoked "+strings.Replace(p.Clock.Now().UTC().Format("2006-01-02T15:04"), "T", " ", 1)+" UTC" {
		t.Errorf("the revoked key shows %q", got)
	}
	tab.Screenshot("key-revoked")
}
