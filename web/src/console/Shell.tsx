import { useEffect, useRef, useState } from "preact/hooks";
import { StaffRole, type StaffIdentity } from "../gen/panelpulse/v1/staff_pb";
import { staff } from "./api";
import { invalidate } from "./store";
import { message } from "../shared/errors";
import { Home } from "./Home";
import { Observatory } from "./Observatory";
import { Roundtables } from "./Roundtables";

const roleName: Record<StaffRole, string> = {
  [StaffRole.UNSPECIFIED]: "staff",
  [StaffRole.ADMIN]: "programme admin",
  [StaffRole.ANALYST]: "analyst",
  [StaffRole.FACILITATOR]: "facilitator",
};

// sections are what each role sees; a role sees only its own.
const sections: Record<StaffRole, { id: string; title: string }[]> = {
  [StaffRole.UNSPECIFIED]: [],
  [StaffRole.ADMIN]: [{ id: "home", title: "Programme home" }],
  [StaffRole.ANALYST]: [{ id: "observatory", title: "Observatory" }],
  [StaffRole.FACILITATOR]: [{ id: "roundtables", title: "Roundtables" }],
};

// Shell is the signed-in page: banner with who is signed in and sign-out,
// navigation to the role's sections, and the main landmark.
export function Shell({ identity }: { identity: StaffIdentity }) {
  const [error, setError] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const signOut = async () => {
    setError("");
    try {
      await staff.signOut({});
    } catch (err) {
      setError(message(err));
      return;
    }
    invalidate();
  };
  const mine = sections[identity.role];
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="banner">
        <p class="brand">PanelPulse</p>
        <p class="who">
          <span>{identity.tenantName}</span> · <span data-role>{roleName[identity.role]}</span>
        </p>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav aria-label="Sections">
        <ul>
          {mine.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" class="page" tabIndex={-1}>
        <h1 ref={heading} tabIndex={-1}>
          {mine[0]?.title ?? "PanelPulse console"}
        </h1>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        {identity.role === StaffRole.ADMIN && <Home />}
        {identity.role === StaffRole.ANALYST && <Observatory />}
        {identity.role === StaffRole.FACILITATOR && <Roundtables />}
      </main>
    </>
  );
}
