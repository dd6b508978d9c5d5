// Package fault carries errors meant for the caller: a kind that the RPC
// edge maps to a Connect code, and a sentence naming the rule broken.
package fault

import (
	"errors"
	"fmt"
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
)

// Error is an error whose message may be shown to the caller.
type Error struct {
	Kind    Kind
	Message string
}

func (e *Error) Error() string { return e.Message }

// New returns an Error of kind with a formatted message.
func New(kind Kind, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// As returns the Error inside err, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
