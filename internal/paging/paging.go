// Package paging reads and writes the pages of list calls (AIP-158): a
// page_size with a default and a maximum, and an opaque page_token that
// says where the next page starts and which request it belongs to. Lists
// page by keyset (the last row's id), so a page never repeats or skips a
// row when rows are added between calls.
package paging

import (
	"encoding/base64"
	"encoding/json"
	"hash/fnv"

	"github.com/panelpulse/panelpulse/internal/fault"
)

// Sizes every list uses.
const (
	// DefaultSize is the page size when the caller gives none.
	DefaultSize = 50
	// MaxSize is the largest page; a larger page_size is coerced to it.
	MaxSize = 500
)

// Page is where one page starts and how many rows it holds.
type Page struct {
	// Size is the number of rows to return.
	Size int32
	// After is the keyset cursor: the page holds rows after this id
	// (0 on the first page). Lists ordered newest first read it as
	// "before"; the list decides, the token only carries it.
	After  int64
	filter uint64
}

type token struct {
	After  int64  `json:"a"`
	Filter uint64 `json:"f"`
}

// Parse reads a request's page_size and page_token. filter is the rest of
// the request in a stable form (its filters and order, not the page
// fields): a token is only good for the request it was issued for.
func Parse(size int32, pageToken, filter string) (Page, error) {
	if size < 0 {
		return Page{}, fault.New(fault.Invalid, "page_size must not be negative (got %d)", size)
	}
	if size == 0 {
		size = DefaultSize
	}
	if size > MaxSize {
		size = MaxSize
	}
	p := Page{Size: size, filter: hash(filter)}
	if pageToken == "" {
		return p, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(pageToken)
	var t token
	if err == nil {
		err = json.Unmarshal(raw, &t)
	}
	if err != nil || t.After <= 0 {
		return Page{}, fault.New(fault.Invalid, "page_token is not one this list issued")
	}
	if t.Filter != p.filter {
		return Page{}, fault.New(fault.Invalid, "page_token was issued for a different request: keep every other field as it was on the first page")
	}
	p.After = t.After
	return p, nil
}

// Limit is the number of rows to fetch: one more than the page, so that
// Next can tell whether another page follows.
func (p Page) Limit() int32 { return p.Size + 1 }

// Next trims rows fetched with Limit to the page and returns them with the
// next_page_token: empty on the last page. id gives a row's keyset id.
func Next[T any](p Page, rows []T, id func(T) int64) ([]T, string) {
	if int32(len(rows)) <= p.Size {
		return rows, ""
	}
	rows = rows[:p.Size]
	b, _ := json.Marshal(token{After: id(rows[len(rows)-1]), Filter: p.filter})
	return rows, base64.RawURLEncoding.EncodeToString(b)
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}
