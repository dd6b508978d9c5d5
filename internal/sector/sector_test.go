package sector

import "testing"

func TestLookupLongestPrefix(t *testing.T) {
	t.Parallel()
	m, err := NewMap([]Rule{{"26", "Advanced Manufacturing"}, {"266", "Life Sciences"}, {"49", "Logistics"}, {"9311", "Sports and Leisure"}})
	if err != nil {
		t.Fatal(err)
	}
	for sic, want := range map[string]string{
		"26110": "Advanced Manufacturing", "26600": "Life Sciences", "49410": "Logistics",
		"93110": "Sports and Leisure", "93120": Other, "62010": Other,
	} {
		if got := m.Lookup(sic); got != want {
			t.Errorf("Lookup(%s) = %q, want %q", sic, got, want)
		}
	}
}

func TestNewMapRejectsBadRules(t *testing.T) {
	t.Parallel()
	for _, rules := range [][]Rule{{{"2", "X"}}, {{"2a", "X"}}, {{"26", " "}}, {{"26", "A"}, {"26", "B"}}} {
		if _, err := NewMap(rules); err == nil {
			t.Errorf("NewMap(%v) accepted a bad rule set", rules)
		}
	}
}
