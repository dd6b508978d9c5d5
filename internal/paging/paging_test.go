package paging_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/paging"
)

func ids(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i + 1)
	}
	return out
}

func self(v int64) int64 { return v }

// TestWalksEveryRowOnce pages through 7 rows three at a time: 3, 3, 1, no
// row twice, and the last page has no token.
func TestWalksEveryRowOnce(t *testing.T) {
	all := ids(7)
	var got []int64
	tok := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		p, err := paging.Parse(3, tok, "wave=1")
		if err != nil {
			t.Fatal(err)
		}
		var rows []int64
		for _, v := range all {
			if v > p.After && int32(len(rows)) < p.Limit() {
				rows = append(rows, v)
			}
		}
		var page []int64
		page, tok = paging.Next(p, rows, self)
		got = append(got, page...)
		if tok == "" {
			break
		}
	}
	if len(got) != 7 || got[0] != 1 || got[6] != 7 {
		t.Fatalf("got %v, want 1..7", got)
	}
}

func TestSizes(t *testing.T) {
	for _, c := range []struct{ in, want int32 }{{0, paging.DefaultSize}, {7, 7}, {10_000, paging.MaxSize}} {
		p, err := paging.Parse(c.in, "", "")
		if err != nil || p.Size != c.want {
			t.Errorf("page_size %d: size %d, err %v; want %d", c.in, p.Size, err, c.want)
		}
	}
	if _, err := paging.Parse(-1, "", ""); !isInvalid(err, "negative") {
		t.Errorf("negative size: %v", err)
	}
}

// TestTokenBelongsToItsRequest: a token is refused for another filter and
// when it is not one the list issued.
func TestTokenBelongsToItsRequest(t *testing.T) {
	p, _ := paging.Parse(2, "", "status=live")
	_, tok := paging.Next(p, ids(3), self)
	if tok == "" {
		t.Fatal("no token for a full page")
	}
	if _, err := paging.Parse(2, tok, "status=live"); err != nil {
		t.Fatalf("own token refused: %v", err)
	}
	if _, err := paging.Parse(2, tok, "status=ended"); !isInvalid(err, "different request") {
		t.Errorf("token for another filter: %v", err)
	}
	for _, bad := range []string{"x", "e30", strings.Repeat("A", 40)} {
		if _, err := paging.Parse(2, bad, "status=live"); !isInvalid(err, "not one this list issued") {
			t.Errorf("token %q: %v", bad, err)
		}
	}
}

func isInvalid(err error, words string) bool {
	var f *fault.Error
	return errors.As(err, &f) && f.Kind == fault.Invalid && strings.Contains(f.Message, words)
}
