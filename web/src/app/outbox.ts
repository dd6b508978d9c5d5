// Answers waiting to reach the server, kept in IndexedDB with their
// idempotency key and the time they were given, so an answer made offline
// survives a reload and is sent once the phone is back online. The server
// stores an idempotency key once, so sending an entry twice (a reply lost
// on the way back) still stores the answer once.
import { create, fromJson, toJson, type JsonValue } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { AnswerValueSchema, type AnswerValue } from "../gen/panelpulse/v1/question_pb";
import { SubmitAnswerRequestSchema } from "../gen/panelpulse/v1/panellist_pb";
import { panellist } from "./api";

export type Pending = { key: string; assignmentId: string; value: JsonValue; answeredAt: number };

// Outcome of one sent answer, by assignment id.
export type Outcome = { assignmentId: string; ok: boolean; revision?: number; message?: string };

const store = "outbox";

function db(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open("panelpulse-app", 1);
    req.onupgradeneeded = () => req.result.createObjectStore(store, { keyPath: "key" });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const d = await db();
  return new Promise((resolve, reject) => {
    const req = f(d.transaction(store, mode).objectStore(store));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export function pending(): Promise<Pending[]> {
  return run("readonly", (s) => s.getAll() as IDBRequest<Pending[]>);
}

export async function clearOutbox(): Promise<void> {
  await run("readwrite", (s) => s.clear());
}

function newKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

// keep stores an answer given now to an assignment, under a new key.
export async function keep(assignmentId: bigint, value: AnswerValue): Promise<void> {
  const p: Pending = {
    key: newKey(),
    assignmentId: assignmentId.toString(),
    value: toJson(AnswerValueSchema, value),
    answeredAt: Date.now(),
  };
  await run("readwrite", (s) => s.put(p));
}

export function pendingValue(p: Pending): AnswerValue {
  return fromJson(AnswerValueSchema, p.value);
}

let sending: Promise<Outcome[]> | null = null;

// send submits every kept answer with SubmitAnswers; answers the server
// accepted or refused leave the outbox, and the rest stay for the next
// try (the call failed: offline). One send runs at a time.
export function send(): Promise<Outcome[]> {
  sending ??= sendAll().finally(() => {
    sending = null;
  });
  return sending;
}

async function sendAll(): Promise<Outcome[]> {
  const all = (await pending()).sort((a, b) => a.answeredAt - b.answeredAt).slice(0, 50);
  if (all.length === 0) return [];
  const res = await panellist.submitAnswers({
    answers: all.map((p) =>
      create(SubmitAnswerRequestSchema, {
        assignmentId: BigInt(p.assignmentId),
        idempotencyKey: p.key,
        value: pendingValue(p),
        answeredAt: timestampFromDate(new Date(p.answeredAt)),
      }),
    ),
  });
  const out: Outcome[] = [];
  for (const [i, p] of all.entries()) {
    const r = res.results[i];
    if (!r) continue;
    await run("readwrite", (s) => s.delete(p.key));
    out.push(
      r.accepted
        ? { assignmentId: p.assignmentId, ok: true, revision: r.accepted.revision }
        : { assignmentId: p.assignmentId, ok: false, message: r.errorMessage },
    );
  }
  return out;
}
