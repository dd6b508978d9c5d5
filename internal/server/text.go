package server

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// textInterceptor refuses any request whose strings hold a NUL byte or
// invalid UTF-8, with InvalidArgument naming the field (its path, such as
// "options[2].label"). It walks the decoded message with protoreflect, so
// it covers every procedure, every nested message, list and map, and the
// CSV import bodies (which are string fields), without a rule per field.
// PostgreSQL cannot store NUL in text, and a NUL or a broken byte in a
// name would otherwise reach the database and come back as Internal.
type textInterceptor struct{}

var _ connect.Interceptor = textInterceptor{}

func (textInterceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if err := checkText(req.Any()); err != nil {
			return nil, err
		}
		return next(ctx, req)
	}
}

func (textInterceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (textInterceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		return next(ctx, textConn{conn})
	}
}

// textConn checks every message a streaming handler receives.
type textConn struct{ connect.StreamingHandlerConn }

func (c textConn) Receive(m any) error {
	if err := c.StreamingHandlerConn.Receive(m); err != nil {
		return err
	}
	return checkText(m)
}

// checkText returns an InvalidArgument error naming the first string
// field of m that holds a NUL byte or invalid UTF-8, or nil.
func checkText(m any) error {
	pm, ok := m.(proto.Message)
	if !ok {
		return nil
	}
	if path, why := walkText(pm.ProtoReflect(), ""); path != "" {
		return connect.NewError(connect.CodeInvalidArgument, fmt.Errorf("%s: %s", path, why))
	}
	return nil
}

func walkText(m protoreflect.Message, prefix string) (path, why string) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		name := prefix + fd.TextName()
		switch {
		case fd.IsList():
			l := v.List()
			for i := 0; i < l.Len() && path == ""; i++ {
				path, why = walkValue(fd, l.Get(i), fmt.Sprintf("%s[%d]", name, i))
			}
		case fd.IsMap():
			v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				if fd.MapKey().Kind() == protoreflect.StringKind {
					if w := badText(k.String()); w != "" {
						path, why = name+" (a key)", w
						return false
					}
				}
				path, why = walkValue(fd.MapValue(), mv, fmt.Sprintf("%s[%q]", name, shortPrefix(k.String())))
				return path == ""
			})
		default:
			path, why = walkValue(fd, v, name)
		}
		return path == ""
	})
	return path, why
}

func walkValue(fd protoreflect.FieldDescriptor, v protoreflect.Value, name string) (string, string) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		if w := badText(v.String()); w != "" {
			return name, w
		}
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return walkText(v.Message(), name+".")
	}
	return "", ""
}

// badText says what is wrong with s, or "" when it is fine.
func badText(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return fmt.Sprintf("must not contain a NUL byte (found at byte %d)", i)
	}
	if !utf8.ValidString(s) {
		return "must be valid UTF-8"
	}
	return ""
}

// shortPrefix is at most the first 40 characters of s, for quoting user
// input in an error without echoing all of it.
func shortPrefix(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "..."
}
