// Package sector derives a business's sector from its SIC 2007 code by a
// tenant's map of SIC prefixes, the longest prefix winning.
package sector

import (
	"fmt"
	"regexp"
	"strings"
)

// Other is the sector of a business no rule matches.
const Other = "Other"

// Rule maps SIC codes starting with Prefix to Sector.
type Rule struct {
	Prefix string
	Sector string
}

var (
	prefixRE = regexp.MustCompile(`^[0-9]{2,5}$`)
	sicRE    = regexp.MustCompile(`^[0-9]{5}$`)
)

// Map is a validated set of rules.
type Map struct {
	rules map[string]string
}

// NewMap checks the rules: prefixes of 2-5 digits, each once, sectors named.
func NewMap(rules []Rule) (*Map, error) {
	m := &Map{rules: make(map[string]string, len(rules))}
	for i, r := range rules {
		if !prefixRE.MatchString(r.Prefix) {
			return nil, fmt.Errorf("rule %d: SIC prefix %q must be 2 to 5 digits", i+1, r.Prefix)
		}
		if strings.TrimSpace(r.Sector) == "" {
			return nil, fmt.Errorf("rule %d: sector for prefix %s is empty", i+1, r.Prefix)
		}
		if _, dup := m.rules[r.Prefix]; dup {
			return nil, fmt.Errorf("rule %d: SIC prefix %s appears twice", i+1, r.Prefix)
		}
		m.rules[r.Prefix] = strings.TrimSpace(r.Sector)
	}
	return m, nil
}

// ValidSIC reports whether sic is a five-digit SIC 2007 code.
func ValidSIC(sic string) bool { return sicRE.MatchString(sic) }

// Lookup returns the sector of a SIC code: the longest matching prefix,
// or Other.
func (m *Map) Lookup(sic string) string {
	for n := len(sic); n >= 2; n-- {
		if s, ok := m.rules[sic[:n]]; ok {
			return s
		}
	}
	return Other
}
