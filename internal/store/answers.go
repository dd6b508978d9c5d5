package store

import (
	"context"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
)

// NewAnswer is one validated answer of a group commit, ready to store.
type NewAnswer struct {
	TenantID, AssignmentID, PanellistID, BusinessID, QuestionID int64
	Day                                                         time.Time
	QuestionVersion, Revision                                   int32
	IdempotencyKey                                              string
	// Value is the encoded answer (JSON).
	Value []byte
	// NumValue is the answer's number, when it has one.
	NumValue *float64
	// Codes are the option codes the answer holds.
	Codes                  []int32
	AnsweredAt, ReceivedAt time.Time
}

// WriteAnswers writes answers in one statement on q (PanelCommitWrite):
// it lays them out as the statement's column arrays, the codes of all
// answers as one flat array with each answer's start and count, since
// PostgreSQL arrays of arrays must be rectangular.
func WriteAnswers(ctx context.Context, q *dbsqlc.Queries, answers []NewAnswer) ([]dbsqlc.PanelCommitWriteRow, error) {
	n := len(answers)
	w := dbsqlc.PanelCommitWriteParams{
		TenantIds: make([]int64, n), AssignmentIds: make([]int64, n), PanellistIds: make([]int64, n),
		BusinessIds: make([]int64, n), QuestionIds: make([]int64, n), Days: make([]time.Time, n),
		QuestionVersions: make([]int32, n), Revisions: make([]int32, n), Keys: make([]string, n),
		Vals: make([]string, n), HasNums: make([]bool, n), NumValues: make([]float64, n),
		CodeStarts: make([]int32, n), CodeCounts: make([]int32, n), Codes: []int32{},
		AnsweredAts: make([]time.Time, n), ReceivedAts: make([]time.Time, n),
	}
	for i, a := range answers {
		w.TenantIds[i], w.AssignmentIds[i], w.PanellistIds[i] = a.TenantID, a.AssignmentID, a.PanellistID
		w.BusinessIds[i], w.QuestionIds[i], w.Days[i] = a.BusinessID, a.QuestionID, a.Day
		w.QuestionVersions[i], w.Revisions[i], w.Keys[i] = a.QuestionVersion, a.Revision, a.IdempotencyKey
		w.Vals[i] = string(a.Value)
		if a.NumValue != nil {
			w.HasNums[i], w.NumValues[i] = true, *a.NumValue
		}
		w.CodeStarts[i], w.CodeCounts[i] = int32(len(w.Codes)), int32(len(a.Codes))
		w.Codes = append(w.Codes, a.Codes...)
		w.AnsweredAts[i], w.ReceivedAts[i] = a.AnsweredAt, a.ReceivedAt
	}
	return q.PanelCommitWrite(ctx, w)
}
