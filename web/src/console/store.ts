// The console's one store of server state: each query is fetched once per
// key and kept until invalidated (sign-in and sign-out clear it). Screens
// read through useQuery and never copy server data elsewhere.
import { useEffect, useState } from "preact/hooks";

type Entry = { promise: Promise<unknown>; value?: unknown; error?: unknown; settled: boolean };

const cache = new Map<string, Entry>();
const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

function load<T>(key: string, fetcher: () => Promise<T>): Entry {
  let e = cache.get(key);
  if (!e) {
    const entry: Entry = { promise: Promise.resolve(), settled: false };
    entry.promise = fetcher().then(
      (v) => {
        entry.value = v;
        entry.settled = true;
        notify();
      },
      (err: unknown) => {
        entry.error = err;
        entry.settled = true;
        notify();
      },
    );
    cache.set(key, entry);
    e = entry;
  }
  return e;
}

export type Query<T> =
  { state: "loading" } | { state: "error"; error: unknown } | { state: "ready"; data: T };

export function useQuery<T>(key: string, fetcher: () => Promise<T>): Query<T> {
  const [, setTick] = useState(0);
  const e = load(key, fetcher);
  const seen = e.settled;
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    // The query may have settled between this render and the
    // subscription, when nobody was listening: render again then.
    if (cache.get(key)?.settled !== seen) l();
    return () => {
      listeners.delete(l);
    };
  }, [key, seen]);
  if (!e.settled) return { state: "loading" };
  if (e.error !== undefined) return { state: "error", error: e.error };
  return { state: "ready", data: e.value as T };
}

// invalidate drops every cached query (or those whose key starts with prefix).
export function invalidate(prefix = ""): void {
  for (const k of [...cache.keys()]) if (k.startsWith(prefix)) cache.delete(k);
  notify();
}
