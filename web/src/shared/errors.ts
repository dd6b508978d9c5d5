import { Code, ConnectError } from "@connectrpc/connect";

// message is the server's sentence for a failed call, as a person reads it.
export function message(err: unknown): string {
  const e = ConnectError.from(err);
  if (e.code === Code.Unavailable || e.code === Code.Unknown) {
    return e.rawMessage || "The server could not be reached. Check the connection and try again.";
  }
  return e.rawMessage;
}

// isSignedOut tells an expired or missing session from other failures.
export function isSignedOut(err: unknown): boolean {
  return ConnectError.from(err).code === Code.Unauthenticated;
}
