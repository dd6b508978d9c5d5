import type { ComponentType } from "preact";
import { StaffRole } from "../gen/panelpulse/v1/staff_pb";
import { Home } from "./Home";
import { Invites } from "./Invites";
import { Monitor } from "./Monitor";
import { PushDelivery } from "./PushDelivery";
import { Questions } from "./Questions";
import { Observatory } from "./observatory/Observatory";
import { Roundtables } from "./Roundtables";
import { AuditLog } from "./AuditLog";
import { StaffKeys } from "./StaffKeys";
import { Imports } from "./Imports";
import { SectorMap } from "./SectorMap";
import { Waves } from "./Waves";
import { DataRequests } from "./DataRequests";

// Section is one screen of the console, reached at #id (and #id/rest for
// its own sub-pages, which the screen reads with useRoute).
export type Section = { id: string; title: string; view: ComponentType };

// sections are what each role sees, in navigation order; a role sees only
// its own, and its first section is where it lands.
export const sections: Record<StaffRole, Section[]> = {
  [StaffRole.UNSPECIFIED]: [],
  [StaffRole.ADMIN]: [
    { id: "home", title: "Programme home", view: Home },
    { id: "questions", title: "Questions", view: Questions },
    { id: "waves", title: "Waves", view: Waves },
    { id: "invites", title: "Invites", view: Invites },
    { id: "imports", title: "Imports", view: Imports },
    { id: "sectors", title: "Sector map", view: SectorMap },
    { id: "requests", title: "Data requests", view: DataRequests },
    { id: "keys", title: "Staff keys", view: StaffKeys },
    { id: "monitor", title: "Response monitor", view: Monitor },
    { id: "pushes", title: "Push delivery", view: PushDelivery },
    { id: "audit", title: "Audit log", view: AuditLog },
  ],
  [StaffRole.ANALYST]: [{ id: "observatory", title: "Observatory", view: Observatory }],
  [StaffRole.FACILITATOR]: [{ id: "roundtables", title: "Roundtables", view: Roundtables }],
};
