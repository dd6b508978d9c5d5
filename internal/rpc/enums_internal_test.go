package rpc

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
)

// TestEveryEnumValueIsMapped: each value of the API's enums but the
// unspecified one has a name in the tables the handlers map with, so a
// value added to the proto cannot fall through to an empty name.
func TestEveryEnumValueIsMapped(t *testing.T) {
	t.Parallel()
	check := func(d protoreflect.EnumDescriptor, has func(protoreflect.EnumNumber) bool) {
		t.Helper()
		for i := range d.Values().Len() {
			v := d.Values().Get(i)
			if v.Number() == 0 || strings.HasSuffix(string(v.Name()), "_UNSPECIFIED") {
				continue
			}
			if !has(v.Number()) {
				t.Errorf("%s has no mapping in the handlers' enum tables", v.FullName())
			}
		}
	}
	check(pb.QuestionType(0).Descriptor(), func(n protoreflect.EnumNumber) bool { _, ok := typeNames[pb.QuestionType(n)]; return ok })
	check(pb.Theme(0).Descriptor(), func(n protoreflect.EnumNumber) bool { _, ok := themeNames[pb.Theme(n)]; return ok })
	check(pb.Platform(0).Descriptor(), func(n protoreflect.EnumNumber) bool { _, ok := platformNames[pb.Platform(n)]; return ok })
	check(pb.FindingStatus(0).Descriptor(), func(n protoreflect.EnumNumber) bool { _, ok := findingStatusNames[pb.FindingStatus(n)]; return ok })
	check(pb.Period(0).Descriptor(), func(n protoreflect.EnumNumber) bool { _, ok := periodNames[pb.Period(n)]; return ok })
	check(pb.StaffRole(0).Descriptor(), func(n protoreflect.EnumNumber) bool { _, ok := roleNames[pb.StaffRole(n)]; return ok })
	check(pb.Dimension(0).Descriptor(), func(n protoreflect.EnumNumber) bool { _, ok := dimensionNames[pb.Dimension(n)]; return ok })
}
