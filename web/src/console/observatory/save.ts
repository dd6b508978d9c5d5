// Saving what the dashboard shows: files made in the page (the on-screen
// table as CSV or JSON, the chart as SVG or PNG) and the server's exports,
// fetched with the session cookie so no key goes into a URL.

// saveBlob hands a blob to the browser as a download named name.
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// saveExport fetches an export route and saves its body; it returns the
// server's sentence when the export is refused.
export async function saveExport(path: string, name: string): Promise<string> {
  const res = await fetch(path, { credentials: "same-origin", headers: { "X-PanelPulse-Request": "1" } });
  if (!res.ok) return (await res.text()).trim() || `The export failed (${res.status}).`;
  saveBlob(await res.blob(), name);
  return "";
}

// svgText is a chart as a standalone SVG document.
export function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  // The console's stylesheet is not in the file: carry its font and the
  // white background along.
  copy.setAttribute("font-family", "system-ui, sans-serif");
  copy.setAttribute("font-size", "10");
  copy.setAttribute("style", "background: white");
  return new XMLSerializer().serializeToString(copy);
}

// savePNG draws the chart on a canvas at twice its size and saves it.
export async function savePNG(svg: SVGSVGElement, name: string): Promise<void> {
  const w = Number(svg.getAttribute("width")) || svg.clientWidth;
  const h = Number(svg.getAttribute("height")) || svg.clientHeight;
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = w * 2;
    canvas.height = h * 2;
    const g = canvas.getContext("2d");
    if (!g) return;
    g.fillStyle = "#fff";
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, "image/png"));
    if (blob) saveBlob(blob, name);
  } finally {
    URL.revokeObjectURL(url);
  }
}
