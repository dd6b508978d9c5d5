package answer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// MaxEncodedSize is the largest encoded answer Decode reads. The longest
// valid answer (2000 runes of text, each escaped as a surrogate pair) is
// well below it.
const MaxEncodedSize = 64 << 10

// valueFields are the JSON names of Value, exactly as Encode writes them.
var valueFields = map[string]bool{
	"choice": true, "choices": true, "other_text": true, "scale": true,
	"dont_know": true, "number": true, "ranking": true, "matrix": true,
	"text": true,
}

// Encode writes an answer as the JSON stored in the jsonb column. Call
// Normalize first so that equal answers encode to equal bytes. Encode fails
// on values JSON cannot carry faithfully (NaN or infinite numbers, invalid
// UTF-8); it does not check the question's rules.
func Encode(v Value) ([]byte, error) {
	if !utf8.ValidString(v.Text) || !utf8.ValidString(v.OtherText) {
		return nil, errors.New("answer.Encode: text is not valid UTF-8")
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("answer.Encode: %w", err)
	}
	return b, nil
}

// Decode reads an answer written by Encode and validates it against spec.
// It is strict: the input must be one JSON object in valid UTF-8 of at most
// MaxEncodedSize bytes, with field names spelled exactly as Encode writes
// them, no unknown or repeated fields and matrix row keys in canonical
// decimal form ("3", not "03" or "+3"), each once. A rule broken by the
// decoded answer is returned as a wrapped *ValidationError.
func Decode(spec *Spec, b []byte) (Value, error) {
	if len(b) > MaxEncodedSize {
		return Value{}, fmt.Errorf("answer.Decode: %d bytes is more than the limit of %d", len(b), MaxEncodedSize)
	}
	if !utf8.Valid(b) {
		return Value{}, errors.New("answer.Decode: input is not valid UTF-8")
	}
	if err := checkKeys(b); err != nil {
		return Value{}, fmt.Errorf("answer.Decode: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var v Value
	if err := dec.Decode(&v); err != nil {
		return Value{}, fmt.Errorf("answer.Decode: %w", err)
	}
	if err := Validate(spec, &v); err != nil {
		return Value{}, fmt.Errorf("answer.Decode: %w", err)
	}
	return v, nil
}

// checkKeys walks the JSON tokens and rejects what encoding/json would let
// through silently: a top level that is not an object, field names in
// another case, repeated fields (the last would win), repeated or
// non-canonical matrix keys, and trailing data.
func checkKeys(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil {
		return err
	} else if tok != json.Delim('{') {
		return errors.New("an answer must be a JSON object")
	}
	err := eachKey(dec, func(key string, repeated bool) error {
		switch {
		case !valueFields[key]:
			return fmt.Errorf("unknown field %q", key)
		case repeated:
			return fmt.Errorf("field %q appears more than once", key)
		case key == "matrix":
			return checkMatrixKeys(dec)
		}
		return skipValue(dec)
	})
	if err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the answer object")
	}
	return nil
}

// checkMatrixKeys reads the matrix value (an object or null) and checks
// that its keys are canonical int32 decimals, each once.
func checkMatrixKeys(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil || tok == nil {
		return err
	}
	if tok != json.Delim('{') {
		return errors.New("matrix must be a JSON object")
	}
	return eachKey(dec, func(key string, repeated bool) error {
		n, err := strconv.ParseInt(key, 10, 32)
		if err != nil || strconv.FormatInt(n, 10) != key {
			return fmt.Errorf("matrix row key %q is not a plain whole number", key)
		}
		if repeated {
			return fmt.Errorf("matrix row %s appears more than once", key)
		}
		return skipValue(dec)
	})
}

// eachKey reads the members of an object whose '{' has been read, through
// its closing '}'. It calls member with each key and whether the key came
// before; member refuses the key or reads its value.
func eachKey(dec *json.Decoder, member func(key string, repeated bool) error) error {
	seen := make(map[string]bool)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if err := member(key, seen[key]); err != nil {
			return err
		}
		seen[key] = true
	}
	_, err := dec.Token() // the closing '}'
	return err
}

// skipValue consumes one JSON value of any shape.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}
