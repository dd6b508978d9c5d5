package auth

import (
	"bytes"
	"strings"
	"testing"
)

func TestTokenRoundTrip(t *testing.T) {
	t.Parallel()
	tok, hash, err := NewToken(KindSession, 42)
	if err != nil {
		t.Fatal(err)
	}
	kind, tenant, h, err := Parse(tok)
	if err != nil || kind != KindSession || tenant != 42 || !bytes.Equal(h, hash) {
		t.Fatalf("Parse(%q) = %v %v %x %v, want session, 42 and the issued hash", tok, kind, tenant, h, err)
	}
	if len(tok) < len("pps_42_")+43 {
		t.Fatalf("token %q carries fewer than 256 random bits", tok)
	}
	other, _, _ := NewToken(KindSession, 42)
	if other == tok {
		t.Fatal("two tokens are equal")
	}
}

// TestStaffSessionToken: console session tokens parse as their own kind,
// so the middleware can refuse them outside the cookie.
func TestStaffSessionToken(t *testing.T) {
	t.Parallel()
	tok, hash, err := NewToken(KindStaffSession, 7)
	if err != nil {
		t.Fatal(err)
	}
	kind, tenant, h, err := Parse(tok)
	if err != nil || kind != KindStaffSession || tenant != 7 || !bytes.Equal(h, hash) {
		t.Fatalf("Parse(%q) = %v %v %x %v, want a staff session of tenant 7", tok, kind, tenant, h, err)
	}
}

func TestParseRejectsMalformed(t *testing.T) {
	t.Parallel()
	for _, tok := range []string{"", "pps", "pps_1", "xyz_1_aaaaaaaaaaaaaaaaaaaaaaaa", "pps_0_aaaaaaaaaaaaaaaaaaaaaaaa", "pps_-3_aaaaaaaaaaaaaaaaaaaaaaaa", "pps_a_aaaaaaaaaaaaaaaaaaaaaaaa", "ppk_1_short"} {
		if _, _, _, err := Parse(tok); err == nil {
			t.Errorf("Parse(%q) accepted a malformed token", tok)
		}
	}
}

func TestInviteCodeNormalised(t *testing.T) {
	t.Parallel()
	code, hash, err := NewInviteCode()
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != 14 || strings.Count(code, "-") != 2 || strings.ContainsAny(code, "01IO") {
		t.Fatalf("code %q is not XXXX-XXXX-XXXX without look-alikes", code)
	}
	typed := " " + strings.ToLower(strings.ReplaceAll(code, "-", " ")) + " "
	if !bytes.Equal(InviteHash(typed), hash) {
		t.Fatalf("typed %q does not match code %q", typed, code)
	}
	if bytes.Equal(InviteHash(code[:13]+"Z"), hash) && code[13] != 'Z' {
		t.Fatal("a different code matched")
	}
}
