package rpc

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"connectrpc.com/connect"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/admin"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/sector"
)

// AdminHandler serves AdminService.
type AdminHandler struct {
	panelpulsev1connect.UnimplementedAdminServiceHandler
	admin *admin.Service
	bank  *bank.Bank
	log   *slog.Logger
}

var _ panelpulsev1connect.AdminServiceHandler = (*AdminHandler)(nil)

// NewAdminHandler returns the handler.
func NewAdminHandler(a *admin.Service, b *bank.Bank, log *slog.Logger) (*AdminHandler, error) {
	if a == nil || b == nil || log == nil {
		return nil, errors.New("rpc.NewAdminHandler: admin service, bank and logger are required")
	}
	return &AdminHandler{admin: a, bank: b, log: log}, nil
}

// GetSectorMap returns the SIC to sector rules.
func (h *AdminHandler) GetSectorMap(ctx context.Context, _ *connect.Request[pb.GetSectorMapRequest]) (*connect.Response[pb.GetSectorMapResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	rules, err := h.admin.SectorMap(ctx, who.TenantID)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.GetSectorMapResponse{}
	for _, r := range rules {
		res.Rules = append(res.Rules, &pb.SectorRule{SicPrefix: r.Prefix, Sector: r.Sector})
	}
	return connect.NewResponse(res), nil
}

// SetSectorMap replaces the rules.
func (h *AdminHandler) SetSectorMap(ctx context.Context, req *connect.Request[pb.SetSectorMapRequest]) (*connect.Response[pb.SetSectorMapResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	rules := make([]sector.Rule, len(req.Msg.Rules))
	for i, r := range req.Msg.Rules {
		rules[i] = sector.Rule{Prefix: r.SicPrefix, Sector: r.Sector}
	}
	n, err := h.admin.SetSectorMap(ctx, who.TenantID, rules)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.SetSectorMapResponse{BusinessesUpdated: int32(n)}), nil
}

// ImportBusinesses imports businesses from CSV.
func (h *AdminHandler) ImportBusinesses(ctx context.Context, req *connect.Request[pb.ImportBusinessesRequest]) (*connect.Response[pb.ImportBusinessesResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	r, err := h.admin.ImportBusinesses(ctx, who.TenantID, strings.NewReader(req.Msg.Csv), req.Msg.DryRun)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.ImportBusinessesResponse{Imported: int32(r.Imported), Problems: problemsToProto(r.Problems), DryRun: req.Msg.DryRun}
	if req.Msg.DryRun {
		for _, b := range r.Businesses {
			res.Businesses = append(res.Businesses, &pb.ImportedBusiness{Line: int32(b.Line), Ref: b.Ref, Name: b.Name, Sic: b.SIC, Sector: b.Sector, SizeBand: b.SizeBand})
		}
	}
	return connect.NewResponse(res), nil
}

// ImportPanellists imports panellists from CSV.
func (h *AdminHandler) ImportPanellists(ctx context.Context, req *connect.Request[pb.ImportPanellistsRequest]) (*connect.Response[pb.ImportPanellistsResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	r, err := h.admin.ImportPanellists(ctx, who.TenantID, strings.NewReader(req.Msg.Csv), req.Msg.DryRun)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.ImportPanellistsResponse{Imported: int32(r.Imported), Problems: problemsToProto(r.Problems), DryRun: req.Msg.DryRun}), nil
}

func problemsToProto(ps []admin.Problem) []*pb.ImportProblem {
	out := make([]*pb.ImportProblem, len(ps))
	for i, p := range ps {
		out[i] = &pb.ImportProblem{Line: int32(p.Line), Column: p.Column, Message: p.Message}
	}
	return out
}

// ListPanellists lists panellists with status, devices and reachability.
func (h *AdminHandler) ListPanellists(ctx context.Context, req *connect.Request[pb.ListPanellistsRequest]) (*connect.Response[pb.ListPanellistsResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	f := admin.PanellistFilter{Sector: m.Sector, Status: panellistStatusName[m.Status], Search: m.Search}
	rows, next, err := h.admin.PanellistPage(ctx, who.TenantID, f, m.PageSize, m.PageToken)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.ListPanellistsResponse{NextPageToken: next}
	for _, r := range rows {
		res.Panellists = append(res.Panellists, panellistToProto(r))
	}
	return connect.NewResponse(res), nil
}

func panellistToProto(r dbsqlc.PanellistPageRow) *pb.Panellist {
	p := &pb.Panellist{
		Id: r.ID, Ref: r.Ref, Name: r.Name, Email: r.Email, Role: r.Role, BusinessRef: r.BusinessRef,
		Sector: r.Sector, SizeBand: r.SizeBand, District: r.District, Status: panellistStatus[r.Status],
		DeliveryTime: admin.FormatClock(r.DeliveryMinute), TimeZone: r.TimeZone, Devices: r.Devices, Unreachable: r.Unreachable,
	}
	if r.PausedUntil != nil {
		p.PauseUntil = r.PausedUntil.Format("2006-01-02")
	}
	return p
}

// panellistStatus maps the stored status to the enum, and
// panellistStatusName back (unspecified: "", any).
var (
	panellistStatus = map[string]pb.PanellistStatus{
		"invited": pb.PanellistStatus_PANELLIST_STATUS_INVITED, "active": pb.PanellistStatus_PANELLIST_STATUS_ACTIVE,
		"withdrawn": pb.PanellistStatus_PANELLIST_STATUS_WITHDRAWN,
	}
	panellistStatusName = map[pb.PanellistStatus]string{
		pb.PanellistStatus_PANELLIST_STATUS_INVITED: "invited", pb.PanellistStatus_PANELLIST_STATUS_ACTIVE: "active",
		pb.PanellistStatus_PANELLIST_STATUS_WITHDRAWN: "withdrawn",
	}
)

// CreateQuestion adds a question or a new version.
func (h *AdminHandler) CreateQuestion(ctx context.Context, req *connect.Request[pb.CreateQuestionRequest]) (*connect.Response[pb.CreateQuestionResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	q, created, err := h.bank.Save(ctx, who.TenantID, bank.Input{Key: m.Key, Theme: themeFromProto(m.Theme), Title: m.Title, Wording: m.Wording, Spec: specFromProto(m.Spec)})
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.CreateQuestionResponse{Question: questionToProto(q), CreatedVersion: created}), nil
}

// CreateWave stores a wave and its plan.
func (h *AdminHandler) CreateWave(ctx context.Context, req *connect.Request[pb.CreateWaveRequest]) (*connect.Response[pb.CreateWaveResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	in := admin.WaveInput{Name: req.Msg.Name, StartDate: req.Msg.StartDate, WorkingDays: req.Msg.WorkingDays}
	if in.Plan, err = planFromProto(req.Msg.Plan); err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	w, err := h.admin.CreateWave(ctx, who.TenantID, in)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.CreateWaveResponse{Wave: &pb.Wave{
		Id: w.ID, Name: w.Name, StartDate: w.Start.String(), EndDate: w.End.String(), WorkingDays: w.WorkingDays, PlanItems: w.PlanItems,
		Status: pb.WaveStatus_WAVE_STATUS_PLANNED,
	}}), nil
}

// CreateInvites issues invite codes.
func (h *AdminHandler) CreateInvites(ctx context.Context, req *connect.Request[pb.CreateInvitesRequest]) (*connect.Response[pb.CreateInvitesResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	invs, err := h.admin.CreateInvites(ctx, who.TenantID, req.Msg.PanellistRefs)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.CreateInvitesResponse{}
	for _, i := range invs {
		res.Invites = append(res.Invites, &pb.Invite{PanellistRef: i.PanellistRef, Code: i.Code})
	}
	return connect.NewResponse(res), nil
}

// GetResponseRates reports per-day counts of a wave.
func (h *AdminHandler) GetResponseRates(ctx context.Context, req *connect.Request[pb.GetResponseRatesRequest]) (*connect.Response[pb.GetResponseRatesResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	days, err := h.admin.ResponseRates(ctx, who.TenantID, req.Msg.WaveId)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.GetResponseRatesResponse{}
	for _, d := range days {
		res.Days = append(res.Days, &pb.DayRate{Day: d.Day.String(), Counts: countsMessage(d.Counts)})
	}
	return connect.NewResponse(res), nil
}
