// Package answer defines the question types of PanelPulse, the rules an
// answer must follow for each type, and how answers are encoded for storage.
package answer

// Type names a kind of question. The string values are stored in the
// database and used in exports, so they never change.
type Type string

// The question types a question spec may have.
const (
	TypeSingleChoice   Type = "single_choice"
	TypeMultipleChoice Type = "multiple_choice"
	TypeScale          Type = "scale"
	TypeLikert         Type = "likert"
	TypeNumber         Type = "number"
	TypeRanking        Type = "ranking"
	TypeMatrix         Type = "matrix"
	TypeText           Type = "text"
)

// Option is one answer option (choice, ranking item) or one matrix row.
// Codes are stable across versions of a question and appear in exports.
type Option struct {
	Code  int32  `json:"code"`
	Label string `json:"label"`
	// Exclusive marks a "none of these" option of a multiple choice: it
	// cannot be combined with any other option.
	Exclusive bool `json:"exclusive,omitempty"`
	// Other marks an "other, please say" option: choosing it allows (and
	// requires) OtherText in the answer.
	Other bool `json:"other,omitempty"`
	// Direction is +1 (more), 0 (no change) or -1 (less) for directional
	// questions, used for the net balance.
	Direction int32 `json:"direction,omitempty"`
}

// Spec is the full definition of one version of a question: its type and
// the parameters that the type's rules read. Fields that a type does not
// use must be zero.
type Spec struct {
	Type Type `json:"type"`

	// Options: single choice, multiple choice, ranking (the n items).
	Options []Option `json:"options,omitempty"`
	// MinSelections and MaxSelections bound a multiple choice (0 = no bound).
	MinSelections int32 `json:"min_selections,omitempty"`
	MaxSelections int32 `json:"max_selections,omitempty"`

	// ScaleMin, ScaleMax and the end labels: scale and matrix (Likert is
	// always 1..5, strongly disagree .. strongly agree). ScaleMin is 0 or 1
	// and ScaleMax 5..10; a matrix starts at 1 because its rating 0 means
	// "don't know".
	ScaleMin int32  `json:"scale_min,omitempty"`
	ScaleMax int32  `json:"scale_max,omitempty"`
	MinLabel string `json:"min_label,omitempty"`
	MaxLabel string `json:"max_label,omitempty"`
	// AllowDontKnow lets a scale, Likert or matrix row be answered "don't know".
	AllowDontKnow bool `json:"allow_dont_know,omitempty"`

	// Rows: the items of a matrix, each rated on the scale.
	Rows []Option `json:"rows,omitempty"`

	// NumberMin and NumberMax bound a number (inclusive); Integer forbids
	// fractions; Percent means 0..100 and is shown with a % sign.
	NumberMin *float64 `json:"number_min,omitempty"`
	NumberMax *float64 `json:"number_max,omitempty"`
	Integer   bool     `json:"integer,omitempty"`
	Percent   bool     `json:"percent,omitempty"`
	Unit      string   `json:"unit,omitempty"`

	// TopK: a ranking orders exactly the top k of the n options (0 = all n).
	TopK int32 `json:"top_k,omitempty"`

	// MaxLength: the longest free text accepted, in characters (runes)
	// after trimming; 0 means DefaultTextLength (500), at most 2000.
	MaxLength int32 `json:"max_length,omitempty"`
}

// Value is one answer. Exactly the fields of the question's type are set.
type Value struct {
	// Choice: single choice (the option code).
	Choice *int32 `json:"choice,omitempty"`
	// Choices: multiple choice (option codes, any order, no repeats).
	Choices []int32 `json:"choices,omitempty"`
	// OtherText: the text of an "other, please say" option.
	OtherText string `json:"other_text,omitempty"`
	// Scale: scale or Likert point.
	Scale *int32 `json:"scale,omitempty"`
	// DontKnow: the panellist chose "don't know" (scale, Likert).
	DontKnow bool `json:"dont_know,omitempty"`
	// Number: number or percentage.
	Number *float64 `json:"number,omitempty"`
	// Ranking: option codes in rank order, first is rank 1.
	Ranking []int32 `json:"ranking,omitempty"`
	// Matrix: the rating of each row, keyed by row code; 0 means don't know
	// when the spec allows it.
	Matrix map[int32]int32 `json:"matrix,omitempty"`
	// Text: short free text.
	Text string `json:"text,omitempty"`
}
