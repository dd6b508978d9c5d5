import { useEffect, useRef, useState } from "preact/hooks";
import type { ChartInput } from "./charts";
import { savePNG, saveBlob, svgText } from "./save";

// Chart draws one dashboard chart (Plot loaded on demand) with its save
// buttons and, when many significant changes are marked, a note on
// reading them. The table view carries the same numbers for screen
// readers, so the drawing itself is hidden from them.
export function Chart({ input, name }: { input: ChartInput; name: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const [marked, setMarked] = useState(0);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    let live = true;
    import("./charts")
      .then(({ draw }) => {
        if (!live || !box.current) return;
        const width = Math.min(box.current.clientWidth || 640, 960);
        const out = draw({ ...input, width });
        box.current.replaceChildren(...(out ? [out.node] : []));
        setMarked(out?.marked ?? 0);
        setDrawn(out !== null);
      })
      .catch(() => setFailed(true));
    return () => {
      live = false;
    };
  }, [input]);
  const svg = () => box.current?.querySelector("svg") ?? null;
  if (failed) return <p class="note">The chart could not be drawn; the table view has the numbers.</p>;
  return (
    <figure class="obs-figure">
      <div ref={box} class="chart" aria-hidden="true" data-testid="obs-chart" />
      {marked > 0 && (
        <figcaption class="obs-caption" data-testid="marks-note">
          Circled in orange: {marked} significant {marked === 1 ? "change" : "changes"} from the period before
          (5% level).
          {marked > 3 &&
            " With this many comparisons on one chart, about one in twenty is expected to be marked by chance alone: read single marks with care."}
        </figcaption>
      )}
      {drawn && (
        <p class="obs-actions">
          <button
            type="button"
            onClick={() => {
              const s = svg();
              if (s) saveBlob(new Blob([svgText(s)], { type: "image/svg+xml" }), `${name}.svg`);
            }}
          >
            Save chart (SVG)
          </button>
          <button
            type="button"
            onClick={() => {
              const s = svg();
              if (s) void savePNG(s, `${name}.png`);
            }}
          >
            Save chart (PNG)
          </button>
        </p>
      )}
    </figure>
  );
}
