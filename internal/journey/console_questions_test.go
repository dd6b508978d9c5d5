package journey_test

import (
	"context"
	"fmt"
	"testing"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/browsertest"
)

const preview = `document.querySelector('[data-testid="phone-preview"]').shadowRoot`

// TestAdminEditsQuestions: the admin writes a new question, and the phone
// preview beside the form is the panellist app's own rendering of every
// type, following each edit live; saving creates it; revising a question
// that has answers makes version 2 beside version 1 and its answers;
// archiving takes a question out of the live list. At desktop size and on
// a 390 px phone, with no sideways scrolling.
func TestAdminEditsQuestions(t *testing.T) {
	t.Parallel()
	pr := newProgramme(t)
	ctx := context.Background()
	api := admin(pr.proc, pr.keys.Admin)
	list, err := api.ListQuestions(ctx, connect.NewRequest(&pb.ListQuestionsRequest{PageSize: 100}))
	if err != nil {
		t.Fatal(err)
	}
	answered := ""
	for _, q := range list.Msg.Questions {
		g, err := api.GetQuestion(ctx, connect.NewRequest(&pb.GetQuestionRequest{Key: q.Key}))
		if err != nil {
			t.Fatal(err)
		}
		if g.Msg.Versions[0].Answers > 0 && q.Spec.Type != pb.QuestionType_QUESTION_TYPE_TEXT {
			answered = q.Key
			break
		}
	}
	if answered == "" {
		t.Fatal("the demo should have an answered question")
	}

	for _, vp := range []struct {
		name string
		v    browsertest.Viewport
	}{{"desktop", browsertest.Desktop}, {"phone", browsertest.Phone}} {
		t.Run(vp.name, func(t *testing.T) {
			tab := browser.NewTab(t, pr.proc.URL, pr.proc.Clock.Now())
			tab.SetViewport(vp.v)
			tab.SignIn(pr.keys.Admin)
			goHash(tab, "#questions", `[data-testid="questions"] tr[data-key]`)
			rows := browsertest.Eval[int](tab, `document.querySelectorAll('[data-testid="questions"] tr[data-key]').length`)
			if rows != len(list.Msg.Questions) {
				t.Errorf("the list shows %d questions, the API %d", rows, len(list.Msg.Questions))
			}
			tab.Screenshot("questions-list")

			key := "cycle_to_work_" + vp.name
			goHash(tab, "#questions/new", `input[name="key"]`)
			fill(tab, `input[name="key"]`, key)
			fill(tab, `input[name="title"]`, "Cycling")
			fill(tab, `textarea[name="wording"]`, "How many of your staff cycle to work?")
			// Every type renders in the preview with the app's own controls.
			for _, c := range []struct {
				typ  pb.QuestionType
				expr string
			}{
				{pb.QuestionType_QUESTION_TYPE_SINGLE_CHOICE, `.querySelectorAll('input[type=radio]').length === 2`},
				{pb.QuestionType_QUESTION_TYPE_MULTIPLE_CHOICE, `.querySelectorAll('input[type=checkbox]').length === 2`},
				{pb.QuestionType_QUESTION_TYPE_SCALE, `.querySelectorAll('.scale input[type=radio]').length === 5`},
				{pb.QuestionType_QUESTION_TYPE_LIKERT, `.querySelector('.likert').textContent.includes('Strongly agree')`},
				{pb.QuestionType_QUESTION_TYPE_NUMBER, `.querySelector('input[inputmode], input[type=number], .number input') !== null`},
				{pb.QuestionType_QUESTION_TYPE_RANKING, `.querySelectorAll('.ranking li').length === 2`},
				{pb.QuestionType_QUESTION_TYPE_MATRIX, `.querySelectorAll('fieldset.row, .row').length >= 1`},
				{pb.QuestionType_QUESTION_TYPE_TEXT, `.querySelector('textarea') !== null`},
			} {
				pick(tab, `select[name="type"]`, fmt.Sprint(int32(c.typ)))
				waitJS(tab, preview+c.expr)
				if c.typ == pb.QuestionType_QUESTION_TYPE_MATRIX {
					tab.Screenshot("preview-matrix")
				}
			}
			pick(tab, `select[name="type"]`, fmt.Sprint(int32(pb.QuestionType_QUESTION_TYPE_SINGLE_CHOICE)))
			fill(tab, `input[name="option-0"]`, "Most of them")
			fill(tab, `input[name="option-1"]`, "Few or none")
			waitJS(tab, preview+`.textContent.includes('Most of them') && `+preview+`.querySelector('h2').textContent === 'Cycling'`)
			// The preview can be answered like the app.
			browsertest.Eval[bool](tab, preview+`.querySelector('input[type=radio]').click() || true`)
			waitJS(tab, preview+`.querySelector('input[type=radio]').checked`)
			if o := tab.HorizontalOverflow(); o > 0 {
				t.Errorf("at %dpx the editor scrolls %dpx sideways", vp.v.Width, o)
			}
			if v := tab.Violations(); len(v) > 0 {
				t.Errorf("the editor broke its Content-Security-Policy: %v", v)
			}
			tab.Screenshot("new-question-with-preview")
			tab.Do(chromedp.Click(chromedp.CSS(`.editor-form button[type="submit"]`)))
			tab.Do(chromedp.WaitVisible(chromedp.CSS(`[data-testid="versions"] tr[data-version="1"]`)))
			got, err := api.GetQuestion(ctx, connect.NewRequest(&pb.GetQuestionRequest{Key: key}))
			if err != nil {
				t.Fatal(err)
			}
			if q := got.Msg.Question; q.Version != 1 || q.Spec.Type != pb.QuestionType_QUESTION_TYPE_SINGLE_CHOICE ||
				len(q.Spec.Options) != 2 || q.Spec.Options[0].Label != "Most of them" || q.Wording != "How many of your staff cycle to work?" {
				t.Fatalf("stored question %v", q)
			}

			// Revising an answered question makes a new version.
			if vp.name == "desktop" {
				goHash(tab, "#questions/"+answered, `[data-testid="versions"] tr[data-version="1"]`)
				before := tab.Text(`[data-testid="versions"] tr[data-version="1"] td.num`)
				if disabled := browsertest.Eval[bool](tab, `document.querySelector('select[name="type"]').disabled`); !disabled {
					t.Error("the type of an answered question can be changed")
				}
				fill(tab, `textarea[name="wording"]`, "Thinking of the last month, how do you see it?")
				tab.Do(chromedp.Click(chromedp.CSS(`.editor-form button[type="submit"]`)))
				tab.Do(chromedp.WaitVisible(chromedp.CSS(`[data-testid="versions"] tr[data-version="2"]`)))
				hist, err := api.GetQuestion(ctx, connect.NewRequest(&pb.GetQuestionRequest{Key: answered}))
				if err != nil {
					t.Fatal(err)
				}
				if len(hist.Msg.Versions) != 2 || fmt.Sprint(hist.Msg.Versions[0].Answers) != before || hist.Msg.Versions[1].Answers != 0 {
					t.Fatalf("versions after the revision %v (version 1 showed %s answers)", hist.Msg.Versions, before)
				}
				tab.Screenshot("question-version-2")
			}

			// Archiving.
			goHash(tab, "#questions/"+key, `[data-testid="versions"]`)
			tab.Do(chromedp.Click(chromedp.CSS(`.editor-form .actions button[type="button"]`)))
			tab.Do(chromedp.WaitVisible(chromedp.CSS(`[data-testid="archived-note"]`)))
			got, err = api.GetQuestion(ctx, connect.NewRequest(&pb.GetQuestionRequest{Key: key}))
			if err != nil || !got.Msg.Question.Archived {
				t.Fatalf("after Archive the API says %v (%v)", got, err)
			}
			goHash(tab, "#questions?archived=1", `[data-testid="questions"] tr[data-key=`+fmt.Sprintf("%q", key)+`]`)
			goHash(tab, "#questions", `[data-testid="questions"] tr[data-key]`)
			if n := browsertest.Eval[int](tab, fmt.Sprintf(`document.querySelectorAll('tr[data-key=%q]').length`, key)); n != 0 {
				t.Errorf("the archived question is still in the live list")
			}
		})
	}
}
