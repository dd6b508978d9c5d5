package journey_test

import (
	"context"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/browsertest"
)

// TestConsoleDataRequest: an admin finds a panellist, downloads their
// data and erases them after typing their ref again; the other panellist
// stays; both requests are in the audit log.
func TestConsoleDataRequest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p, _, adminKey := staffProgramme(t, "requests")
	c := apptest.As(p, adminKey)
	if _, err := c.Admin.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: "ref,name,sic,employees,district\nB1,Acme Gears,28110,12,Leicester"})); err != nil {
		t.Fatal(err)
	}
	if res, err := c.Admin.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: "ref,business_ref,name,email\nP1,B1,Pat Jones,pat@example.org\nP2,B1,Sam Lee,sam@example.org"})); err != nil || res.Msg.Imported != 2 {
		t.Fatalf("ImportPanellists: %v %v", res, err)
	}
	list, err := c.Admin.ListPanellists(ctx, connect.NewRequest(&pb.ListPanellistsRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	var pat int64
	for _, x := range list.Msg.Panellists {
		if x.Ref == "P1" {
			pat = x.Id
		}
	}

	tab := browser.NewTab(t, p.URL, p.Clock.Now())
	tab.SignIn(adminKey)
	goTo(tab, "#requests", "#request-search")
	fill(tab, "#request-search", "pat@")
	tab.Do(chromedp.WaitVisible(chromedp.CSS(`article[data-panellist="P1"]`)))
	if n := browsertest.Eval[int](tab, `document.querySelectorAll("article[data-panellist]").length`); n != 1 {
		t.Fatalf("searching pat@ finds %d panellists, want 1", n)
	}
	tab.Do(chromedp.Click(chromedp.CSS(`article[data-panellist="P1"] button.export`)))
	browsertest.Run(tab, chromedp.Poll[bool](`(document.querySelector('article[data-panellist="P1"] [role=status]')?.textContent ?? "").includes("panellist-P1.json")`))
	tab.Do(chromedp.Click(chromedp.CSS(`article[data-panellist="P1"] button.danger`)))
	fill(tab, `article[data-panellist="P1"] form input`, "P2")
	if !browsertest.Eval[bool](tab, `document.querySelector('article[data-panellist="P1"] form button[type=submit]').disabled`) {
		t.Fatal("the erase button is enabled with another panellist's ref typed")
	}
	fill(tab, `article[data-panellist="P1"] form input`, "P1")
	tab.Screenshot("erase-confirm")
	tab.Do(chromedp.Click(chromedp.CSS(`article[data-panellist="P1"] form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="request-done"]`)))
	if got := tab.Text(`[data-testid="request-done"]`); !strings.HasPrefix(got, "P1 was erased") {
		t.Errorf("after erasing: %q", got)
	}
	// What is left is an anonymous tombstone holding the kept answers.
	after, err := c.Admin.ListPanellists(ctx, connect.NewRequest(&pb.ListPanellistsRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range after.Msg.Panellists {
		if x.Ref == "P1" || x.Name == "Pat Jones" || x.Email == "pat@example.org" {
			t.Errorf("after erasing P1 the panel still holds %v", x)
		}
	}
	if len(after.Msg.Panellists) != 2 {
		t.Errorf("panellists after erasing: %d, want P2 and P1's tombstone", len(after.Msg.Panellists))
	}
	ex, err := c.DataRequest.ExportPanellistData(ctx, connect.NewRequest(&pb.ExportPanellistDataRequest{PanellistId: pat}))
	if err != nil || strings.Contains(ex.Msg.Json, "Pat Jones") || strings.Contains(ex.Msg.Json, "pat@example.org") {
		t.Errorf("the erased panellist's data still names them: %v", err)
	}
	goTo(tab, "#audit", `[data-testid="audit-events"] tr[data-event]`)
	waitActions(t, tab, []string{"ExportPanellistData", "ErasePanellist", "ExportPanellistData", "SignIn", "ImportPanellists", "ImportBusinesses"})
	tab.Screenshot("audit-after-request")
}
