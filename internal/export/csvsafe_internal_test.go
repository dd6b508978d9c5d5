package export

import (
	"bytes"
	"testing"
)

// TestCSVWriterKeepsNumbers: a numeric column keeps a negative number as
// written while a text column with the same characters is neutralised.
func TestCSVWriterKeepsNumbers(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	cw := newCSV(&buf, []string{"segment", "value", "n"}, "value", "n")
	if err := cw.Write([]string{"-1.5", "-1.5", "-2"}); err != nil {
		t.Fatal(err)
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := "segment,value,n\n'-1.5,-1.5,-2\n"; buf.String() != want {
		t.Fatalf("got %q, want %q", buf.String(), want)
	}
}
