// Package bank is the question bank: stable keys, themes and versioned
// definitions. A changed definition becomes a new version, as long as its
// answers stay comparable with the earlier versions' (trend series pool a
// key's versions); answers keep the version they answered.
package bank

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/store"
)

// Themes a question may have.
var Themes = []string{"recruitment_confidence", "training_investment", "knowledge", "skills", "behaviours", "finding_test", "other"}

// Question is one version of a question.
type Question struct {
	ID      int64
	Key     string
	Theme   string
	Version int32
	Title   string
	Wording string
	Spec    answer.Spec
	// Archived is set on an archived question.
	Archived bool
}

// Input is what an admin supplies to create or revise a question.
type Input struct {
	Key     string
	Theme   string
	Title   string
	Wording string
	Spec    answer.Spec
}

// Bank reads and writes questions.
type Bank struct {
	st *store.Store
}

// New returns a Bank over st.
func New(st *store.Store) (*Bank, error) {
	if st == nil {
		return nil, errors.New("bank.New: store is nil")
	}
	return &Bank{st: st}, nil
}

// Save creates the question, or a new version when its definition differs
// from the latest; created is false when nothing changed.
func (b *Bank) Save(ctx context.Context, tenantID int64, in Input) (q Question, created bool, err error) {
	return b.save(ctx, tenantID, in, false)
}

// Revise is Save for a question that must already exist: it makes a new
// version when the definition changed (NotFound for an unknown key).
func (b *Bank) Revise(ctx context.Context, tenantID int64, in Input) (q Question, created bool, err error) {
	return b.save(ctx, tenantID, in, true)
}

func (b *Bank) save(ctx context.Context, tenantID int64, in Input, mustExist bool) (q Question, created bool, err error) {
	if !validTheme(in.Theme) {
		return Question{}, false, fault.New(fault.Invalid, "theme: %q is not one of %v", in.Theme, Themes)
	}
	if err := in.Spec.Validate(); err != nil {
		return Question{}, false, err
	}
	spec, err := encodeSpec(in.Spec)
	if err != nil {
		return Question{}, false, fmt.Errorf("bank.Save: %w", err)
	}
	err = b.st.InTx(ctx, func(tx *dbsqlc.Queries) error {
		cur, err := tx.QuestionGetLatestByKey(ctx, dbsqlc.QuestionGetLatestByKeyParams{TenantID: tenantID, Key: in.Key})
		var id int64
		version := int32(1)
		switch {
		case errors.Is(err, store.ErrNotFound) && mustExist:
			return fault.New(fault.NotFound, "question %q does not exist", in.Key)
		case errors.Is(err, store.ErrNotFound):
			if id, err = tx.QuestionInsert(ctx, dbsqlc.QuestionInsertParams{TenantID: tenantID, Key: in.Key, Theme: in.Theme}); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if cur.ArchivedAt != nil {
				return fault.New(fault.FailedPrecondition, "question %q is archived; restore it before revising it", in.Key)
			}
			id, version = cur.ID, cur.Version+1
			if cur.Title == in.Title && cur.Wording == in.Wording && cur.Theme == in.Theme && bytes.Equal(compact(cur.Spec), spec) {
				q, err = fromRow(cur.ID, cur.Key, cur.Theme, cur.Version, cur.Title, cur.Wording, cur.Spec)
				return err
			}
			prev, err := fromRow(cur.ID, cur.Key, cur.Theme, cur.Version, cur.Title, cur.Wording, cur.Spec)
			if err != nil {
				return err
			}
			if why := comparable(prev.Spec, in.Spec); why != nil {
				return notComparable(in.Key, cur.Version, why)
			}
		}
		if err := tx.QuestionVersionInsert(ctx, dbsqlc.QuestionVersionInsertParams{
			TenantID: tenantID, QuestionID: id, Version: version, Type: string(in.Spec.Type),
			Title: in.Title, Wording: in.Wording, Spec: spec,
		}); err != nil {
			return err
		}
		if err := tx.QuestionSetLatest(ctx, dbsqlc.QuestionSetLatestParams{TenantID: tenantID, ID: id, Version: version, Theme: in.Theme}); err != nil {
			return err
		}
		created = true
		q = Question{ID: id, Key: in.Key, Theme: in.Theme, Version: version, Title: in.Title, Wording: in.Wording, Spec: in.Spec}
		return nil
	})
	if err != nil {
		return Question{}, false, fmt.Errorf("bank.Save: %w", err)
	}
	return q, created, nil
}

