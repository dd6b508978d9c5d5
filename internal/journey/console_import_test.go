package journey_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/browsertest"
)

// upload chooses a file holding csv in the import form and waits for the
// check's answer.
func upload(t *testing.T, tab *browsertest.Tab, name, csv string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	tab.Do(chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{path}),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="import-check"]`)))
}

// noSideways fails when the page scrolls sideways at the phone's width.
func noSideways(t *testing.T, tab *browsertest.Tab, what string, width int64) {
	t.Helper()
	if w := browsertest.Eval[int64](tab, `document.scrollingElement.scrollWidth`); w > width {
		t.Errorf("%s: the page is %d px wide on a %d px screen", what, w, width)
	}
}

// TestConsoleImport: an admin edits the sector map, checks a business
// file with problems (each shown with its line, column and rule, and
// nothing importable), checks the fixed file (each SIC code's sector under
// the new map), imports it, then checks and imports panellists of those
// businesses; on a phone nothing scrolls sideways.
func TestConsoleImport(t *testing.T) {
	t.Parallel()
	for _, vp := range []struct {
		name string
		v    browsertest.Viewport
	}{{"desktop", browsertest.Desktop}, {"phone", browsertest.Phone}} {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			p, _, adminKey := staffProgramme(t, "imports-"+vp.name)
			adm := apptest.As(p, adminKey).Admin
			if _, err := adm.SetSectorMap(ctx, connect.NewRequest(&pb.SetSectorMapRequest{Rules: []*pb.SectorRule{
				{SicPrefix: "28", Sector: "Advanced Manufacturing"}, {SicPrefix: "49", Sector: "Logistics"}}})); err != nil {
				t.Fatal(err)
			}
			tab := browser.NewTab(t, p.URL, p.Clock.Now())
			tab.SetViewport(vp.v)
			tab.SignIn(adminKey)
			check := func(what string) {
				t.Helper()
				if vp.v.Mobile {
					noSideways(t, tab, what, vp.v.Width)
				}
			}

			// The sector map: logistics becomes transport, and a rule is added.
			goTo(tab, "#sectors", `[data-testid="sector-rules"] tr[data-rule="1"]`)
			fill(tab, `tr[data-rule="1"] input.sector`, "Transport")
			tab.Do(chromedp.Click(chromedp.CSS("#add-rule")))
			fill(tab, `tr[data-rule="2"] input.prefix`, "01")
			fill(tab, `tr[data-rule="2"] input.sector`, "Farming")
			tab.Do(chromedp.Click(chromedp.CSS(`#add-rule ~ button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="sectors-saved"]`)))
			m, err := adm.GetSectorMap(ctx, connect.NewRequest(&pb.GetSectorMapRequest{}))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, r := range m.Msg.Rules {
				got[r.SicPrefix] = r.Sector
			}
			if len(got) != 3 || got["49"] != "Transport" || got["01"] != "Farming" {
				t.Fatalf("the saved sector map is %v", got)
			}
			check("sector map")
			tab.Screenshot("sector-map")

			goTo(tab, "#imports/businesses", "#import-file")
			bad := "ref,name,sic,employees,district\nB1,Acme Gears,28110,12,Leicester\nB2,Fast Freight,4941,30,Leicester\nB3,,49410,3,Leicester\nB4,Green Farm,01110,lots,Melton\n"
			upload(t, tab, "businesses-bad.csv", bad)
			want, err := adm.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: bad, DryRun: true}))
			if err != nil || len(want.Msg.Problems) != 3 {
				t.Fatalf("the API's dry run of the bad file: %v %v", want, err)
			}
			for _, pr := range want.Msg.Problems {
				row := fmt.Sprintf(`[data-testid="import-problems"] tr[data-line="%d"]`, pr.Line)
				if c, r := tab.Text(row+` [data-col="column"]`), tab.Text(row+` [data-col="rule"]`); c != pr.Column || r != pr.Message {
					t.Errorf("line %d shows column %q and rule %q, the API says %q and %q", pr.Line, c, r, pr.Column, pr.Message)
				}
			}
			if browsertest.Eval[bool](tab, `!!document.querySelector("#import-commit")`) {
				t.Error("a file with problems offers to import")
			}
			check("problems")
			tab.Screenshot("businesses-problems")

			good := "ref,name,sic,employees,district\nB1,Acme Gears,28110,12,Leicester\nB2,Fast Freight,49410,30,Leicester\nB3,Green Farm,01110,3,Melton\n"
			upload(t, tab, "businesses.csv", good)
			for ref, sector := range map[string]string{"B1": "Advanced Manufacturing", "B2": "Transport", "B3": "Farming"} {
				if got := tab.Text(fmt.Sprintf(`[data-testid="import-preview"] tr[data-ref=%q] [data-col="sector"]`, ref)); got != sector {
					t.Errorf("business %s shows sector %q, want %q under the edited map", ref, got, sector)
				}
			}
			if res, err := adm.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: "ref,business_ref,name,email\nP0,B1,X,x@example.org", DryRun: true})); err != nil || len(res.Msg.Problems) != 1 {
				t.Fatalf("the check stored businesses: %v %v", res, err)
			}
			check("preview")
			tab.Screenshot("businesses-checked")
			tab.Do(chromedp.Click(chromedp.CSS("#import-commit")), chromedp.WaitVisible(chromedp.CSS(`[data-testid="import-done"]`)))
			if got := tab.Text(`[data-testid="import-done"]`); got != "Imported 3 businesses from businesses.csv." {
				t.Errorf("after the import: %q", got)
			}

			tab.Do(chromedp.Click(chromedp.CSS(`a[href="#imports/panellists"]`)), chromedp.WaitVisible(chromedp.CSS(`#import-h`)))
			browsertest.Run(tab, chromedp.Poll[bool](`document.querySelector("#import-h").textContent === "Import panellists"`))
			upload(t, tab, "panellists.csv", "ref,business_ref,name,email,role,delivery_time\nP1,B1,Pat Jones,pat@example.org,HR manager,09:00\nP2,B2,Sam Lee,sam@example.org,Director,10:30\n")
			if got := tab.Text(`[data-testid="import-check"] p`); !strings.Contains(got, "2 panellists will be imported") {
				t.Errorf("the panellist check says %q", got)
			}
			tab.Do(chromedp.Click(chromedp.CSS("#import-commit")), chromedp.WaitVisible(chromedp.CSS(`[data-testid="import-done"]`)))
			list, err := adm.ListPanellists(ctx, connect.NewRequest(&pb.ListPanellistsRequest{}))
			if err != nil || len(list.Msg.Panellists) != 2 {
				t.Fatalf("after importing panellists: %v %v, want 2", list, err)
			}
			check("panellists imported")
			tab.Screenshot("panellists-imported")
		})
	}
}
