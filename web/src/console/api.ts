import { client } from "../shared/transport";
import { StaffService } from "../gen/panelpulse/v1/staff_pb";
import { AdminService } from "../gen/panelpulse/v1/admin_pb";
import { ObservatoryService } from "../gen/panelpulse/v1/observatory_pb";
import { AuditService } from "../gen/panelpulse/v1/audit_pb";
import { StaffKeyService } from "../gen/panelpulse/v1/staff_key_pb";
import { RoundtableService } from "../gen/panelpulse/v1/roundtable_pb";
import { DataRequestService } from "../gen/panelpulse/v1/data_request_pb";

export const staff = client(StaffService);
export const admin = client(AdminService);
export const observatory = client(ObservatoryService);
export const audit = client(AuditService);
export const keys = client(StaffKeyService);
export const roundtables = client(RoundtableService);
export const dataRequests = client(DataRequestService);
