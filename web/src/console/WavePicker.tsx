import { admin } from "./api";
import { useQuery } from "./store";
import { go, href, useRoute } from "./route";

// useWave is the wave a counts screen shows: ?wave= in the location, or
// else the first wave running today (from the programme home).
export function useWave(): { waveId: bigint | undefined; choices: { id: bigint; name: string }[] } {
  const route = useRoute();
  const home = useQuery("home", () => admin.getProgrammeHome({}));
  const choices =
    home.state === "ready"
      ? home.data.liveWaves.map((w) => ({ id: w.wave?.id ?? 0n, name: w.wave?.name ?? "" }))
      : [];
  const asked = route.query.get("wave");
  const waveId = asked && /^[0-9]+$/.test(asked) ? BigInt(asked) : choices[0]?.id;
  return { waveId, choices };
}

// WavePicker chooses the wave by its id, keeping the rest of the query so
// the view stays shareable as a link.
export function WavePicker({ section, waveId }: { section: string; waveId: bigint | undefined }) {
  const route = useRoute();
  const { choices } = useWave();
  const listed = choices.some((c) => c.id === waveId);
  const move = (id: string) => {
    if (!/^[0-9]+$/.test(id)) return;
    const q = Object.fromEntries(route.query);
    go(href(section, [], { ...q, wave: id }));
  };
  return (
    <div class="picker">
      <label>
        Wave{" "}
        <select
          name="wave"
          value={waveId === undefined ? "" : String(waveId)}
          onChange={(e) => move(e.currentTarget.value)}
        >
          {choices.map((c) => (
            <option key={String(c.id)} value={String(c.id)}>
              {c.name} (running today)
            </option>
          ))}
          {waveId !== undefined && !listed && <option value={String(waveId)}>Wave {String(waveId)}</option>}
        </select>
      </label>{" "}
      <label>
        or wave number{" "}
        <input
          name="wave-id"
          inputMode="numeric"
          size={6}
          value={waveId === undefined ? "" : String(waveId)}
          onChange={(e) => move(e.currentTarget.value.trim())}
        />
      </label>
    </div>
  );
}
