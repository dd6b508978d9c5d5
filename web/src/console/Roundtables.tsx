import { useState } from "preact/hooks";
import { roundtables } from "./api";
import { invalidate, useQuery } from "./store";
import { go, href, useRoute } from "./route";
import { message } from "../shared/errors";
import { RoundtablePage } from "./RoundtablePage";
import { Projector } from "./Projector";
import { Summary } from "./Summary";

// Roundtables is the facilitator's section: the list of roundtables and a
// form to create one (#roundtables), a roundtable's page
// (#roundtables/ID), its projector view (#roundtables/ID/projector/FID)
// and its summary (#roundtables/ID/summary).
export function Roundtables() {
  const route = useRoute();
  const id = Number(route.rest[0] ?? 0);
  if (id > 0 && route.rest[1] === "projector") {
    return <Projector roundtableId={id} findingId={Number(route.rest[2] ?? 0)} />;
  }
  if (id > 0 && route.rest[1] === "summary") return <Summary roundtableId={id} />;
  if (id > 0) return <RoundtablePage id={id} />;
  return <RoundtableList />;
}

function RoundtableList() {
  const q = useQuery("rt/list", () => roundtables.listRoundtables({ pageSize: 100 }));
  const [title, setTitle] = useState("");
  const [date, setDate] = useState("");
  const [audience, setAudience] = useState("");
  const [error, setError] = useState("");
  const create = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      const r = await roundtables.createRoundtable({ title, date, audience, findingIds: [] });
      invalidate("rt/");
      go(href("roundtables", [String(r.roundtable?.id ?? 0)]));
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <>
      <section aria-labelledby="rt-new-h">
        <h2 id="rt-new-h">New roundtable</h2>
        <form id="rt-create" class="stack" onSubmit={create}>
          <label>
            Title
            <input
              id="rt-title"
              required
              maxLength={200}
              value={title}
              onInput={(e) => setTitle(e.currentTarget.value)}
            />
          </label>
          <label>
            Date
            <input
              id="rt-date"
              type="date"
              required
              value={date}
              onInput={(e) => setDate(e.currentTarget.value)}
            />
          </label>
          <label>
            Audience
            <input
              id="rt-audience"
              maxLength={200}
              placeholder="Who is in the room"
              value={audience}
              onInput={(e) => setAudience(e.currentTarget.value)}
            />
          </label>
          <button type="submit">Create roundtable</button>
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
        </form>
      </section>
      <section aria-labelledby="rt-h">
        <h2 id="rt-h">Your roundtables</h2>
        {q.state === "loading" && <p class="loading">Loading roundtables…</p>}
        {q.state === "error" && <p role="alert">{message(q.error)}</p>}
        {q.state === "ready" &&
          (q.data.roundtables.length === 0 ? (
            <p>No roundtables yet.</p>
          ) : (
            <div class="table-wrap">
              <table id="rt-table">
                <thead>
                  <tr>
                    <th scope="col">Title</th>
                    <th scope="col">Date</th>
                    <th scope="col">Audience</th>
                    <th scope="col">Code</th>
                    <th scope="col">Attendees</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.roundtables.map((r) => (
                    <tr key={String(r.id)} data-roundtable={String(r.id)}>
                      <td>
                        <a href={href("roundtables", [String(r.id)])}>{r.title}</a>
                      </td>
                      <td>{r.date}</td>
                      <td>{r.audience}</td>
                      <td class="code">{r.joinCode}</td>
                      <td>{r.attendees}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </section>
    </>
  );
}
