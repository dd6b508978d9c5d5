import type { ComponentType } from "preact";
import { StaffRole } from "../gen/panelpulse/v1/staff_pb";
import { Home } from "./Home";
import { Monitor } from "./Monitor";
import { PushDelivery } from "./PushDelivery";
import { Observatory } from "./Observatory";
import { Roundtables } from "./Roundtables";

// Section is one screen of the console, reached at #id (and #id/rest for
// its own sub-pages, which the screen reads with useRoute).
export type Section = { id: string; title: string; view: ComponentType };

// sections are what each role sees, in navigation order; a role sees only
// its own, and its first section is where it lands.
export const sections: Record<StaffRole, Section[]> = {
  [StaffRole.UNSPECIFIED]: [],
  [StaffRole.ADMIN]: [
    { id: "home", title: "Programme home", view: Home },
    { id: "monitor", title: "Response monitor", view: Monitor },
    { id: "pushes", title: "Push delivery", view: PushDelivery },
  ],
  [StaffRole.ANALYST]: [{ id: "observatory", title: "Observatory", view: Observatory }],
  [StaffRole.FACILITATOR]: [{ id: "roundtables", title: "Roundtables", view: Roundtables }],
};
