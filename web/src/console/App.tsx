import { staff } from "./api";
import { useQuery } from "./store";
import { SignIn } from "./SignIn";
import { Shell } from "./Shell";
import { isSignedOut, message } from "../shared/errors";

// App asks who is signed in: nobody gets the sign-in screen, staff the
// console with the sections of their role.
export function App() {
  const who = useQuery("whoami", () => staff.whoAmI({}));
  if (who.state === "loading") return <p class="loading">Loading…</p>;
  if (who.state === "error") {
    if (isSignedOut(who.error)) return <SignIn />;
    return (
      <main id="main" class="page">
        <h1>PanelPulse console</h1>
        <p role="alert">{message(who.error)}</p>
      </main>
    );
  }
  const id = who.data.identity;
  if (!id) return <SignIn />;
  return <Shell identity={id} />;
}
