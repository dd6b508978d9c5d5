package rpc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/panel"
	"github.com/panelpulse/panelpulse/internal/roundtable"
)

// PanellistHandler serves PanellistService.
type PanellistHandler struct {
	panelpulsev1connect.UnimplementedPanellistServiceHandler
	panel *panel.Service
	rt    *roundtable.Service
	log   *slog.Logger
}

var _ panelpulsev1connect.PanellistServiceHandler = (*PanellistHandler)(nil)

// NewPanellistHandler returns the handler; attendees join roundtables
// through rt.
func NewPanellistHandler(p *panel.Service, rt *roundtable.Service, log *slog.Logger) (*PanellistHandler, error) {
	if p == nil || rt == nil || log == nil {
		return nil, errors.New("rpc.NewPanellistHandler: panel service, roundtable service and logger are required")
	}
	return &PanellistHandler{panel: p, rt: rt, log: log}, nil
}

// Enrol exchanges an invite code for a session token.
func (h *PanellistHandler) Enrol(ctx context.Context, req *connect.Request[pb.EnrolRequest]) (*connect.Response[pb.EnrolResponse], error) {
	e, err := h.panel.Enrol(ctx, req.Msg.Tenant, req.Msg.InviteCode, req.Msg.ConsentVersion)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.EnrolResponse{SessionToken: e.SessionToken, PanellistId: e.PanellistID, DisplayName: e.Name}), nil
}

// RegisterDevice stores an FCM token.
func (h *PanellistHandler) RegisterDevice(ctx context.Context, req *connect.Request[pb.RegisterDeviceRequest]) (*connect.Response[pb.RegisterDeviceResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	platform := platformNames[req.Msg.Platform]
	err = h.panel.RegisterDevice(ctx, who, panel.Device{Token: req.Msg.FcmToken, Platform: platform, AppVersion: req.Msg.AppVersion, Locale: req.Msg.Locale})
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.RegisterDeviceResponse{}), nil
}

// UnregisterDevice forgets an FCM token.
func (h *PanellistHandler) UnregisterDevice(ctx context.Context, req *connect.Request[pb.UnregisterDeviceRequest]) (*connect.Response[pb.UnregisterDeviceResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.panel.UnregisterDevice(ctx, who, req.Msg.FcmToken); err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.UnregisterDeviceResponse{}), nil
}

