package journey_test

import (
	"context"
	"testing"

	"connectrpc.com/connect"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/browsertest"
)

// TestPanellistRanksByDragging: on a phone, a ranking item dragged by its
// grip onto the first place moves there (the items it passes shift down),
// and the ranking sent is the new order.
func TestPanellistRanksByDragging(t *testing.T) {
	t.Parallel()
	a := newAppPanel(t)
	token := a.enrol()
	a.day(1)
	tab := a.signedIn(t, token)
	list := q("skills_rank", "ol")
	tab.Reload(list)
	before := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('`+list+` li')].map(l => l.dataset.code)`)
	if len(before) < 4 || before[3] != "4" {
		t.Fatalf("the ranking starts as %v, want Software (4) fourth", before)
	}
	// The list in the middle of the screen (mouse events land only inside
	// the viewport), after the frame that draws it there.
	browsertest.Eval[bool](tab, `new Promise(r => { document.querySelector('`+list+`').scrollIntoView({block: "center"}); requestAnimationFrame(() => requestAnimationFrame(() => r(true))); })`)
	// From the grip of Software to the middle of the first item, in steps,
	// as a finger or mouse moves.
	from := browsertest.Eval[[]float64](tab, `(() => { const r = document.querySelector('`+list+` li[data-code="4"] .grip').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
	to := browsertest.Eval[[]float64](tab, `(() => { const r = document.querySelector('`+list+` li').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
	mouse := func(typ input.DispatchMouseEventType, x, y float64, buttons int64) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
			_, err := cdp.Call(ctx, target, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: typ, X: x, Y: y,
				Button: input.MouseButtonLeft, Buttons: buttons, ClickCount: 1})
			return err
		})
	}
	steps := []chromedp.Action[chromedp.Void]{mouse(input.DispatchMouseEventTypeMousePressed, from[0], from[1], 1)}
	for i := 1; i <= 6; i++ {
		f := float64(i) / 6
		steps = append(steps, mouse(input.DispatchMouseEventTypeMouseMoved, from[0]+(to[0]-from[0])*f, from[1]+(to[1]-from[1])*f, 1))
	}
	steps = append(steps, mouse(input.DispatchMouseEventTypeMouseReleased, to[0], to[1], 0))
	tab.Do(steps...)
	// Pointer moves are delivered with animation frames: wait until the
	// drop has been drawn before reading the order.
	browsertest.Run(tab, chromedp.Poll[bool](`document.querySelector('`+list+` li')?.dataset.code === "4"`))
	after := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('`+list+` li')].map(l => l.dataset.code)`)
	want := []string{"4", before[0], before[1], before[2]}
	for i, c := range want {
		if after[i] != c {
			t.Fatalf("after dragging Software to the top the ranking is %v, want %v first", after, want)
		}
	}
	tab.Screenshot("ranking-dragged")
	if s := send(tab, "skills_rank"); s == "" {
		t.Fatal("the ranking card shows no status after sending")
	}
	h, err := a.client(token).ListHistory(context.Background(), connect.NewRequest(&pb.ListHistoryRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range h.Msg.Items {
		if i.Question.Key == "skills_rank" {
			if r := i.Answer.Ranking; len(r) == 0 || r[0] != 4 {
				t.Errorf("the server holds the ranking %v, want Software (4) first", r)
			}
			return
		}
	}
	t.Error("the server holds no ranking answer")
}
