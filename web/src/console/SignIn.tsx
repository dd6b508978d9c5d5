import { useState } from "preact/hooks";
import { staff } from "./api";
import { invalidate } from "./store";
import { message } from "../shared/errors";

// SignIn takes a staff API key once; the server answers with an HttpOnly
// session cookie, so the key is kept nowhere in the browser.
export function SignIn() {
  const [key, setKey] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      await staff.signIn({ apiKey: key.trim() });
      setKey("");
      invalidate();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="page signin">
      <h1>PanelPulse console</h1>
      <form onSubmit={submit} aria-describedby="signin-help">
        <h2>Sign in</h2>
        <p id="signin-help">
          Enter your staff API key. You stay signed in on this browser until you sign out or leave it unused
          for a while.
        </p>
        <label for="api-key">Staff API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
          aria-invalid={error !== ""}
          aria-errormessage={error ? "signin-error" : undefined}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        {error && (
          <p id="signin-error" role="alert" class="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
