import { useEffect, useRef, useState } from "preact/hooks";
import { StaffRole, type StaffIdentity } from "../gen/panelpulse/v1/staff_pb";
import { staff } from "./api";
import { invalidate } from "./store";
import { message } from "../shared/errors";
import { sections } from "./sections";
import { useRoute } from "./route";

const roleName: Record<StaffRole, string> = {
  [StaffRole.UNSPECIFIED]: "staff",
  [StaffRole.ADMIN]: "programme admin",
  [StaffRole.ANALYST]: "analyst",
  [StaffRole.FACILITATOR]: "facilitator",
};

// Shell is the signed-in page: banner with who is signed in and sign-out,
// navigation to the role's sections, and the main landmark showing the
// section the location's hash names (the role's first when none).
export function Shell({ identity }: { identity: StaffIdentity }) {
  const [error, setError] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
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
  const route = useRoute();
  const current = mine.find((s) => s.id === route.section) ?? mine[0];
  useEffect(() => heading.current?.focus(), [current?.id]);
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
              <a href={`#${s.id}`} aria-current={s.id === current?.id ? "page" : undefined}>
                {s.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" class="page" tabIndex={-1}>
        <h1 ref={heading} tabIndex={-1}>
          {current?.title ?? "PanelPulse console"}
        </h1>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        {current && <current.view />}
      </main>
    </>
  );
}
