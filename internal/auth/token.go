// Package auth issues and checks panellist session tokens and staff API
// keys, and carries the authenticated principal (tenant, person, role) in
// the request context.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Kind tells a session token from a staff API key.
type Kind string

// Token kinds; the prefix of the token names its kind.
const (
	KindSession Kind = "pps"
	KindStaff   Kind = "ppk"
	KindInvite  Kind = "inv"
	// KindStaffSession is a staff session started by SignIn, carried only
	// in the session cookie.
	KindStaffSession Kind = "ppc"
)

// ErrMalformed means a token does not have our shape.
var ErrMalformed = errors.New("auth: malformed token")

// secretBytes is the random part of every token: 256 bits.
const secretBytes = 32

// NewToken makes a token of kind for a tenant and returns it with the hash
// to store. Tokens are "KIND_TENANT_SECRET"; only the hash is kept.
func NewToken(kind Kind, tenantID int64) (token string, hash []byte, err error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("auth.NewToken: %w", err)
	}
	token = fmt.Sprintf("%s_%d_%s", kind, tenantID, base64.RawURLEncoding.EncodeToString(b))
	return token, Hash(token), nil
}

// Hash is the stored form of a token.
func Hash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Parse splits a token into its kind and tenant and returns its hash.
func Parse(token string) (Kind, int64, []byte, error) {
	parts := strings.SplitN(token, "_", 3)
	if len(parts) != 3 || len(parts[2]) < 20 {
		return "", 0, nil, ErrMalformed
	}
	kind := Kind(parts[0])
	if kind != KindSession && kind != KindStaff && kind != KindStaffSession {
		return "", 0, nil, ErrMalformed
	}
	tenantID, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || tenantID <= 0 {
		return "", 0, nil, ErrMalformed
	}
	return kind, tenantID, Hash(token), nil
}

// NewInviteCode makes a short code a person can type: 12 characters from
// an alphabet without look-alikes, grouped as XXXX-XXXX-XXXX (about 60 bits;
// codes expire and are single use).
func NewInviteCode() (code string, hash []byte, err error) {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("auth.NewInviteCode: %w", err)
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	code = sb.String()
	return code, InviteHash(code), nil
}

// InviteHash normalises a typed invite code (case, spaces, dashes) and hashes it.
func InviteHash(code string) []byte {
	norm := strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, code)
	return Hash(string(KindInvite) + norm)
}
