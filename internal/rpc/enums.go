package rpc

import (
	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/internal/answer"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/observatory"
)

// The proto enums and the domain's names for them, one explicit table
// each. A value missing from a table maps to the zero value (UNSPECIFIED
// or ""); request validation refuses UNSPECIFIED where a value is needed.

var typeNames = map[pb.QuestionType]answer.Type{
	pb.QuestionType_QUESTION_TYPE_SINGLE_CHOICE:   answer.TypeSingleChoice,
	pb.QuestionType_QUESTION_TYPE_MULTIPLE_CHOICE: answer.TypeMultipleChoice,
	pb.QuestionType_QUESTION_TYPE_SCALE:           answer.TypeScale,
	pb.QuestionType_QUESTION_TYPE_LIKERT:          answer.TypeLikert,
	pb.QuestionType_QUESTION_TYPE_NUMBER:          answer.TypeNumber,
	pb.QuestionType_QUESTION_TYPE_RANKING:         answer.TypeRanking,
	pb.QuestionType_QUESTION_TYPE_MATRIX:          answer.TypeMatrix,
	pb.QuestionType_QUESTION_TYPE_TEXT:            answer.TypeText,
}

var typeOfName = invert(typeNames)

var themeNames = map[pb.Theme]string{
	pb.Theme_THEME_RECRUITMENT_CONFIDENCE: "recruitment_confidence",
	pb.Theme_THEME_TRAINING_INVESTMENT:    "training_investment",
	pb.Theme_THEME_KNOWLEDGE:              "knowledge",
	pb.Theme_THEME_SKILLS:                 "skills",
	pb.Theme_THEME_BEHAVIOURS:             "behaviours",
	pb.Theme_THEME_FINDING_TEST:           "finding_test",
	pb.Theme_THEME_OTHER:                  "other",
}

var themeOfName = invert(themeNames)

var platformNames = map[pb.Platform]string{
	pb.Platform_PLATFORM_ANDROID: "android",
	pb.Platform_PLATFORM_IOS:     "ios",
	pb.Platform_PLATFORM_WEB:     "web",
}

var assignmentStatusOfName = map[string]pb.AssignmentStatus{
	"scheduled": pb.AssignmentStatus_ASSIGNMENT_STATUS_SCHEDULED,
	"sent":      pb.AssignmentStatus_ASSIGNMENT_STATUS_SENT,
	"opened":    pb.AssignmentStatus_ASSIGNMENT_STATUS_OPENED,
	"answered":  pb.AssignmentStatus_ASSIGNMENT_STATUS_ANSWERED,
	"expired":   pb.AssignmentStatus_ASSIGNMENT_STATUS_EXPIRED,
}

var findingStatusNames = map[pb.FindingStatus]string{
	pb.FindingStatus_FINDING_STATUS_DRAFT:        "draft",
	pb.FindingStatus_FINDING_STATUS_TESTING:      "testing",
	pb.FindingStatus_FINDING_STATUS_VALIDATED:    "validated",
	pb.FindingStatus_FINDING_STATUS_REFUTED:      "refuted",
	pb.FindingStatus_FINDING_STATUS_INCONCLUSIVE: "inconclusive",
}

var findingStatusOfName = invert(findingStatusNames)

var roundtableStatusNames = map[pb.RoundtableStatus]string{
	pb.RoundtableStatus_ROUNDTABLE_STATUS_OPEN:   "open",
	pb.RoundtableStatus_ROUNDTABLE_STATUS_CLOSED: "closed",
}

var roundtableStatusOfName = invert(roundtableStatusNames)

var findingEventKindNames = map[pb.FindingEventKind]string{
	pb.FindingEventKind_FINDING_EVENT_KIND_TEST:    "test",
	pb.FindingEventKind_FINDING_EVENT_KIND_CLOSE:   "close",
	pb.FindingEventKind_FINDING_EVENT_KIND_VERDICT: "verdict",
}

var findingEventKindOfName = invert(findingEventKindNames)

var periodNames = map[pb.Period]observatory.Period{
	pb.Period_PERIOD_DAY:  observatory.Day,
	pb.Period_PERIOD_WEEK: observatory.Week,
	pb.Period_PERIOD_WAVE: observatory.Wave,
}

var dimensionNames = map[pb.Dimension]observatory.Dimension{
	pb.Dimension_DIMENSION_ALL:         observatory.All,
	pb.Dimension_DIMENSION_SECTOR:      observatory.Sector,
	pb.Dimension_DIMENSION_SIZE_BAND:   observatory.SizeBand,
	pb.Dimension_DIMENSION_DISTRICT:    observatory.District,
	pb.Dimension_DIMENSION_ROLE:        observatory.Role,
	pb.Dimension_DIMENSION_SECTOR_SIZE: observatory.SectorSize,
	pb.Dimension_DIMENSION_SECTOR_ROLE: observatory.SectorRole,
}

// invert returns the reverse of a one-to-one table.
var roleNames = map[pb.StaffRole]auth.Role{
	pb.StaffRole_STAFF_ROLE_ADMIN:       auth.RoleAdmin,
	pb.StaffRole_STAFF_ROLE_ANALYST:     auth.RoleAnalyst,
	pb.StaffRole_STAFF_ROLE_FACILITATOR: auth.RoleFacilitator,
}

var roleOfName = invert(roleNames)

// roleFromProto is the domain's role of a staff role ("" when unspecified).
func roleFromProto(r pb.StaffRole) auth.Role { return roleNames[r] }

// roleToProto is the proto staff role of a domain role (UNSPECIFIED when unknown).
func roleToProto(r auth.Role) pb.StaffRole { return roleOfName[r] }

func invert[K, V comparable](m map[K]V) map[V]K {
	out := make(map[V]K, len(m))
	for k, v := range m {
		out[v] = k
	}
	return out
}
