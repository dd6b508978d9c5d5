// The one Connect transport both bundles use: Connect JSON over fetch to
// the API at this origin. Every call carries Connect-Protocol-Version, which
// is also the cross-site request protection the server asks of
// cookie-authenticated calls.
import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import type { DescService } from "@bufbuild/protobuf";

export const transport: Transport = createConnectTransport({
  baseUrl: window.location.origin,
  // Staff consoles send their HttpOnly session cookie; the panellist app
  // adds its own Authorization header instead.
  fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
});

export function client<T extends DescService>(service: T): Client<T> {
  return createClient(service, transport);
}
