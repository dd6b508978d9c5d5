// Package fault carries errors meant for the caller: a kind that the RPC
// edge maps to a Connect code, and a sentence naming the rule broken.
package fault

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Kind classifies a caller-facing error.
type Kind int

// The kinds of caller-facing error.
const (
	Invalid Kind = iota + 1
	NotFound
	FailedPrecondition
	PermissionDenied
	Conflict
	Exhausted
	// Aborted means a concurrent change got in the way; a retry may work.
	Aborted
)

// Error is an error whose message may be shown to the caller.
type Error struct {
	Kind    Kind
	Message string
}

func (e *Error) Error() string { return e.Message }

// QuoteLen is the most characters of a string argument that a message
// repeats: a caller's value (a 1 MB key, a pasted document) is quoted by
// its first QuoteLen characters and "...", never echoed whole.
const QuoteLen = 40

// New returns an Error of kind with a formatted message. String
// arguments longer than QuoteLen characters are cut to their first
// QuoteLen characters followed by "...".
func New(kind Kind, format string, args ...any) error {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = Short(s)
		}
	}
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Short is s cut to its first QuoteLen characters and "..." when longer.
func Short(s string) string {
	if utf8.RuneCountInString(s) <= QuoteLen {
		return s
	}
	return string([]rune(s)[:QuoteLen]) + "..."
}

// As returns the Error inside err, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
