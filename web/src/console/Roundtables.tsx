// Roundtables is the facilitator's section. The live roundtable journey
// (finding tests, the projector view, verdicts) is built on this console
// next; until then the section says where the work is done today.
export function Roundtables() {
  return (
    <section aria-labelledby="rt-h">
      <h2 id="rt-h">Your roundtables</h2>
      <p>
        Roundtable screens are not in the console yet. Findings are created, tested and given a verdict
        through RoundtableService with your API key.
      </p>
    </section>
  );
}
