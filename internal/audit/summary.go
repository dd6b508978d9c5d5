package audit

import (
	"fmt"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
)

// Limits of a summary: a longer string is replaced by its length (a CSV
// import's body, a statement), a longer list keeps its first items.
const (
	maxString = 200
	maxList   = 20
)

// Summary is a request as JSON for the log: fields marked
// [debug_redact = true] are dropped at any depth, long strings are
// replaced by "[N characters]" and long lists shortened. It never fails:
// a message that cannot be marshalled is summarised by its type.
func Summary(m proto.Message) []byte {
	if m == nil {
		return []byte("{}")
	}
	c := proto.Clone(m)
	scrub(c.ProtoReflect())
	b, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(c)
	if err != nil {
		b, _ = protojson.Marshal(&descriptorpb.DescriptorProto{Name: proto.String(string(m.ProtoReflect().Descriptor().FullName()))})
	}
	return b
}

// Redacted reports whether a field carries a secret.
func Redacted(fd protoreflect.FieldDescriptor) bool {
	o, ok := fd.Options().(*descriptorpb.FieldOptions)
	return ok && o.GetDebugRedact()
}

func scrub(m protoreflect.Message) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if Redacted(fd) {
			m.Clear(fd)
			return true
		}
		switch {
		case fd.IsList():
			l := v.List()
			if l.Len() > maxList {
				l.Truncate(maxList)
			}
			for i := 0; i < l.Len(); i++ {
				if fd.Message() != nil {
					scrub(l.Get(i).Message())
				} else if fd.Kind() == protoreflect.StringKind {
					l.Set(i, protoreflect.ValueOfString(shorten(l.Get(i).String())))
				}
			}
		case fd.IsMap():
			mp := v.Map()
			mp.Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				if fd.MapValue().Message() != nil {
					scrub(mv.Message())
				} else if fd.MapValue().Kind() == protoreflect.StringKind {
					mp.Set(k, protoreflect.ValueOfString(shorten(mv.String())))
				}
				return true
			})
		case fd.Message() != nil:
			scrub(v.Message())
		case fd.Kind() == protoreflect.StringKind:
			m.Set(fd, protoreflect.ValueOfString(shorten(v.String())))
		case fd.Kind() == protoreflect.BytesKind:
			m.Set(fd, protoreflect.ValueOfBytes(nil))
		}
		return true
	})
}

func shorten(s string) string {
	if n := utf8.RuneCountInString(s); n > maxString {
		return fmt.Sprintf("[%d characters]", n)
	}
	return s
}
