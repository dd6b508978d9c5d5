package bank

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/panelpulse/panelpulse/internal/answer"
)

// DecodeSpec reads a stored question definition.
func DecodeSpec(b []byte) (answer.Spec, error) {
	var s answer.Spec
	if err := json.Unmarshal(b, &s); err != nil {
		return answer.Spec{}, fmt.Errorf("bank.DecodeSpec: %w", err)
	}
	return s, nil
}

func encodeSpec(s answer.Spec) ([]byte, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	return compact(b), nil
}

// compact re-encodes JSON through the Spec type so stored (jsonb) and new
// definitions compare byte for byte.
func compact(b []byte) []byte {
	var s answer.Spec
	if err := json.Unmarshal(b, &s); err != nil {
		return b
	}
	out, err := json.Marshal(s)
	if err != nil {
		return b
	}
	return bytes.TrimSpace(out)
}

func fromRow(id int64, key, theme string, version int32, title, wording string, spec []byte) (Question, error) {
	s, err := DecodeSpec(spec)
	if err != nil {
		return Question{}, err
	}
	return Question{ID: id, Key: key, Theme: theme, Version: version, Title: title, Wording: wording, Spec: s}, nil
}
