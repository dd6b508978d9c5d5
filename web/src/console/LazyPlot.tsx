import { useEffect, useRef, useState } from "preact/hooks";

type Plots = typeof import("./plot");

// LazyPlot draws one Observable Plot chart from ./plot, loaded on
// demand. The table beside every chart carries the same numbers for screen
// readers, so the chart is hidden from them.
export function LazyPlot({ testid, draw }: { testid: string; draw: (p: Plots, width: number) => Element }) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    import("./plot")
      .then((p) => {
        if (!live || !box.current) return;
        const width = Math.min(box.current.clientWidth || 640, 900);
        box.current.replaceChildren(draw(p, width));
      })
      .catch(() => setFailed(true));
    return () => {
      live = false;
    };
  }, [draw]);
  if (failed) return <p class="note">The chart could not be drawn; the table below has the numbers.</p>;
  return <div ref={box} class="chart" aria-hidden="true" data-testid={testid} />;
}
