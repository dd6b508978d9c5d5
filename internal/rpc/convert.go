package rpc

import (
	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/bank"
)

func typeToProto(t answer.Type) pb.QuestionType { return typeOfName[t] }

func themeFromProto(t pb.Theme) string { return themeNames[t] }

func themeToProto(s string) pb.Theme { return themeOfName[s] }

func optionsFromProto(os []*pb.Option) []answer.Option {
	out := make([]answer.Option, 0, len(os))
	for _, o := range os {
		out = append(out, answer.Option{Code: o.Code, Label: o.Label, Exclusive: o.Exclusive, Other: o.Other, Direction: o.Direction})
	}
	return out
}

func optionsToProto(os []answer.Option) []*pb.Option {
	out := make([]*pb.Option, 0, len(os))
	for _, o := range os {
		out = append(out, &pb.Option{Code: o.Code, Label: o.Label, Exclusive: o.Exclusive, Other: o.Other, Direction: o.Direction})
	}
	return out
}

func specFromProto(s *pb.QuestionSpec) answer.Spec {
	return answer.Spec{
		Type: typeNames[s.GetType()], Options: optionsFromProto(s.GetOptions()),
		MinSelections: s.GetMinSelections(), MaxSelections: s.GetMaxSelections(),
		ScaleMin: s.GetScaleMin(), ScaleMax: s.GetScaleMax(), MinLabel: s.GetMinLabel(), MaxLabel: s.GetMaxLabel(),
		AllowDontKnow: s.GetAllowDontKnow(), Rows: optionsFromProto(s.GetRows()),
		NumberMin: s.NumberMin, NumberMax: s.NumberMax, Integer: s.GetInteger(), Percent: s.GetPercent(), Unit: s.GetUnit(),
		TopK: s.GetTopK(), MaxLength: s.GetMaxLength(),
	}
}

func specToProto(s answer.Spec) *pb.QuestionSpec {
	return &pb.QuestionSpec{
		Type: typeToProto(s.Type), Options: optionsToProto(s.Options),
		MinSelections: s.MinSelections, MaxSelections: s.MaxSelections,
		ScaleMin: s.ScaleMin, ScaleMax: s.ScaleMax, MinLabel: s.MinLabel, MaxLabel: s.MaxLabel,
		AllowDontKnow: s.AllowDontKnow, Rows: optionsToProto(s.Rows),
		NumberMin: s.NumberMin, NumberMax: s.NumberMax, Integer: s.Integer, Percent: s.Percent, Unit: s.Unit,
		TopK: s.TopK, MaxLength: s.MaxLength,
	}
}

func questionToProto(q bank.Question) *pb.Question {
	return &pb.Question{Key: q.Key, Version: q.Version, Theme: themeToProto(q.Theme), Title: q.Title, Wording: q.Wording, Spec: specToProto(q.Spec), Archived: q.Archived}
}

func valueFromProto(v *pb.AnswerValue) answer.Value {
	out := answer.Value{
		Choice: v.Choice, Choices: v.GetChoices(), OtherText: v.GetOtherText(), Scale: v.Scale,
		DontKnow: v.GetDontKnow(), Number: v.Number, Ranking: v.GetRanking(), Text: v.GetText(),
	}
	if len(v.GetMatrix()) > 0 {
		out.Matrix = v.GetMatrix()
	}
	return out
}

func valueToProto(v answer.Value) *pb.AnswerValue {
	return &pb.AnswerValue{
		Choice: v.Choice, Choices: v.Choices, OtherText: v.OtherText, Scale: v.Scale, DontKnow: v.DontKnow,
		Number: v.Number, Ranking: v.Ranking, Matrix: v.Matrix, Text: v.Text,
	}
}
