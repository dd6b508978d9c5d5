package rpc

import (
	"context"

	"connectrpc.com/connect"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/admin"
)

// GetPanellist returns one panellist by ref.
func (h *AdminHandler) GetPanellist(ctx context.Context, req *connect.Request[pb.GetPanellistRequest]) (*connect.Response[pb.GetPanellistResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	r, err := h.admin.Panellist(ctx, who.TenantID, req.Msg.Ref)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.GetPanellistResponse{Panellist: panellistToProto(r)}), nil
}

// UpdatePanellist changes a panellist's details; unset fields keep theirs.
func (h *AdminHandler) UpdatePanellist(ctx context.Context, req *connect.Request[pb.UpdatePanellistRequest]) (*connect.Response[pb.UpdatePanellistResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	c := admin.PanellistChange{Name: m.Name, Email: m.Email, Role: m.Role, DeliveryTime: m.DeliveryTime, TimeZone: m.TimeZone}
	r, err := h.admin.UpdatePanellist(ctx, who.TenantID, m.Ref, c)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.UpdatePanellistResponse{Panellist: panellistToProto(r)}), nil
}

// ListBusinesses lists businesses a page at a time.
func (h *AdminHandler) ListBusinesses(ctx context.Context, req *connect.Request[pb.ListBusinessesRequest]) (*connect.Response[pb.ListBusinessesResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	f := admin.BusinessFilter{Sector: m.Sector, SizeBand: m.SizeBand, Search: m.Search}
	rows, next, err := h.admin.BusinessPage(ctx, who.TenantID, f, m.PageSize, m.PageToken)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.ListBusinessesResponse{NextPageToken: next}
	for _, r := range rows {
		res.Businesses = append(res.Businesses, businessToProto(r))
	}
	return connect.NewResponse(res), nil
}

// GetBusiness returns one business by ref.
func (h *AdminHandler) GetBusiness(ctx context.Context, req *connect.Request[pb.GetBusinessRequest]) (*connect.Response[pb.GetBusinessResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	r, err := h.admin.Business(ctx, who.TenantID, req.Msg.Ref)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.GetBusinessResponse{Business: businessToProto(r)}), nil
}

// UpdateBusiness changes a business; unset fields keep theirs.
func (h *AdminHandler) UpdateBusiness(ctx context.Context, req *connect.Request[pb.UpdateBusinessRequest]) (*connect.Response[pb.UpdateBusinessResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	c := admin.BusinessChange{Name: m.Name, SIC: m.Sic, Employees: m.Employees, District: m.District}
	r, err := h.admin.UpdateBusiness(ctx, who.TenantID, m.Ref, c)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.UpdateBusinessResponse{Business: businessToProto(r)}), nil
}

func businessToProto(r dbsqlc.BusinessPageRow) *pb.Business {
	return &pb.Business{
		Id: r.ID, Ref: r.Ref, Name: r.Name, Sic: r.Sic, Sector: r.Sector, SizeBand: r.SizeBand,
		Employees: r.Employees, District: r.District, Panellists: r.Panellists,
	}
}
