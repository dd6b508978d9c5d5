package journey_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"connectrpc.com/connect"
	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	cdptarget "github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/browsertest"
	"github.com/panelpulse/panelpulse/internal/demo"
)

// readCSV clicks the page's CSV link, waits for the browser to save the
// download in a fresh directory and reads it.
func readCSV(t *testing.T, tab *browsertest.Tab) [][]string {
	t.Helper()
	dir := t.TempDir()
	yes := true
	tab.Do(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		info, err := cdp.Call(ctx, target, cdptarget.GetTargetInfo, cdptarget.GetTargetInfoParams{TargetID: target.TargetID})
		if err != nil {
			return err
		}
		_, err = cdp.Call(ctx, target, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: &yes,
			BrowserContextID: info.TargetInfo.BrowserContextID,
		})
		return err
	}))
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="csv"]`)))
	path := filepath.Join(dir, "invites.csv")
	var text []byte
	for i := 0; i < 200; i++ {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			text = b
			break
		}
		browsertest.Eval[bool](tab, `new Promise(r => setTimeout(() => r(true), 25))`)
	}
	if text == nil {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("no invites.csv was downloaded into %s: %v", dir, entries)
	}
	rows, err := csv.NewReader(strings.NewReader(string(text))).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, text)
	}
	return rows
}

// TestAdminIssuesInvites: the admin picks the panellists not yet joined,
// issues their invites, downloads the codes as CSV (each with the app's
// link) and prints letters with the link, a QR code and the sentence that
// a new code replaces an earlier one; re-issuing one panellist's invite
// makes their first code useless while the new one and the other
// panellist's code enrol through the real Enrol call.
func TestAdminIssuesInvites(t *testing.T) {
	t.Parallel()
	pr := newProgramme(t)
	ctx := context.Background()
	api := admin(pr.proc, pr.keys.Admin)
	ps, err := api.ListPanellists(ctx, connect.NewRequest(&pb.ListPanellistsRequest{PageSize: 500}))
	if err != nil || len(ps.Msg.Panellists) == 0 {
		t.Fatalf("ListPanellists: %v %v", ps, err)
	}
	biz := ps.Msg.Panellists[0].BusinessRef
	imp, err := api.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: strings.Join([]string{
		"ref,business_ref,name,email,role,delivery_time",
		fmt.Sprintf("INV-1,%s,Ada Invited,ada@example.org,HR manager,09:00", biz),
		fmt.Sprintf("INV-2,%s,Ben Invited,ben@example.org,Owner,09:00", biz),
	}, "\n")}))
	if err != nil || imp.Msg.Imported != 2 {
		t.Fatalf("ImportPanellists: %v %v", imp, err)
	}
	waiting := 0
	ps, err = api.ListPanellists(ctx, connect.NewRequest(&pb.ListPanellistsRequest{PageSize: 500, Status: pb.PanellistStatus_PANELLIST_STATUS_INVITED}))
	if err != nil {
		t.Fatal(err)
	}
	waiting = len(ps.Msg.Panellists)

	tab := browser.NewTab(t, pr.proc.URL, pr.proc.Clock.Now())
	tab.SignIn(pr.keys.Admin)
	goHash(tab, "#invites", `[data-testid="invite-panellists"] tr[data-ref="INV-1"]`)
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('[data-testid="invite-panellists"] tr[data-ref]').length`); n != waiting {
		t.Errorf("the not-yet-joined filter shows %d panellists, the API has %d invited", n, waiting)
	}
	// Narrow to the two by explicit selection.
	tab.Do(chromedp.Click(chromedp.CSS(`input[name="pick-INV-1"]`)), chromedp.Click(chromedp.CSS(`input[name="pick-INV-2"]`)))
	tab.Screenshot("invite-selection")
	tab.Do(chromedp.Click(chromedp.CSS(`button[name="issue"]`)))
	tab.Do(chromedp.WaitVisible(chromedp.CSS(`[data-testid="issued"]`)))
	first := readCSV(t, tab)
	if len(first) != 3 || strings.Join(first[0], ",") != "panellist_ref,name,email,code,link" {
		t.Fatalf("the CSV is %v, want a header and two rows", first)
	}
	codes := map[string]string{}
	for _, r := range first[1:] {
		codes[r[0]] = r[3]
		want := fmt.Sprintf("%s/app/#tenant=%s&code=%s", pr.proc.URL, demo.Slug, r[3])
		if r[4] != want {
			t.Errorf("the link of %s is %q, want %q", r[0], r[4], want)
		}
	}
	if codes["INV-1"] == "" || codes["INV-2"] == "" {
		t.Fatalf("the CSV lacks a code: %v", first)
	}

	// The printable letters.
	tab.Do(chromedp.Click(chromedp.CSS(`a[href="#invites/letters"]`)))
	tab.Do(chromedp.WaitVisible(chromedp.CSS(`article.letter[data-ref="INV-2"] .qr svg`)))
	letter := tab.Text(`article.letter[data-ref="INV-1"]`)
	for _, want := range []string{"Dear Ada Invited", codes["INV-1"], "/app/#tenant=" + demo.Slug, "replaces any invite code we sent you before"} {
		if !strings.Contains(letter, want) {
			t.Errorf("the letter lacks %q:\n%s", want, letter)
		}
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('article.letter .qr svg path').length`); n != 2 {
		t.Errorf("%d QR codes drawn, want one per letter", n)
	}
	if v := tab.Violations(); len(v) > 0 {
		t.Errorf("the letters broke the Content-Security-Policy: %v", v)
	}
	tab.Screenshot("invite-letters")
	printRule := browsertest.Eval[bool](tab, `[...document.styleSheets].some(s => [...s.cssRules].some(r =>
		r.media && r.media.mediaText === "print" && r.cssText.includes("nav") && r.cssText.includes("break-after: page")))`)
	if !printRule {
		t.Error("no print stylesheet hides the navigation and breaks the page after each letter")
	}

	// Re-issue Ada's invite.
	goHash(tab, "#invites", `input[name="pick-INV-1"]`)
	tab.Do(chromedp.Click(chromedp.CSS(`input[name="pick-INV-1"]`)))
	tab.Do(chromedp.Click(chromedp.CSS(`button[name="issue"]`)))
	waitJS(tab, `document.querySelector('#issued-h').textContent.startsWith('1 invite')`)
	second := readCSV(t, tab)
	if len(second) != 2 || second[1][0] != "INV-1" || second[1][3] == codes["INV-1"] {
		t.Fatalf("the re-issued CSV is %v, want one new code for INV-1", second)
	}

	anon := apptest.As(pr.proc, "").Panellist
	enrol := func(code string) error {
		_, err := anon.Enrol(ctx, connect.NewRequest(&pb.EnrolRequest{Tenant: demo.Slug, InviteCode: code, ConsentVersion: "test"}))
		return err
	}
	if err := enrol(codes["INV-1"]); err == nil {
		t.Error("Ada's first code still enrols after it was re-issued")
	}
	if err := enrol(second[1][3]); err != nil {
		t.Errorf("Ada's new code from the CSV does not enrol: %v", err)
	}
	if err := enrol(codes["INV-2"]); err != nil {
		t.Errorf("Ben's code from the CSV does not enrol: %v", err)
	}
	ps, err = api.ListPanellists(ctx, connect.NewRequest(&pb.ListPanellistsRequest{PageSize: 500}))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps.Msg.Panellists {
		if strings.HasPrefix(p.Ref, "INV-") && p.Status != pb.PanellistStatus_PANELLIST_STATUS_ACTIVE {
			t.Errorf("%s is %s after enrolling, want active", p.Ref, p.Status)
		}
	}
}
