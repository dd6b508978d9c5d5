package auth

import (
	"bytes"
	"strings"
	"testing"
)

// roundTrip issues a token of kind for tenant and checks that Parse gives
// back the kind, the tenant and the issued hash.
func roundTrip(t *testing.T, kind Kind, tenant int64) string {
	t.Helper()
	tok, hash, err := NewToken(kind, tenant)
	if err != nil {
		t.Fatal(err)
	}
	gotKind, gotTenant, h, err := Parse(tok)
	if err != nil || gotKind != kind || gotTenant != tenant || !bytes.Equal(h, hash) {
		t.Fatalf("Parse(%q) = %v %v %x %v, want kind %v of tenant %d and the issued hash", tok, gotKind, gotTenant, h, err, kind, tenant)
	}
	return tok
}

func TestTokenRoundTrip(t *testing.T) {
	t.Parallel()
	tok := roundTrip(t, KindSession, 42)
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
	roundTrip(t, KindStaffSession, 7)
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
