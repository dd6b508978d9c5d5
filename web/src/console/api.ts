import { client } from "../shared/transport";
import { StaffService } from "../gen/panelpulse/v1/staff_pb";
import { AdminService } from "../gen/panelpulse/v1/admin_pb";
import { ObservatoryService } from "../gen/panelpulse/v1/observatory_pb";

export const staff = client(StaffService);
export const admin = client(AdminService);
export const observatory = client(ObservatoryService);
import { RoundtableService } from "../gen/panelpulse/v1/roundtable_pb";
export const roundtables = client(RoundtableService);
