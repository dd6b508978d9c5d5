package answer

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tc := range answerCases() {
		if tc.wantField != "" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			want := Normalize(tc.spec, tc.v)
			b, err := Encode(want)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			got, err := Decode(tc.spec, b)
			if err != nil {
				t.Fatalf("Decode(%s): %v", b, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("round trip of %s (-want +got):\n%s", b, diff)
			}
			again, err := Encode(got)
			if err != nil || string(again) != string(b) {
				t.Errorf("re-encoding gave %s, %v; want the same bytes %s", again, err, b)
			}
		})
	}
}

func TestEncodeFormat(t *testing.T) {
	t.Parallel()
	b, err := Encode(Value{Matrix: map[int32]int32{24: 5, 6: 1, 99: 3}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"matrix":{"24":5,"6":1,"99":3}}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	for name, v := range map[string]Value{
		"NaN":       {Number: f64(math.NaN())},
		"Inf":       {Number: f64(math.Inf(-1))},
		"bad UTF-8": {Text: "\xff"},
		"bad other": {OtherText: "a\xc3"},
	} {
		if _, err := Encode(v); err == nil {
			t.Errorf("%s: Encode accepted a value JSON cannot carry", name)
		}
	}
}

func TestDecodeJSONBOutput(t *testing.T) {
	t.Parallel()
	// PostgreSQL prints jsonb with spaces and its own key order.
	got, err := Decode(singleSpec(), []byte(`{"choice": 3, "other_text": "Mine"}`))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if diff := cmp.Diff(Value{Choice: i32(3), OtherText: "Mine"}, got); diff != "" {
		t.Errorf("Decode (-want +got):\n%s", diff)
	}
	if _, err := Decode(matrixSpec(), []byte(`{"matrix": {"6": 1, "24": 2, "99": 3}}`)); err != nil {
		t.Errorf("Decode of a spaced matrix: %v", err)
	}
}

func TestDecodeRejects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		spec *Spec
		in   string
		want string // fragment of the error
	}{
		{"unknown field", singleSpec(), `{"choice":1,"colour":"red"}`, `unknown field "colour"`},
		{"field in other case", singleSpec(), `{"Choice":1}`, `unknown field "Choice"`},
		{"repeated field", singleSpec(), `{"choice":1,"choice":2}`, `"choice" appears more than once`},
		{"repeated matrix row", matrixSpec(), `{"matrix":{"6":1,"24":2,"99":3,"6":4}}`, "row 6 appears more than once"},
		{"padded matrix key", matrixSpec(), `{"matrix":{"06":1,"24":2,"99":3}}`, `"06" is not a plain whole number`},
		{"signed matrix key", matrixSpec(), `{"matrix":{"+6":1,"24":2,"99":3}}`, "not a plain whole number"},
		{"huge matrix key", matrixSpec(), `{"matrix":{"99999999999":1}}`, "not a plain whole number"},
		{"matrix not object", matrixSpec(), `{"matrix":[1,2,3]}`, "matrix must be a JSON object"},
		{"trailing data", singleSpec(), `{"choice":1} {"choice":2}`, "after the answer object"},
		{"trailing garbage", singleSpec(), `{"choice":1}x`, "after the answer object"},
		{"array", singleSpec(), `[1]`, "must be a JSON object"},
		{"null", singleSpec(), `null`, "must be a JSON object"},
		{"empty", singleSpec(), ``, "EOF"},
		{"truncated", singleSpec(), `{"choice":1`, "EOF"},
		{"bad UTF-8", textSpec(), "{\"text\":\"a\xffb\"}", "not valid UTF-8"},
		{"too big", textSpec(), `{"text":"` + strings.Repeat("a", MaxEncodedSize) + `"}`, "more than the limit"},
		{"fractional scale", scale5Spec(), `{"scale":2.5}`, "cannot unmarshal"},
		{"string choice", singleSpec(), `{"choice":"1"}`, "cannot unmarshal"},
		{"overflow", singleSpec(), `{"choice":4294967297}`, "cannot unmarshal"},
		{"invalid answer", singleSpec(), `{"choice":7}`, "choice: 7 is not one of the options"},
		{"foreign field", singleSpec(), `{"choice":1,"scale":3}`, "scale: is not part of"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v, err := Decode(tc.spec, []byte(tc.in))
			if err == nil {
				t.Fatalf("Decode accepted %q as %+v", tc.in, v)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %q, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestDecodeErrorKinds(t *testing.T) {
	t.Parallel()
	_, err := Decode(multiSpec(), []byte(`{"choices":[1,2,3,4]}`))
	checkValidation(t, err, "choices", "at most 3 selections are allowed, got 4")

	_, err = Decode(&Spec{Type: TypeScale}, []byte(`{"scale":3}`))
	if !errors.Is(err, ErrInvalidSpec) {
		t.Errorf("got %v, want ErrInvalidSpec", err)
	}
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	in := Value{Choices: codes(4, 5, 1), OtherText: "  Parking \n", Scale: i32(2)}
	got := Normalize(multiSpec(), in)
	want := Value{Choices: codes(1, 4, 5), OtherText: "Parking"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}
	if in.Choices[0] != 4 {
		t.Errorf("Normalize sorted the caller's slice: %v", in.Choices)
	}

	negZero := math.Copysign(0, -1)
	n := Normalize(numberSpec(), Value{Number: &negZero})
	if math.Signbit(*n.Number) {
		t.Errorf("Normalize kept -0")
	}
	if !math.Signbit(negZero) {
		t.Errorf("Normalize changed the caller's number")
	}
	if got := Normalize(textSpec(), Value{Text: "\t hi there \n"}); got.Text != "hi there" {
		t.Errorf("Normalize text = %q, want %q", got.Text, "hi there")
	}
	if got := Normalize(rankingSpec(), Value{Ranking: []int32{}}); got.Ranking != nil {
		t.Errorf("Normalize kept an empty ranking: %#v", got.Ranking)
	}
	if got := Normalize(nil, in); !cmp.Equal(got, Value{}) {
		t.Errorf("Normalize(nil spec) = %+v, want zero", got)
	}
}

func TestNumeric(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		spec   *Spec
		v      Value
		want   float64
		wantOK bool
	}{
		{"scale", scale10Spec(), Value{Scale: i32(7)}, 7, true},
		{"scale don't know", scale10Spec(), Value{DontKnow: true}, 0, false},
		{"likert", likertSpec(), Value{Scale: i32(4)}, 4, true},
		{"number", numberSpec(), Value{Number: f64(12.25)}, 12.25, true},
		{"number missing", numberSpec(), Value{}, 0, false},
		{"choice", singleSpec(), Value{Choice: i32(1)}, 0, false},
		{"matrix", matrixSpec(), Value{Matrix: map[int32]int32{6: 1}}, 0, false},
		{"nil spec", nil, Value{Scale: i32(1)}, 0, false},
	}
	for _, tc := range cases {
		got, ok := Numeric(tc.spec, tc.v)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("%s: Numeric = %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestCodes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		spec *Spec
		v    Value
		want []int32
	}{
		{"single", singleSpec(), Value{Choice: i32(2)}, codes(2)},
		{"single unanswered", singleSpec(), Value{}, nil},
		{"multiple sorted", multiSpec(), Value{Choices: codes(4, 1)}, codes(1, 4)},
		{"ranking in order", rankingSpec(), Value{Ranking: codes(5, 1, 3)}, codes(5, 1, 3)},
		{"scale", scale5Spec(), Value{Scale: i32(3)}, nil},
		{"nil spec", nil, Value{Choice: i32(2)}, nil},
	}
	for _, tc := range cases {
		if diff := cmp.Diff(tc.want, Codes(tc.spec, tc.v)); diff != "" {
			t.Errorf("%s: Codes (-want +got):\n%s", tc.name, diff)
		}
	}
}
