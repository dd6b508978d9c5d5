// Segment labels and choices shared by the console's send screens.
import { create } from "@bufbuild/protobuf";
import { Dimension, SegmentSchema, type Segment } from "../gen/panelpulse/v1/segment_pb";

// sendDimensions are the dimensions a send can target.
export const sendDimensions: [Dimension, string][] = [
  [Dimension.ALL, "Everyone"],
  [Dimension.SECTOR, "Sector"],
  [Dimension.SIZE_BAND, "Size band"],
  [Dimension.DISTRICT, "District"],
  [Dimension.ROLE, "Role"],
];

// segmentLabel says who a segment is, as "everyone" or "Sector: Logistics".
export function segmentLabel(s: Segment | undefined): string {
  if (!s || s.dimension === Dimension.ALL || s.dimension === Dimension.UNSPECIFIED) return "everyone";
  const name = sendDimensions.find(([d]) => d === s.dimension)?.[1] ?? "";
  return `${name}: ${s.value}`;
}

// segment builds a Segment message.
export function segment(dimension: Dimension, value: string): Segment {
  return create(SegmentSchema, { dimension, value: dimension === Dimension.ALL ? "" : value });
}
