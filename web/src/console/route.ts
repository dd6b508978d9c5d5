// The console's location is its hash: "#section/rest?query". Screens read
// it with useRoute and change it with go, so every view can be shared as a
// link and the back button works.
import { useEffect, useState } from "preact/hooks";

export type Route = { section: string; rest: string[]; query: URLSearchParams };

// parse reads a hash such as "#waves/12?month=2026-12".
export function parse(hash: string): Route {
  const h = hash.replace(/^#/, "");
  const [path = "", q = ""] = h.split("?", 2);
  const parts = path
    .split("/")
    .filter((p) => p !== "")
    .map(decodeURIComponent);
  return { section: parts[0] ?? "", rest: parts.slice(1), query: new URLSearchParams(q) };
}

// href builds a hash link for a section, its sub-path and query.
export function href(
  section: string,
  rest: (string | number)[] = [],
  query?: Record<string, string>,
): string {
  const path = [section, ...rest.map((p) => encodeURIComponent(String(p)))].join("/");
  const q = query ? new URLSearchParams(query).toString() : "";
  return `#${path}${q ? `?${q}` : ""}`;
}

// go moves to a hash link (adding to history).
export function go(link: string): void {
  location.hash = link.replace(/^#/, "");
}

// useRoute is the current route, updated on every hash change.
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(location.hash));
  useEffect(() => {
    const on = () => setRoute(parse(location.hash));
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return route;
}