// GetToday lists open questions with progress.
func (h *PanellistHandler) GetToday(ctx context.Context, _ *connect.Request[pb.GetTodayRequest]) (*connect.Response[pb.GetTodayResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	open, prog, err := h.panel.Today(ctx, who)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.GetTodayResponse{Progress: &pb.Progress{Wave: prog.Wave, Day: prog.Day, OfDays: prog.OfDays, Answered: prog.Answered, Streak: prog.Streak}}
	for _, o := range open {
		a := &pb.Assignment{
			Id: o.AssignmentID, Question: questionToProto(o.Question), Day: o.Day.String(),
			OpensAt: timestamppb.New(o.OpensAt), ClosesAt: timestamppb.New(o.ClosesAt),
			Status:   assignmentStatusOfName[o.Status],
			Revision: o.Revision,
		}
		if o.Answer != nil {
			a.Answer = valueToProto(*o.Answer)
		}
		res.Assignments = append(res.Assignments, a)
	}
	return connect.NewResponse(res), nil
}

// SubmitAnswer stores one answer.
func (h *PanellistHandler) SubmitAnswer(ctx context.Context, req *connect.Request[pb.SubmitAnswerRequest]) (*connect.Response[pb.SubmitAnswerResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	r, err := h.panel.Submit(ctx, who, submissionFromProto(req.Msg))
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(receiptToProto(r)), nil
}

// SubmitAnswers stores several answers in order, each accepted or rejected
// on its own (a phone that was offline sends several days at once).
func (h *PanellistHandler) SubmitAnswers(ctx context.Context, req *connect.Request[pb.SubmitAnswersRequest]) (*connect.Response[pb.SubmitAnswersResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	res := &pb.SubmitAnswersResponse{}
	for _, a := range req.Msg.Answers {
		r, err := h.panel.Submit(ctx, who, submissionFromProto(a))
		if err != nil {
			ce := connectError(ctx, h.log, err)
			res.Results = append(res.Results, &pb.SubmitResult{ErrorCode: ce.Code().String(), ErrorMessage: ce.Message()})
			continue
		}
		res.Results = append(res.Results, &pb.SubmitResult{Accepted: receiptToProto(r)})
	}
	return connect.NewResponse(res), nil
}

// ListHistory lists the caller's latest answers, newest first.
func (h *PanellistHandler) ListHistory(ctx context.Context, req *connect.Request[pb.ListHistoryRequest]) (*connect.Response[pb.ListHistoryResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	items, err := h.panel.History(ctx, who, int(req.Msg.PageSize))
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.ListHistoryResponse{}
	for _, p := range items {
		res.Items = append(res.Items, &pb.HistoryItem{
			AssignmentId: p.AssignmentID, Question: questionToProto(p.Question), Day: p.Day.String(),
			Answer: valueToProto(p.Answer), Revision: p.Revision, AnsweredAt: timestamppb.New(p.AnsweredAt),
		})
	}
	return connect.NewResponse(res), nil
}

// GetSectorResults shows how the caller's sector and the panel answered.
func (h *PanellistHandler) GetSectorResults(ctx context.Context, req *connect.Request[pb.GetSectorResultsRequest]) (*connect.Response[pb.GetSectorResultsResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	r, err := h.panel.SectorResults(ctx, who, req.Msg.QuestionKey)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.GetSectorResultsResponse{
		Question: questionToProto(r.Question), Day: r.Day.String(), MyAnswer: valueToProto(r.Mine),
		Sector: summaryToProto(r.Sector), Panel: summaryToProto(r.Panel), SuppressionThreshold: int32(r.Threshold),
	}), nil
}

func summaryToProto(s panel.Summary) *pb.ResultSummary {
	out := &pb.ResultSummary{Label: s.Label, Respondents: int32(s.Respondents), Suppressed: s.Suppressed, Mean: s.Mean}
	for _, sh := range s.Shares {
		out.Shares = append(out.Shares, &pb.OptionShare{Code: sh.Code, Label: sh.Label, Share: sh.Estimate, CiLow: sh.Lower, CiHigh: sh.Upper})
	}
	return out
}

// UpdatePreferences changes delivery time, time zone or pause.
func (h *PanellistHandler) UpdatePreferences(ctx context.Context, req *connect.Request[pb.UpdatePreferencesRequest]) (*connect.Response[pb.UpdatePreferencesResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	p := panel.Preferences{DeliveryTime: req.Msg.DeliveryTime, TimeZone: req.Msg.TimeZone}
	if req.Msg.PauseUntil != nil {
		var d calendar.Date
		if *req.Msg.PauseUntil != "" {
			if d, err = calendar.ParseDate(*req.Msg.PauseUntil); err != nil {
				return nil, connect.NewError(connect.CodeInvalidArgument, fmt.Errorf("pause_until: %q is not a date YYYY-MM-DD", *req.Msg.PauseUntil))
			}
		}
		p.PauseUntil = &d
	}
	st, err := h.panel.UpdatePreferences(ctx, who, p)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.UpdatePreferencesResponse{DeliveryTime: st.DeliveryTime, TimeZone: st.TimeZone}
	if st.PauseUntil != nil {
		res.PauseUntil = st.PauseUntil.String()
	}
	return connect.NewResponse(res), nil
}

// Withdraw stops everything at once and optionally erases the person.
func (h *PanellistHandler) Withdraw(ctx context.Context, req *connect.Request[pb.WithdrawRequest]) (*connect.Response[pb.WithdrawResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	w, err := h.panel.Withdraw(ctx, who, req.Msg.Erase)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.WithdrawResponse{WithdrawnAt: timestamppb.New(w.WithdrawnAt), Erased: w.Erased, AnswersKept: w.AnswersKept}), nil
}

// ExportMyData returns everything held about the caller as JSON.
func (h *PanellistHandler) ExportMyData(ctx context.Context, _ *connect.Request[pb.ExportMyDataRequest]) (*connect.Response[pb.ExportMyDataResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	b, err := h.panel.ExportMyData(ctx, who)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.ExportMyDataResponse{Json: string(b)}), nil
}

// AcknowledgeNotification records that a push was opened.
func (h *PanellistHandler) AcknowledgeNotification(ctx context.Context, req *connect.Request[pb.AcknowledgeNotificationRequest]) (*connect.Response[pb.AcknowledgeNotificationResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.panel.AcknowledgePush(ctx, who, req.Msg.PushId); err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.AcknowledgeNotificationResponse{}), nil
}

func submissionFromProto(m *pb.SubmitAnswerRequest) panel.Submission {
	return panel.Submission{AssignmentID: m.AssignmentId, IdempotencyKey: m.IdempotencyKey, Value: valueFromProto(m.Value), AnsweredAt: m.AnsweredAt.AsTime()}
}

func receiptToProto(r panel.Receipt) *pb.SubmitAnswerResponse {
	return &pb.SubmitAnswerResponse{AnswerId: r.AnswerID, Revision: r.Revision, ReceivedAt: timestamppb.New(r.ReceivedAt), Replayed: r.Replayed}
}

// CreateRecoveryCode makes a one-time code to sign another phone in.
func (h *PanellistHandler) CreateRecoveryCode(ctx context.Context, _ *connect.Request[pb.CreateRecoveryCodeRequest]) (*connect.Response[pb.CreateRecoveryCodeResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	c, err := h.panel.CreateRecoveryCode(ctx, who)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.CreateRecoveryCodeResponse{Code: c.Code, ExpiresAt: timestamppb.New(c.ExpiresAt)}), nil
}

// Recover exchanges a recovery code for a new session token.
func (h *PanellistHandler) Recover(ctx context.Context, req *connect.Request[pb.RecoverRequest]) (*connect.Response[pb.RecoverResponse], error) {
	e, err := h.panel.Recover(ctx, req.Msg.Tenant, req.Msg.RecoveryCode)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.RecoverResponse{SessionToken: e.SessionToken, PanellistId: e.PanellistID, DisplayName: e.Name}), nil
}

// EndSession signs this phone out.
func (h *PanellistHandler) EndSession(ctx context.Context, _ *connect.Request[pb.EndSessionRequest]) (*connect.Response[pb.EndSessionResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	ended, err := h.panel.EndSession(ctx, who)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	return connect.NewResponse(&pb.EndSessionResponse{Ended: ended}), nil
}

// ListMyFindings lists the findings the caller helped test with their
// outcome.
func (h *PanellistHandler) ListMyFindings(ctx context.Context, _ *connect.Request[pb.ListMyFindingsRequest]) (*connect.Response[pb.ListMyFindingsResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	fs, threshold, err := h.panel.MyFindings(ctx, who)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.ListMyFindingsResponse{SuppressionThreshold: int32(threshold)}
	for _, f := range fs {
		m := &pb.MyFinding{Id: f.ID, Statement: f.Statement, Status: findingStatusOfName[f.Status]}
		if e := f.Evidence; e != nil {
			m.Evidence = &pb.FindingEvidence{Respondents: int32(e.Respondents), Suppressed: e.Suppressed}
			if e.NetAgreement != nil {
				m.Evidence.NetAgreement = &e.NetAgreement.Estimate
				m.Evidence.NetAgreementLow, m.Evidence.NetAgreementHigh = e.NetAgreement.Lower, e.NetAgreement.Upper
			}
		}
		res.Findings = append(res.Findings, m)
	}
	return connect.NewResponse(res), nil
}
