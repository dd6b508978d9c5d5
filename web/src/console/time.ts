// Instants as the console shows them: minutes in UTC, the same on every
// screen and in every browser.
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";

export function when(ts: Timestamp | undefined): string {
  if (!ts) return "";
  return timestampDate(ts).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}
