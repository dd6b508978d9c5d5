package roundtable

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/panelpulse/panelpulse/gen/dbsqlc"
	"github.com/panelpulse/panelpulse/internal/calendar"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/store"
)

// codeAlphabet leaves out letters and digits read alike on a projector
// (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// codeLen is the length of a join code: 31^6 codes per programme, and
// wrong guesses are rate limited as enrolments are.
const codeLen = 6

// Room is a roundtable: a meeting whose attendees join with a short code.
type Room struct {
	ID         int64
	Title      string
	Date       calendar.Date
	Audience   string
	JoinCode   string
	Status     string
	FindingIDs []int64
	// Attendees is how many joined (filled by Rooms and GetRoom).
	Attendees int
}

// CreateRoom records a roundtable testing findings, each turned into its
// question now (the finding is then under test), and gives it a join code
// unique in the programme.
func (s *Service) CreateRoom(ctx context.Context, tenantID int64, title string, date calendar.Date, audience string, findingIDs []int64) (Room, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return Room{}, fault.New(fault.Invalid, "title: a roundtable needs a title")
	}
	for _, id := range findingIDs {
		f, qid, err := s.Get(ctx, tenantID, id)
		if err != nil {
			return Room{}, err
		}
		switch f.Status {
		case "draft", "testing":
		default:
			return Room{}, fault.New(fault.FailedPrecondition, "finding %d is already %s", id, f.Status)
		}
		if qid == nil {
			if _, err := s.question(ctx, tenantID, f); err != nil {
				return Room{}, err
			}
		}
	}
	for range 5 {
		code, err := newCode()
		if err != nil {
			return Room{}, fmt.Errorf("roundtable.CreateRoom: %w", err)
		}
		var r dbsqlc.Roundtable
		err = s.st.InTx(ctx, func(q *dbsqlc.Queries) error {
			var err error
			r, err = q.RoundtableInsert(ctx, dbsqlc.RoundtableInsertParams{
				TenantID: tenantID, Title: title, HeldOn: date.Time(time.UTC), Audience: strings.TrimSpace(audience),
				JoinCode: code, Now: s.clock.Now(),
			})
			if err != nil {
				return err
			}
			for _, id := range findingIDs {
				if err := q.RoundtableFindingInsert(ctx, dbsqlc.RoundtableFindingInsertParams{TenantID: tenantID, RoundtableID: r.ID, FindingID: id}); err != nil {
					return err
				}
			}
			return nil
		})
		if errors.Is(err, store.ErrConflict) {
			continue // the code is taken in this programme: draw another
		}
		if err != nil {
			return Room{}, fmt.Errorf("roundtable.CreateRoom: %w", err)
		}
		return Room{ID: r.ID, Title: r.Title, Date: date, Audience: r.Audience, JoinCode: r.JoinCode, Status: r.Status, FindingIDs: findingIDs}, nil
	}
	return Room{}, errors.New("roundtable.CreateRoom: no free join code after 5 draws")
}

// Joined is what an attendee gets on joining.
type Joined struct {
	Title    string
	Assigned int64
}

// Join records the panellist as an attendee of the open roundtable with
// the code and sends them its findings' questions at once, outside the
// daily cap, through the ad-hoc path. An unknown code and a closed
// roundtable's code get the same NotFound.
func (s *Service) Join(ctx context.Context, tenantID, panellistID int64, code string) (Joined, error) {
	code = NormalizeCode(code)
	r, err := s.st.Q.RoundtableGetOpenByCode(ctx, dbsqlc.RoundtableGetOpenByCodeParams{TenantID: tenantID, JoinCode: code})
	if errors.Is(err, store.ErrNotFound) {
		return Joined{}, fault.New(fault.NotFound, "no open roundtable has this code; check the code shown in the room")
	}
	if err != nil {
		return Joined{}, fmt.Errorf("roundtable.Join: %w", err)
	}
	if err := s.st.Q.RoundtableAttendeeInsert(ctx, dbsqlc.RoundtableAttendeeInsertParams{TenantID: tenantID, RoundtableID: r.ID, PanellistID: panellistID, Now: s.clock.Now()}); err != nil {
		return Joined{}, fmt.Errorf("roundtable.Join: %w", err)
	}
	qs, err := s.st.Q.RoundtableOpenQuestions(ctx, dbsqlc.RoundtableOpenQuestionsParams{TenantID: tenantID, RoundtableID: r.ID})
	if err != nil {
		return Joined{}, fmt.Errorf("roundtable.Join: %w", err)
	}
	out := Joined{Title: r.Title}
	if len(qs) == 0 {
		return out, nil
	}
	ah, err := s.planner.SendToAttendee(ctx, tenantID, panellistID, qs)
	if err != nil {
		return Joined{}, fmt.Errorf("roundtable.Join: %w", err)
	}
	out.Assigned = ah.Planned.AdHoc
	return out, nil
}

// NormalizeCode is a typed or scanned code as stored: upper case, without
// spaces or dashes.
func NormalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(code)))
}

func newCode() (string, error) {
	b := make([]byte, codeLen)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b), nil
}
