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
	var ce *connect.Error
	if errors.As(err, &ce) {
		return ce
	}
	var ve *answer.ValidationError
	if errors.As(err, &ve) {
		return connect.NewError(connect.CodeInvalidArgument, ve)
	}
	if f, ok := fault.As(err); ok {
		codes := map[fault.Kind]connect.Code{
			fault.Invalid:            connect.CodeInvalidArgument,
			fault.NotFound:           connect.CodeNotFound,
			fault.FailedPrecondition: connect.CodeFailedPrecondition,
			fault.PermissionDenied:   connect.CodePermissionDenied,
			fault.Conflict:           connect.CodeAlreadyExists,
			fault.Exhausted:          connect.CodeResourceExhausted,
		}
		return connect.NewError(codes[f.Kind], errors.New(f.Message))
	}
	switch {
	case errors.Is(err, context.Canceled):
		return connect.NewError(connect.CodeCanceled, errors.New("the request was cancelled"))
	case errors.Is(err, context.DeadlineExceeded):
		return connect.NewError(connect.CodeDeadlineExceeded, errors.New("the request ran out of time"))
	case errors.Is(err, store.ErrNotFound):
		return connect.NewError(connect.CodeNotFound, errors.New("not found"))
	case errors.Is(err, store.ErrConflict):
		return connect.NewError(connect.CodeAlreadyExists, errors.New("it already exists"))
	}
	log.ErrorContext(ctx, "internal error", "err", err)
	return connect.NewError(connect.CodeInternal, errors.New("internal error"))
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
