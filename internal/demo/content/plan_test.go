package content

import (
	"strings"
	"testing"
)

func TestWavePlan(t *testing.T) {
	t.Parallel()
	bank := make(map[string]bool)
	for _, q := range QuestionBank() {
		bank[q.Key] = true
	}
	sectors := make(map[string]bool)
	for _, r := range SectorMap() {
		sectors[r.Sector] = true
	}
	perDay := make(map[int]int)
	used := make(map[string]bool)
	weekly := map[string]map[int]bool{keyRecruitConfidence: {}, keyTrainingSpend: {}}
	for _, it := range WavePlan() {
		if it.Day < 0 || it.Day >= WaveDays {
			t.Errorf("%+v: day outside 0..%d", it, WaveDays-1)
		}
		if !bank[it.QuestionKey] {
			t.Errorf("%+v: no such question", it)
		}
		if it.Segment != SegmentAll {
			name, ok := strings.CutPrefix(it.Segment, "sector:")
			if !ok || !sectors[name] {
				t.Errorf("%+v: segment is neither %q nor sector:<a sector>", it, SegmentAll)
			}
		}
		perDay[it.Day]++
		used[it.QuestionKey] = true
		if w, ok := weekly[it.QuestionKey]; ok {
			w[it.Day/5] = true
		}
	}
	for day := range WaveDays {
		if n := perDay[day]; n < 1 || n > 2 {
			t.Errorf("day %d has %d questions, want 1 or 2", day, n)
		}
	}
	for key := range bank {
		if !used[key] {
			t.Errorf("question %s is never asked", key)
		}
	}
	for key, weeks := range weekly {
		if len(weeks) != WaveDays/5 {
			t.Errorf("trend question %s is asked in %d weeks, want every one of %d", key, len(weeks), WaveDays/5)
		}
	}
}
