// Joining a roundtable: the attendee types the short code shown in the
// room, or scans its QR code (a link to /app/#room=CODE), and the
// roundtable's questions are given at once, outside the daily cap.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { message } from "../shared/errors";
import { panellist } from "./api";

// roomLink reads the join code from the fragment of a scanned link
// (/app/#room=CODE), then takes it out of the address.
export function roomLink(): string {
  const room = new URLSearchParams(window.location.hash.slice(1)).get("room") ?? "";
  if (room) history.replaceState(null, "", window.location.pathname + window.location.search);
  return room;
}

export function JoinRoom(props: { code: string; onJoined: () => void }): JSX.Element {
  const [code, setCode] = useState(props.code);
  const [open, setOpen] = useState(props.code !== "");
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function join(c: string) {
    setBusy(true);
    setStatus(null);
    try {
      const res = await panellist.joinRoundtable({ joinCode: c.trim() });
      setStatus({
        ok: true,
        text:
          res.assigned > 0
            ? `You joined “${res.title}”: its ${res.assigned === 1 ? "question is" : `${res.assigned} questions are`} above.`
            : `You joined “${res.title}”. Its questions are above once the facilitator opens them.`,
      });
      props.onJoined();
    } catch (err) {
      setStatus({ ok: false, text: message(err) });
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    if (props.code) void join(props.code);
  }, []);

  if (!open)
    return (
      <button type="button" id="room-open" class="link" onClick={() => setOpen(true)}>
        Join a roundtable
      </button>
    );
  return (
    <form
      class="room"
      id="room"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void join(code);
      }}
    >
      <h2>Join a roundtable</h2>
      <label class="field">
        Code shown in the room
        <input
          id="room-code"
          value={code}
          autoComplete="off"
          autoCapitalize="characters"
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </label>
      {status && (
        <p
          class={`status ${status.ok ? "saved" : "error"}`}
          role={status.ok ? "status" : "alert"}
          id="room-status"
        >
          {status.text}
        </p>
      )}
      <div class="actions">
        <button type="submit" id="room-join" disabled={busy}>
          Join
        </button>
      </div>
    </form>
  );
}
