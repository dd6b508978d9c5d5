package rpc

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/panel"
)

// PanellistHandler serves PanellistService.
type PanellistHandler struct {
	panelpulsev1connect.UnimplementedPanellistServiceHandler
	panel *panel.Service
	log   *slog.Logger
}

var _ panelpulsev1connect.PanellistServiceHandler = (*PanellistHandler)(nil)

// NewPanellistHandler returns the handler.
func NewPanellistHandler(p *panel.Service, log *slog.Logger) (*PanellistHandler, error) {
	if p == nil || log == nil {
		return nil, errors.New("rpc.NewPanellistHandler: panel service and logger are required")
	}
	return &PanellistHandler{panel: p, log: log}, nil
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
	platform := strings.ToLower(strings.TrimPrefix(req.Msg.Platform.String(), "PLATFORM_"))
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
			Status:   pb.AssignmentStatus(pb.AssignmentStatus_value["ASSIGNMENT_STATUS_"+strings.ToUpper(o.Status)]),
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

// SubmitAnswers stores several answers, each accepted or rejected on its own.
func (h *PanellistHandler) SubmitAnswers(ctx context.Context, req *connect.Request[pb.SubmitAnswersRequest]) (*connect.Response[pb.SubmitAnswersResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	res := &pb.SubmitAnswersResponse{}
	for _, a := range req.Msg.Answers {
		r, err := h.panel.Submit(ctx, who, submissionFromProto(a))
		if err != nil {
			ce := toConnect(ctx, h.log, err).(*connect.Error)
			res.Results = append(res.Results, &pb.SubmitResult{ErrorCode: ce.Code().String(), ErrorMessage: ce.Message()})
			continue
		}
		res.Results = append(res.Results, &pb.SubmitResult{Accepted: receiptToProto(r)})
	}
	return connect.NewResponse(res), nil
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
