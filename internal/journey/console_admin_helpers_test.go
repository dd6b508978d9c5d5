package journey_test

import (
	"fmt"

	"github.com/chromedp/chromedp"

	"github.com/panelpulse/panelpulse/internal/browsertest"
)

// goHash moves the signed-in console to a hash route and waits for sel.
func goHash(tab *browsertest.Tab, hash, sel string) {
	browsertest.Eval[bool](tab, fmt.Sprintf(`(location.hash = %q, true)`, hash))
	tab.Do(chromedp.WaitVisible(chromedp.CSS(sel)))
}

// pick sets the select (or checkbox-free input) at sel to v and fires the
// events Preact listens to.
func pick(tab *browsertest.Tab, sel, v string) {
	tab.Do(chromedp.WaitVisible(chromedp.CSS(sel)))
	browsertest.Eval[bool](tab, fmt.Sprintf(`(() => { const el = document.querySelector(%q); el.value = %q;
		el.dispatchEvent(new Event("input", {bubbles: true})); el.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, sel, v))
}

// waitJS polls until the expression is true.
func waitJS(tab *browsertest.Tab, expr string) {
	browsertest.Run(tab, chromedp.Poll[bool](fmt.Sprintf(`(() => { try { return !!(%s); } catch (e) { return false; } })()`, expr)))
}
