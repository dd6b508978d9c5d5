import { fmt, type Table } from "./model";

// TableView is a chart's numbers as a table: the same rows the chart and
// the downloads are made of. A suppressed cell shows its state and no
// value.
export function TableView({ table, caption }: { table: Table; caption: string }) {
  return (
    <div class="table-wrap">
      <table data-testid="obs-table">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.key} scope="col" class={c.kind === "text" ? "" : "num"}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr
              key={i}
              data-period={String(r.period ?? "")}
              data-segment={String(r.segment ?? "")}
              data-item={String(r.option ?? r.item ?? r.row ?? "")}
            >
              {table.columns.map((c) => (
                <td key={c.key} data-col={c.key} class={c.kind === "text" ? "" : "num"}>
                  {fmt(c.kind, r[c.key] ?? null)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
