import { useEffect, useRef, useState } from "preact/hooks";
import type { CoverageStratum } from "../gen/panelpulse/v1/admin_pb";

// CoverageChart draws panel businesses against the proportional target per
// stratum with Observable Plot, loaded on demand so the console's first
// screen does not wait for it. The table beside it carries the same
// numbers for screen readers, so the chart is hidden from them.
export function CoverageChart({ strata }: { strata: CoverageStratum[] }) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    import("./plot")
      .then(({ coveragePlot }) => {
        if (!live || !box.current) return;
        const width = Math.min(box.current.clientWidth || 640, 900);
        box.current.replaceChildren(coveragePlot(strata, width));
      })
      .catch(() => setFailed(true));
    return () => {
      live = false;
    };
  }, [strata]);
  if (failed) return <p class="note">The chart could not be drawn; the table below has the numbers.</p>;
  return <div ref={box} class="chart" aria-hidden="true" data-testid="coverage-chart" />;
}