// Latest returns the latest version of the question with key.
func (b *Bank) Latest(ctx context.Context, tenantID int64, key string) (Question, error) {
	r, err := b.st.Q.QuestionGetLatestByKey(ctx, dbsqlc.QuestionGetLatestByKeyParams{TenantID: tenantID, Key: key})
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return Question{}, fault.New(fault.NotFound, "question %q does not exist", key)
		}
		return Question{}, fmt.Errorf("bank.Latest: %w", err)
	}
	q, err := fromRow(r.ID, r.Key, r.Theme, r.Version, r.Title, r.Wording, r.Spec)
	q.Archived = r.ArchivedAt != nil
	return q, err
}

// Filter selects a page of questions.
type Filter struct {
	// Theme keeps one theme ("" for every theme).
	Theme string
	// Archived lists the archived questions instead of the live ones.
	Archived bool
}

// Page returns up to limit latest versions with ids above after, by id.
func (b *Bank) Page(ctx context.Context, tenantID int64, f Filter, after int64, limit int32) ([]Question, error) {
	rows, err := b.st.Q.QuestionListPage(ctx, dbsqlc.QuestionListPageParams{
		TenantID: tenantID, After: after, Theme: f.Theme, Archived: f.Archived, Lim: limit,
	})
	if err != nil {
		return nil, fmt.Errorf("bank.Page: %w", err)
	}
	out := make([]Question, 0, len(rows))
	for _, r := range rows {
		q, err := fromRow(r.ID, r.Key, r.Theme, r.Version, r.Title, r.Wording, r.Spec)
		if err != nil {
			return nil, err
		}
		q.Archived = r.ArchivedAt != nil
		out = append(out, q)
	}
	return out, nil
}

// Version is one version of a question with the answers it holds.
type Version struct {
	Question
	CreatedAt time.Time
	Answers   int32
}

// History returns every version of the question with key, oldest first.
func (b *Bank) History(ctx context.Context, tenantID int64, key string) ([]Version, error) {
	cur, err := b.Latest(ctx, tenantID, key)
	if err != nil {
		return nil, err
	}
	rows, err := b.st.Q.QuestionVersionHistory(ctx, dbsqlc.QuestionVersionHistoryParams{TenantID: tenantID, QuestionID: cur.ID})
	if err != nil {
		return nil, fmt.Errorf("bank.History: %w", err)
	}
	out := make([]Version, 0, len(rows))
	for _, r := range rows {
		q, err := fromRow(cur.ID, cur.Key, cur.Theme, r.Version, r.Title, r.Wording, r.Spec)
		if err != nil {
			return nil, err
		}
		q.Archived = cur.Archived
		out = append(out, Version{Question: q, CreatedAt: r.CreatedAt, Answers: r.Answers})
	}
	return out, nil
}

// SetArchived archives the question with key at the instant at, or
// restores it when at is nil, and returns its latest version.
func (b *Bank) SetArchived(ctx context.Context, tenantID int64, key string, at *time.Time) (Question, error) {
	cur, err := b.Latest(ctx, tenantID, key)
	if err != nil {
		return Question{}, err
	}
	if cur.Archived == (at != nil) {
		return cur, nil
	}
	if err := b.st.Q.QuestionSetArchived(ctx, dbsqlc.QuestionSetArchivedParams{TenantID: tenantID, ID: cur.ID, ArchivedAt: at}); err != nil {
		return Question{}, fmt.Errorf("bank.SetArchived: %w", err)
	}
	cur.Archived = at != nil
	return cur, nil
}

// List returns the latest version of every question, by key.
func (b *Bank) List(ctx context.Context, tenantID int64) ([]Question, error) {
	rows, err := b.st.Q.QuestionListLatest(ctx, tenantID)
	if err != nil {
		return nil, fmt.Errorf("bank.List: %w", err)
	}
	return questionsOf(rows)
}

// Codebook returns every version of every question, by key and version.
func (b *Bank) Codebook(ctx context.Context, tenantID int64) ([]Question, error) {
	rows, err := b.st.Q.QuestionVersionListAll(ctx, tenantID)
	if err != nil {
		return nil, fmt.Errorf("bank.Codebook: %w", err)
	}
	return questionsOf(rows)
}

// questionRow is a query row holding one version of a question.
type questionRow interface {
	dbsqlc.QuestionListLatestRow | dbsqlc.QuestionVersionListAllRow
}

func questionsOf[R questionRow](rows []R) ([]Question, error) {
	out := make([]Question, 0, len(rows))
	for _, row := range rows {
		r := dbsqlc.QuestionListLatestRow(row) // the same columns
		q, err := fromRow(r.ID, r.Key, r.Theme, r.Version, r.Title, r.Wording, r.Spec)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

func validTheme(t string) bool {
	for _, x := range Themes {
		if x == t {
			return true
		}
	}
	return false
}
