package rpc

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"connectrpc.com/connect"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/bank"
	"github.com/panelpulse/panelpulse/internal/observatory"
	"github.com/panelpulse/panelpulse/internal/stats"
	"github.com/panelpulse/panelpulse/internal/verbatim"
)

// microBatch is the number of micro-data rows per streamed message.
const microBatch = 500

// ObservatoryHandler serves ObservatoryService.
type ObservatoryHandler struct {
	panelpulsev1connect.UnimplementedObservatoryServiceHandler
	obs  *observatory.Service
	bank *bank.Bank
	verb *verbatim.Service
	log  *slog.Logger
}

var _ panelpulsev1connect.ObservatoryServiceHandler = (*ObservatoryHandler)(nil)

// NewObservatoryHandler returns the handler.
func NewObservatoryHandler(o *observatory.Service, b *bank.Bank, v *verbatim.Service, log *slog.Logger) (*ObservatoryHandler, error) {
	if o == nil || b == nil || v == nil || log == nil {
		return nil, errors.New("rpc.NewObservatoryHandler: observatory, bank, verbatims and logger are required")
	}
	return &ObservatoryHandler{obs: o, bank: b, verb: v, log: log}, nil
}

// ListVerbatims lists the free-text answers of shown cells.
func (h *ObservatoryHandler) ListVerbatims(ctx context.Context, req *connect.Request[pb.ListVerbatimsRequest]) (*connect.Response[pb.ListVerbatimsResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	page, err := h.verb.List(ctx, who.TenantID, verbatim.Request{QuestionKey: m.QuestionKey, Period: periodNames[m.Period],
		Dimension: dimensionNames[m.Dimension], WaveID: m.WaveId, PageSize: m.PageSize, PageToken: m.PageToken})
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.ListVerbatimsResponse{Question: questionToProto(page.Question), NextPageToken: page.Next,
		SuppressionThreshold: int32(page.Threshold), WithheldCells: int32(page.WithheldCells)}
	for _, v := range page.Verbatims {
		res.Verbatims = append(res.Verbatims, &pb.Verbatim{AnswerId: v.AnswerID, Day: v.Day, Period: v.Period, Segment: v.Segment, Text: v.Text})
	}
	return connect.NewResponse(res), nil
}

// ListCodebook lists every question version.
func (h *ObservatoryHandler) ListCodebook(ctx context.Context, _ *connect.Request[pb.ListCodebookRequest]) (*connect.Response[pb.ListCodebookResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	qs, err := h.bank.Codebook(ctx, who.TenantID)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.ListCodebookResponse{}
	for _, q := range qs {
		res.Questions = append(res.Questions, questionToProto(q))
	}
	ws, err := h.verb.Waves(ctx, who.TenantID)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	for _, w := range ws {
		res.Waves = append(res.Waves, &pb.ObservatoryWave{Id: w.ID, Name: w.Name,
			StartDate: w.StartDate.Format(time.DateOnly), EndDate: w.EndDate.Format(time.DateOnly)})
	}
	return connect.NewResponse(res), nil
}

// trendRequest maps the proto request to the domain's.
func trendRequest(m *pb.GetTrendRequest) observatory.Request {
	r := observatory.Request{QuestionKey: m.QuestionKey, WaveID: m.WaveId, Weighted: m.Weighted}
	r.Period = periodNames[m.Period]
	r.Dimension = dimensionNames[m.Dimension]
	return r
}

// GetTrend returns a trend series.
func (h *ObservatoryHandler) GetTrend(ctx context.Context, req *connect.Request[pb.GetTrendRequest]) (*connect.Response[pb.GetTrendResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	tr, err := h.obs.Trend(ctx, who.TenantID, trendRequest(req.Msg))
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.GetTrendResponse{Question: questionToProto(tr.Question), SuppressionThreshold: int32(tr.Threshold),
		Weighted: tr.Weighted, WeightNote: tr.WeightNote}
	for _, c := range tr.Cells {
		res.Cells = append(res.Cells, cellToProto(c))
	}
	// A question of one version has no break to mark.
	var vs []dbsqlc.DashboardVersionStartsRow
	if tr.Question.Version > 1 {
		if vs, err = h.verb.VersionStarts(ctx, who.TenantID, tr.Question.ID); err != nil {
			return nil, toConnect(ctx, h.log, err)
		}
	}
	for _, v := range vs {
		res.VersionStarts = append(res.VersionStarts, &pb.VersionStart{Version: v.QuestionVersion, FirstDay: v.FirstDay.Format(time.DateOnly)})
	}
	return connect.NewResponse(res), nil
}

// GetRankings returns the ranking statistics of a ranking question over all
// its days, by segment.
func (h *ObservatoryHandler) GetRankings(ctx context.Context, req *connect.Request[pb.GetRankingsRequest]) (*connect.Response[pb.GetRankingsResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	tr, err := h.obs.Trend(ctx, who.TenantID, trendRequest(&pb.GetTrendRequest{
		QuestionKey: req.Msg.QuestionKey, Period: pb.Period_PERIOD_WAVE, Dimension: req.Msg.Dimension}))
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	res := &pb.GetRankingsResponse{}
	for _, c := range tr.Cells {
		rc := &pb.RankingCell{Segment: c.Segment, Respondents: int32(c.Respondents), Suppressed: c.Suppressed}
		for _, r := range c.Ranks {
			rc.Items = append(rc.Items, &pb.RankedItem{Code: r.Code, Label: r.Label, MeanRank: deref(r.MeanRank), Borda: r.Borda, Top3Share: r.TopShare})
		}
		res.Cells = append(res.Cells, rc)
	}
	return connect.NewResponse(res), nil
}

// ExportTrend streams a trend series as tidy long rows.
func (h *ObservatoryHandler) ExportTrend(ctx context.Context, req *connect.Request[pb.ExportTrendRequest], stream *connect.ServerStream[pb.ExportTrendResponse]) error {
	who, err := caller(ctx)
	if err != nil {
		return err
	}
	tr, err := h.obs.Trend(ctx, who.TenantID, trendRequest(req.Msg.Trend))
	if err != nil {
		return toConnect(ctx, h.log, err)
	}
	msg := &pb.ExportTrendResponse{}
	for _, r := range observatory.Tidy(tr) {
		msg.Rows = append(msg.Rows, &pb.TrendRow{QuestionKey: r.QuestionKey, QuestionVersion: r.QuestionVersion,
			PeriodType: r.PeriodType, Period: r.Period, PeriodStart: r.PeriodStart, Dimension: r.Dimension,
			Segment: r.Segment, Statistic: r.Statistic, Value: r.Value, CiLow: r.CILow, CiHigh: r.CIHigh,
			N: int32(r.N), NEff: r.NEff, Weighted: r.Weighted, Suppressed: r.Suppressed,
			BusinessDays: int32(r.BusinessDays), WeightNote: r.WeightNote})
		if len(msg.Rows) == microBatch {
			if err := stream.Send(msg); err != nil {
				return err
			}
			msg = &pb.ExportTrendResponse{}
		}
	}
	if len(msg.Rows) > 0 {
		return stream.Send(msg)
	}
	return nil
}

// ExportMicrodata streams one row per latest answer, in batches.
func (h *ObservatoryHandler) ExportMicrodata(ctx context.Context, req *connect.Request[pb.ExportMicrodataRequest], stream *connect.ServerStream[pb.ExportMicrodataResponse]) error {
	who, err := caller(ctx)
	if err != nil {
		return err
	}
	msg := &pb.ExportMicrodataResponse{}
	err = h.obs.Microdata(ctx, who.TenantID, req.Msg.QuestionKey, func(r *observatory.MicroRow) error {
		msg.Rows = append(msg.Rows, microToProto(r))
		if len(msg.Rows) < microBatch {
			return nil
		}
		if err := stream.Send(msg); err != nil {
			return err
		}
		msg = &pb.ExportMicrodataResponse{}
		return nil
	})
	if err != nil {
		return toConnect(ctx, h.log, err)
	}
	if len(msg.Rows) > 0 {
		return stream.Send(msg)
	}
	return nil
}

func microToProto(r *observatory.MicroRow) *pb.MicrodataRow {
	v := &pb.AnswerValue{Number: r.Value, DontKnow: r.DontKnow}
	return &pb.MicrodataRow{Respondent: r.Respondent, QuestionKey: r.QuestionKey, QuestionVersion: r.QuestionVersion,
		Day: r.Day, Sector: r.Sector, SizeBand: r.SizeBand, District: r.District, Revision: r.Revision, Value: v,
		Codes: r.Codes, Matrix: r.Matrix, AnswerId: r.AnswerID, Business: r.Business, Stratum: r.Stratum, Weight: r.Weight}
}

func cellToProto(c observatory.Cell) *pb.TrendCell {
	out := &pb.TrendCell{
		Period: c.Period, PeriodStart: c.PeriodStart, Segment: c.Segment, Respondents: int32(c.Respondents),
		People: int32(c.People), Assigned: int32(c.Assigned), ResponseRate: c.ResponseRate,
		Suppressed: c.Suppressed, Suppression: c.Suppression, NEff: c.NEff, BusinessDays: int32(c.BusinessDays),
		Mean: c.Mean, Sd: c.SD, CiLow: c.CILow, CiHigh: c.CIHigh, Median: c.Median,
		MeanChange: changeToProto(c.MeanChange), NetAgreement: estimateToProto(c.NetAgreement),
		NetBalance: estimateToProto(c.NetBalance),
	}
	for _, s := range c.Shares {
		out.Shares = append(out.Shares, &pb.OptionShare{Code: s.Code, Label: s.Label, Share: s.Share.Estimate, CiLow: s.Share.Lower, CiHigh: s.Share.Upper})
		ch := changeToProto(s.Change)
		if ch == nil {
			ch = &pb.Change{}
		}
		out.ShareChanges = append(out.ShareChanges, ch)
	}
	for _, r := range c.Ranks {
		out.Ranks = append(out.Ranks, &pb.RankedItem{Code: r.Code, Label: r.Label, MeanRank: deref(r.MeanRank), Borda: r.Borda, Top3Share: r.TopShare})
	}
	out.Rolling = rollingToProto(c.Rolling)
	for _, r := range c.Rows {
		out.Rows = append(out.Rows, &pb.MatrixRow{Code: r.Code, Label: r.Label, Respondents: int32(r.Respondents),
			Suppressed: r.Suppressed, NEff: r.NEff, Mean: r.Mean, Sd: r.SD, CiLow: r.CILow, CiHigh: r.CIHigh,
			Median: r.Median, MeanChange: changeToProto(r.MeanChange), Rolling: rollingToProto(r.Rolling)})
	}
	return out
}

func rollingToProto(ro *observatory.Rolling) *pb.RollingMean {
	if ro == nil {
		return nil
	}
	return &pb.RollingMean{Respondents: int32(ro.Respondents), Suppressed: ro.Suppressed, Complete: ro.Complete,
		Mean: ro.Mean, CiLow: ro.CILow, CiHigh: ro.CIHigh}
}

func changeToProto(c *observatory.Change) *pb.Change {
	if c == nil {
		return nil
	}
	return &pb.Change{Difference: c.Difference, Statistic: c.Statistic, PValue: c.PValue, Significant: c.Significant, Tested: true}
}

func estimateToProto(i *stats.Interval) *pb.Estimate {
	if i == nil {
		return nil
	}
	return &pb.Estimate{Estimate: i.Estimate, Lower: i.Lower, Upper: i.Upper}
}

// deref gives 0 for nil (an item nobody ranked has no mean rank).
func deref(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}
