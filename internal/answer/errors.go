package answer

import (
	"errors"
	"fmt"
)

// ValidationError reports the first rule an answer (or a question spec)
// breaks. The RPC edge maps it to InvalidArgument and shows Error() to the
// user, so the message is a sentence that names the field and the rule.
type ValidationError struct {
	// Field is the JSON name of the offending field, e.g. "choices",
	// "other_text" or, for a spec, "options[2].code".
	Field string
	// Rule says what is wrong, e.g. "at most 3 selections are allowed, got 4".
	Rule string
}

// Error returns "field: rule".
func (e *ValidationError) Error() string {
	return e.Field + ": " + e.Rule
}

// ErrInvalidSpec is returned (wrapped) by Validate, Decode and friends when
// the question spec itself is invalid. It is the server's fault, not the
// panellist's, so it deliberately does not wrap a *ValidationError.
var ErrInvalidSpec = errors.New("answer: invalid question spec")

// invalid builds a *ValidationError with a formatted rule.
func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Rule: fmt.Sprintf(format, args...)}
}
