package answer

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// specIndex finds a spec in the allSpecs catalogue (-1 if absent).
func specIndex(s *Spec) int {
	for i, c := range allSpecs() {
		if cmp.Equal(c, s) {
			return i
		}
	}
	return -1
}

// pickSpec maps any fuzz byte to a spec of the catalogue.
func pickSpec(idx uint8) *Spec {
	specs := allSpecs()
	return specs[int(idx)%len(specs)]
}

// checkAccepted checks what must hold for every answer Validate accepts:
// the reference checker agrees, and Normalize, Encode and Decode keep it.
func checkAccepted(t *testing.T, spec *Spec, v Value) {
	t.Helper()
	if ok, why := refAccepts(spec, v); !ok {
		t.Fatalf("accepted %+v for %s, but the reference checker rejects it: %s", v, spec.Type, why)
	}
	n := Normalize(spec, v)
	if err := Validate(spec, &n); err != nil {
		t.Fatalf("the normal form %+v of an accepted answer is rejected: %v", n, err)
	}
	if diff := cmp.Diff(n, Normalize(spec, n)); diff != "" {
		t.Fatalf("Normalize is not idempotent (-once +twice):\n%s", diff)
	}
	b, err := Encode(n)
	if err != nil {
		t.Fatalf("Encode(%+v): %v", n, err)
	}
	got, err := Decode(spec, b)
	if err != nil {
		t.Fatalf("Decode(%s) of an accepted answer: %v", b, err)
	}
	if diff := cmp.Diff(n, got); diff != "" {
		t.Fatalf("round trip of %s (-want +got):\n%s", b, diff)
	}
}

func FuzzValidate(f *testing.F) {
	for _, tc := range answerCases() {
		idx := specIndex(tc.spec)
		if idx < 0 {
			f.Fatalf("case %q uses a spec missing from allSpecs", tc.name)
		}
		v := tc.v
		text, other, num := v.Text, v.OtherText, 0.0
		if v.Number != nil {
			num = *v.Number
		}
		v.Text, v.OtherText, v.Number = "", "", nil
		b, err := json.Marshal(v)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(idx), b, text, other, num, tc.v.Number != nil)
	}
	f.Fuzz(func(t *testing.T, idx uint8, value []byte, text, other string, num float64, useNum bool) {
		spec := pickSpec(idx)
		var v Value
		_ = json.Unmarshal(value, &v) // whatever part of it parses
		v.Text, v.OtherText = text, other
		if useNum {
			v.Number = &num
		}
		err := Validate(spec, &v)
		if err == nil {
			checkAccepted(t, spec, v)
			return
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field == "" || ve.Rule == "" {
			t.Fatalf("got %T %v, want a *ValidationError with field and rule", err, err)
		}
		if ok, _ := refAccepts(spec, v); ok {
			t.Fatalf("rejected %+v for %s (%v), but the reference checker accepts it", v, spec.Type, err)
		}
	})
}

func FuzzDecode(f *testing.F) {
	for _, tc := range answerCases() {
		b, err := json.Marshal(tc.v)
		if err != nil {
			continue // NaN and infinities cannot be written
		}
		f.Add(uint8(specIndex(tc.spec)), b)
	}
	for _, s := range []string{
		`{"choice":1,"colour":"red"}`, `{"Choice":1}`, `{"choice":1,"choice":2}`,
		`{"matrix":{"6":1,"24":2,"99":3,"6":4}}`, `{"matrix":{"06":1,"24":2,"99":3}}`,
		`{"matrix":null}`, `{"choice":1} {"choice":2}`, `null`, `[1]`, `{"scale":2.5}`,
		`{"text":"\u00e9\ud83d\ude00\n"}`, `{"number":1e-5}`, `{"number":-0}`,
	} {
		f.Add(uint8(0), []byte(s))
	}
	allowed := []string{"choice", "choices", "other_text", "scale", "dont_know", "number", "ranking", "matrix", "text"}
	f.Fuzz(func(t *testing.T, idx uint8, data []byte) {
		spec := pickSpec(idx)
		v, err := Decode(spec, data)
		if err != nil {
			return
		}
		// Plain encoding/json must read the same value from the input...
		var plain Value
		if err := json.Unmarshal(data, &plain); err != nil {
			t.Fatalf("Decode accepted %q, which encoding/json rejects: %v", data, err)
		}
		if diff := cmp.Diff(plain, v); diff != "" {
			t.Fatalf("Decode read %q differently from encoding/json (-json +Decode):\n%s", data, diff)
		}
		// ...and find only known field names, spelled exactly.
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(data, &fields); err != nil {
			t.Fatalf("Decode accepted %q, which is not an object: %v", data, err)
		}
	names:
		for name := range fields {
			for _, a := range allowed {
				if name == a {
					continue names
				}
			}
			t.Fatalf("Decode accepted the unknown field %q in %q", name, data)
		}
		checkAccepted(t, spec, v)
	})
}

// FuzzSpec feeds arbitrary question definitions to Spec.Validate and, for
// the accepted ones, checks that every answer function copes with them.
func FuzzSpec(f *testing.F) {
	for _, s := range allSpecs() {
		b, err := json.Marshal(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, []byte(`{"choice":1,"scale":3,"matrix":{"6":1}}`))
	}
	f.Fuzz(func(t *testing.T, specJSON, value []byte) {
		var spec Spec
		if json.Unmarshal(specJSON, &spec) != nil {
			return
		}
		var v Value
		_ = json.Unmarshal(value, &v)
		err := Validate(&spec, &v)
		if spec.Validate() != nil {
			if !errors.Is(err, ErrInvalidSpec) {
				t.Fatalf("invalid spec %s: Validate gave %v, want ErrInvalidSpec", specJSON, err)
			}
			return
		}
		if errors.Is(err, ErrInvalidSpec) {
			t.Fatalf("valid spec %s reported as invalid: %v", specJSON, err)
		}
		Numeric(&spec, v)
		Codes(&spec, v)
		if err == nil {
			checkAccepted(t, &spec, v)
		} else if ok, _ := refAccepts(&spec, v); ok {
			t.Fatalf("rejected %+v for %s (%v), but the reference checker accepts it", v, specJSON, err)
		}
	})
}
