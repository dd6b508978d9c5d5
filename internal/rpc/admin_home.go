package rpc

import (
	"context"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// GetProgrammeHome returns the console's first screen.
func (h *AdminHandler) GetProgrammeHome(ctx context.Context, _ *connect.Request[pb.GetProgrammeHomeRequest]) (*connect.Response[pb.GetProgrammeHomeResponse], error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	home, err := h.admin.ProgrammeHome(ctx, who.TenantID)
	if err != nil {
		return nil, toConnect(ctx, h.log, err)
	}
	t := home.Today
	res := &pb.GetProgrammeHomeResponse{
		TenantName: home.TenantName, FrameImported: home.FrameImported,
		Today: &pb.DayCounts{
			Day: t.Day.String(), Counts: countsMessage(t.Counts),
			FirstPushesSent: t.FirstPushesSent, RemindersSent: t.RemindersSent,
		},
	}
	for _, s := range home.Coverage {
		res.Coverage = append(res.Coverage, &pb.CoverageStratum{
			Sector: s.Sector, SizeBand: s.SizeBand, PanelBusinesses: s.PanelBusinesses, ActivePanellists: s.ActivePanellists,
			FrameBusinesses: s.FrameBusinesses, InFrame: s.InFrame, TargetBusinesses: s.Target, Shortfall: s.Shortfall,
		})
	}
	for _, w := range home.Live {
		res.LiveWaves = append(res.LiveWaves, &pb.LiveWave{
			Wave: &pb.Wave{Id: w.Wave.ID, Name: w.Wave.Name, StartDate: w.Wave.Start.String(), EndDate: w.Wave.End.String(),
				WorkingDays: w.Wave.WorkingDays, PlanItems: w.Wave.PlanItems},
			DayNumber: w.DayNumber, Counts: countsMessage(w.Counts),
		})
	}
	return connect.NewResponse(res), nil
}
