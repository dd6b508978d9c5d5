import type { ComponentType } from "preact";
import { StaffRole } from "../gen/panelpulse/v1/staff_pb";
import { Home } from "./Home";
import { Observatory } from "./observatory/Observatory";
import { Roundtables } from "./Roundtables";

// Section is one screen of the console, reached at #id (and #id/rest for
// its own sub-pages, which the screen reads with useRoute).
export type Section = { id: string; title: string; view: ComponentType };

// sections are what each role sees, in navigation order; a role sees only
// its own, and its first section is where it lands.
export const sections: Record<StaffRole, Section[]> = {
  [StaffRole.UNSPECIFIED]: [],
  [StaffRole.ADMIN]: [{ id: "home", title: "Programme home", view: Home }],
  [StaffRole.ANALYST]: [{ id: "observatory", title: "Observatory", view: Observatory }],
  [StaffRole.FACILITATOR]: [{ id: "roundtables", title: "Roundtables", view: Roundtables }],
};
