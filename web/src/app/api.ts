// The app's one client of PanellistService: Connect JSON to this origin,
// with the panellist's session token on every call.
import { createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { PanellistService } from "../gen/panelpulse/v1/panellist_pb";
import { getSession } from "./session";

const bearer: Interceptor = (next) => (req) => {
  const s = getSession();
  if (s) req.header.set("Authorization", `Bearer ${s.token}`);
  return next(req);
};

export const panellist = createClient(
  PanellistService,
  createConnectTransport({ baseUrl: window.location.origin, interceptors: [bearer] }),
);
