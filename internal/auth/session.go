package auth

import (
	"net/http"
	"time"
)

// CookieName is the staff session cookie. The "__Host-" prefix is not used
// because it requires Secure, and the demo serves plain HTTP on localhost.
const CookieName = "pp_staff"

// SessionPolicy bounds staff sessions: a session ends after Idle without
// use and, however busy, Lifetime after sign-in.
type SessionPolicy struct {
	Idle     time.Duration
	Lifetime time.Duration
}

// DefaultSessionPolicy is an hour idle and twelve hours at most, about a
// working day.
var DefaultSessionPolicy = SessionPolicy{Idle: time.Hour, Lifetime: 12 * time.Hour}

// IsSecure reports whether r came over TLS, directly or through a proxy
// that says so with X-Forwarded-Proto.
func IsSecure(r *http.Request) bool {
	return r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}

// SessionCookie is the cookie carrying a staff session token: HttpOnly (no
// script reads it), SameSite=Strict (no other site's page sends it),
// Secure behind TLS, for the whole site (the console calls the API at the
// root), and without an expiry, so it ends with the browser; the server
// ends it sooner (SessionPolicy).
func SessionCookie(token string, secure bool) *http.Cookie {
	return &http.Cookie{Name: CookieName, Value: token, Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteStrictMode}
}

// ClearedSessionCookie deletes the cookie in the browser.
func ClearedSessionCookie(secure bool) *http.Cookie {
	c := SessionCookie("", secure)
	c.MaxAge = -1
	return c
}
