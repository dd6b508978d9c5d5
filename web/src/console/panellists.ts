// Panellists as the admin screens read them: the status words, and the
// whole list fetched page by page.
import { admin } from "./api";
import { PanellistStatus, type ListPanellistsRequest, type Panellist } from "../gen/panelpulse/v1/admin_pb";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { GenMessage } from "@bufbuild/protobuf/codegenv2";

// statusLabel is the word each status is shown as.
export const statusLabel: Record<PanellistStatus, string> = {
  [PanellistStatus.UNSPECIFIED]: "",
  [PanellistStatus.INVITED]: "invited",
  [PanellistStatus.ACTIVE]: "active",
  [PanellistStatus.WITHDRAWN]: "withdrawn",
};

type Filter = Omit<
  MessageInitShape<GenMessage<ListPanellistsRequest>>,
  "pageSize" | "pageToken" | "$typeName"
>;

// listAllPanellists follows next_page_token to the end of the list.
export async function listAllPanellists(filter: Filter = {}): Promise<Panellist[]> {
  const out: Panellist[] = [];
  let pageToken = "";
  do {
    const page = await admin.listPanellists({ ...filter, pageSize: 500, pageToken });
    out.push(...page.panellists);
    pageToken = page.nextPageToken;
  } while (pageToken !== "");
  return out;
}
