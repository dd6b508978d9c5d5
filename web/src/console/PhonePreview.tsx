// PhonePreview shows a question as the panellist app shows it: the app's
// own QuestionControls with the app's own stylesheet, inside a shadow root
// so neither the console's styles nor the app's leak across, in a frame
// the width of a phone. The preview can be answered (nothing is sent).
import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import appCss from "../app/app.css?inline";
import { QuestionControls } from "../app/QuestionControls";
import { draftOf, type Draft } from "../app/draft";
import type { QuestionSpec } from "../gen/panelpulse/v1/question_pb";

// The app's page rules (:root, body) apply to the shadow root's host. The
// sheet is adopted (CSSOM), as the pages' policy allows no inline <style>.
const css = appCss.replace(/:root\b/g, ":host").replace(/\bbody\s*\{/g, ".app-body {");
let sheet: CSSStyleSheet | null = null;
function appSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  return sheet;
}

type Props = { title: string; wording: string; spec: QuestionSpec };

function Screen({ title, wording, spec }: Props) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(spec));
  const shape = JSON.stringify([
    spec.type,
    spec.options.map((o) => o.code),
    spec.rows.map((o) => o.code),
    spec.scaleMin,
    spec.scaleMax,
  ]);
  const [seen, setSeen] = useState(shape);
  if (seen !== shape) {
    setSeen(shape);
    setDraft(draftOf(spec));
  }
  return (
    <div class="app-body">
      <main class="question">
        <form onSubmit={(e) => e.preventDefault()} noValidate>
          <h2>{title || "Title"}</h2>
          <p class="wording">{wording || "Wording"}</p>
          <QuestionControls id="preview" spec={spec} draft={draft} set={setDraft} />
          <div class="actions">
            <button type="submit">Send answer</button>
          </div>
        </form>
      </main>
    </div>
  );
}

export function PhonePreview(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let root = el.shadowRoot;
    if (!root) {
      root = el.attachShadow({ mode: "open" });
      root.adoptedStyleSheets = [appSheet()];
    }
    render(<Screen {...props} />, root);
  });
  useEffect(
    () => () => {
      const root = host.current?.shadowRoot;
      if (root) render(null, root);
    },
    [],
  );
  return (
    <figure class="phone" aria-label="Preview on a phone">
      <div ref={host} class="phone-screen" data-testid="phone-preview" />
      <figcaption>As a panellist's phone shows it</figcaption>
    </figure>
  );
}
