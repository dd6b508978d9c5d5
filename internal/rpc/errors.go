// Package rpc holds the Connect handlers of the four services. Handlers are
// thin: they check the caller, convert messages, call the domain packages
// and map errors to Connect codes in one place (toConnect).
package rpc

import (
	"context"
	"errors"
	"log/slog"

	"connectrpc.com/connect"

	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/fault"
	"github.com/panelpulse/panelpulse/internal/store"
)

// toConnect maps a domain error to a Connect error with a sentence for the
// caller. Errors without a caller-facing meaning are logged and reported as
// Internal without their text.
func toConnect(ctx context.Context, log *slog.Logger, err error) error {
	if err == nil {
		return nil
	}
	return connectError(ctx, log, err)
}

// connectError is toConnect for an error known not to be nil. Only a
// fault's message, a validation error or a sentence written here reaches
// the caller: the store's sentinels wrap the driver's text, which is
// logged, never sent.
func connectError(ctx context.Context, log *slog.Logger, err error) *connect.Error {
	var ce *connect.Error
	if errors.As(err, &ce) {
		return ce
	}
	var ve *answer.ValidationError
	if errors.As(err, &ve) {
		return connect.NewError(connect.CodeInvalidArgument, ve)
	}
	if f, ok := fault.As(err); ok {
		return connect.NewError(faultCodes[f.Kind], errors.New(f.Message))
	}
	switch {
	case errors.Is(err, context.Canceled):
		return connect.NewError(connect.CodeCanceled, errors.New("the request was cancelled"))
	case errors.Is(err, context.DeadlineExceeded):
		return connect.NewError(connect.CodeDeadlineExceeded, errors.New("the request ran out of time"))
	}
	if f, ok := store.Fault(err); ok {
		if f.Kind != fault.NotFound && f.Kind != fault.Conflict {
			log.InfoContext(ctx, "refused by the database", "err", err)
		}
		return connect.NewError(faultCodes[f.Kind], errors.New(f.Message))
	}
	log.ErrorContext(ctx, "internal error", "err", err)
	return connect.NewError(connect.CodeInternal, errors.New("internal error"))
}

// faultCodes are the Connect codes of the fault kinds.
var faultCodes = map[fault.Kind]connect.Code{
	fault.Invalid:            connect.CodeInvalidArgument,
	fault.NotFound:           connect.CodeNotFound,
	fault.FailedPrecondition: connect.CodeFailedPrecondition,
	fault.PermissionDenied:   connect.CodePermissionDenied,
	fault.Conflict:           connect.CodeAlreadyExists,
	fault.Exhausted:          connect.CodeResourceExhausted,
	fault.Aborted:            connect.CodeAborted,
}

// caller returns the authenticated principal; the auth interceptor
// guarantees one for every non-public procedure.
func caller(ctx context.Context) (auth.Principal, error) {
	p, ok := auth.FromContext(ctx)
	if !ok {
		return auth.Principal{}, connect.NewError(connect.CodeUnauthenticated, errors.New("missing credentials"))
	}
	return p, nil
}
