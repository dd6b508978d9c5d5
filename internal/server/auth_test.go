package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/apptest"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/pgtest"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var start = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// countingBody records every Read, so a test can show that a refused
// request's body was never touched.
type countingBody struct {
	r     io.Reader
	reads atomic.Int32
}

func (b *countingBody) Read(p []byte) (int, error) {
	b.reads.Add(1)
	return b.r.Read(p)
}

func (b *countingBody) Close() error { return nil }

type keys struct{ admin, analyst, facilitator string }

func setup(t *testing.T, slug string) (*apptest.Process, keys) {
	t.Helper()
	p := apptest.Start(t, start)
	ctx := context.Background()
	tn, err := tenant.Create(ctx, p.Store, tenant.Settings{Slug: slug, Name: "Programme " + slug})
	if err != nil {
		t.Fatal(err)
	}
	var k keys
	for role, dst := range map[auth.Role]*string{auth.RoleAdmin: &k.admin, auth.RoleAnalyst: &k.analyst, auth.RoleFacilitator: &k.facilitator} {
		if *dst, err = tenant.IssueKey(ctx, p.Store, tn.ID, role, "t"); err != nil {
			t.Fatal(err)
		}
	}
	return p, k
}

// signIn signs in over HTTP and returns the session cookie.
func signIn(t *testing.T, p *apptest.Process, key string, header http.Header) *http.Cookie {
	t.Helper()
	c := panelpulsev1connect.NewStaffServiceClient(http.DefaultClient, p.URL)
	req := connect.NewRequest(&pb.SignInRequest{ApiKey: key})
	for k, v := range header {
		req.Header()[k] = v
	}
	res, err := c.SignIn(context.Background(), req)
	if err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	cookies, err := http.ParseSetCookie(res.Header().Get("Set-Cookie"))
	if err != nil || cookies.Name != auth.CookieName {
		t.Fatalf("SignIn set %q (%v), want the %s cookie", res.Header().Get("Set-Cookie"), err, auth.CookieName)
	}
	return cookies
}

// withCookie is a client option sending the cookie on every call.
func withCookie(c *http.Cookie) connect.ClientOption {
	return connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Add("Cookie", c.String())
			return next(ctx, req)
		}
	}))
}

// TestRefusedBeforeBodyIsRead: requests without valid credentials get their
// answer from the headers alone, for Connect (JSON and gRPC) and the
// plain-HTTP exports; the same request with a valid key does read the body,
// so the counter would see a read.
func TestRefusedBeforeBodyIsRead(t *testing.T) {
	t.Parallel()
	p, k := setup(t, "body")
	const importPath = "/panelpulse.v1.AdminService/ImportBusinesses"
	cases := []struct {
		name, method, path string
		header             map[string]string
		status             int
	}{
		{"connect, no credentials", http.MethodPost, importPath, map[string]string{"Content-Type": "application/json"}, http.StatusUnauthorized},
		{"connect, malformed bearer", http.MethodPost, importPath, map[string]string{"Content-Type": "application/json", "Authorization": "Bearer nonsense"}, http.StatusUnauthorized},
		{"connect, unknown key", http.MethodPost, importPath, map[string]string{"Content-Type": "application/json", "Authorization": "Bearer ppk_1_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, http.StatusUnauthorized},
		{"connect, wrong role", http.MethodPost, importPath, map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + k.analyst}, http.StatusForbidden},
		{"connect, unknown cookie", http.MethodPost, importPath, map[string]string{"Content-Type": "application/json", "Connect-Protocol-Version": "1", "Cookie": auth.CookieName + "=ppc_1_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, http.StatusUnauthorized},
		{"grpc, no credentials", http.MethodPost, importPath, map[string]string{"Content-Type": "application/grpc"}, http.StatusOK}, // gRPC errors travel in trailers
		{"export, no credentials", http.MethodGet, "/export/v1/codebook.csv", nil, http.StatusUnauthorized},
		{"export, admin key", http.MethodGet, "/export/v1/codebook.csv", map[string]string{"Authorization": "Bearer " + k.admin}, http.StatusForbidden},
	}
	for _, c := range cases {
		body := &countingBody{r: strings.NewReader(`{"csv":"` + strings.Repeat("x", 1<<16) + `"}`)}
		req := httptest.NewRequest(c.method, c.path, body)
		for h, v := range c.header {
			req.Header.Set(h, v)
		}
		rec := httptest.NewRecorder()
		p.App.Handler.ServeHTTP(rec, req)
		if rec.Code != c.status || body.reads.Load() != 0 {
			t.Errorf("%s: status %d after %d body reads, want %d after none (%s)", c.name, rec.Code, body.reads.Load(), c.status, rec.Body.String())
		}
		if strings.HasPrefix(c.name, "grpc") && rec.Header().Get("Grpc-Status") != "16" {
			t.Errorf("%s: grpc-status %q, want 16 (unauthenticated)", c.name, rec.Header().Get("Grpc-Status"))
		}
	}
	body := &countingBody{r: strings.NewReader(`{"csv":"ref,name,sic,employees,district\nB1,One,10110,5,Leicester"}`)}
	req := httptest.NewRequest(http.MethodPost, importPath, body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+k.admin)
	rec := httptest.NewRecorder()
	p.App.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || body.reads.Load() == 0 {
		t.Fatalf("with the admin key: status %d after %d reads, want 200 after reading the body (%s)", rec.Code, body.reads.Load(), rec.Body.String())
	}
}

// TestSessionCookie: SignIn sets an HttpOnly, SameSite=Strict cookie,
// Secure only behind TLS; the session slides on use, ends after the idle
// timeout on the injected clock, and sign-out ends it on the server, so
// the same cookie is refused afterwards.
func TestSessionCookie(t *testing.T) {
	t.Parallel()
	p, k := setup(t, "cookie")
	ctx := context.Background()
	c := signIn(t, p, k.admin, nil)
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Secure || c.Path != "/" || !strings.HasPrefix(c.Value, "ppc_") {
		t.Fatalf("cookie %v: want HttpOnly, SameSite=Strict, not Secure over plain HTTP, path /", c)
	}
	if behindTLS := signIn(t, p, k.admin, http.Header{"X-Forwarded-Proto": {"https"}}); !behindTLS.Secure {
		t.Fatalf("cookie behind a TLS proxy %v is not Secure", behindTLS)
	}
	if _, err := panelpulsev1connect.NewStaffServiceClient(http.DefaultClient, p.URL).SignIn(ctx, connect.NewRequest(&pb.SignInRequest{ApiKey: k.admin + "x"})); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("SignIn with a wrong key: %v, want Unauthenticated", err)
	}
	staff := panelpulsev1connect.NewStaffServiceClient(http.DefaultClient, p.URL, withCookie(c))
	who, err := staff.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{}))
	if err != nil || who.Msg.Identity.Role != pb.StaffRole_STAFF_ROLE_ADMIN || !who.Msg.Identity.Cookie || who.Msg.Identity.TenantSlug != "cookie" {
		t.Fatalf("WhoAmI by cookie = %v, %v; want admin of tenant cookie, by cookie", who, err)
	}
	idle := auth.DefaultSessionPolicy.Idle
	// Used just before each idle timeout, the session lives on past it.
	for range 3 {
		p.Clock.Advance(idle - time.Minute)
		if _, err := staff.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{})); err != nil {
			t.Fatalf("WhoAmI %v after the last use: %v, want the session alive", idle-time.Minute, err)
		}
	}
	p.Clock.Advance(idle + time.Second)
	if _, err := staff.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{})); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("WhoAmI after %v idle: %v, want Unauthenticated", idle+time.Second, err)
	}

	c = signIn(t, p, k.analyst, nil)
	staff = panelpulsev1connect.NewStaffServiceClient(http.DefaultClient, p.URL, withCookie(c))
	out, err := staff.SignOut(ctx, connect.NewRequest(&pb.SignOutRequest{}))
	if err != nil || !out.Msg.Ended {
		t.Fatalf("SignOut = %v, %v; want ended", out, err)
	}
	if cleared, err := http.ParseSetCookie(out.Header().Get("Set-Cookie")); err != nil || cleared.MaxAge >= 0 || cleared.Value != "" {
		t.Fatalf("SignOut's Set-Cookie %q does not clear the cookie", out.Header().Get("Set-Cookie"))
	}
	if _, err := staff.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{})); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("WhoAmI with the signed-out cookie: %v, want Unauthenticated", err)
	}
	if _, err := apptest.As(p, k.analyst).Staff.SignOut(ctx, connect.NewRequest(&pb.SignOutRequest{})); connect.CodeOf(err) != connect.CodeFailedPrecondition {
		t.Fatalf("SignOut with an API key: %v, want FailedPrecondition", err)
	}
}

// TestAuthorizationWinsOverCookie: with both, the Authorization header
// decides, also when it is wrong.
func TestAuthorizationWinsOverCookie(t *testing.T) {
	t.Parallel()
	p, k := setup(t, "wins")
	ctx := context.Background()
	c := signIn(t, p, k.admin, nil)
	staff := panelpulsev1connect.NewStaffServiceClient(http.DefaultClient, p.URL, withCookie(c), apptest.Bearer(k.analyst))
	who, err := staff.WhoAmI(ctx, connect.NewRequest(&pb.WhoAmIRequest{}))
	if err != nil || who.Msg.Identity.Role != pb.StaffRole_STAFF_ROLE_ANALYST || who.Msg.Identity.Cookie {
		t.Fatalf("WhoAmI with an admin cookie and an analyst key = %v, %v; want analyst by header", who, err)
	}
	admin := panelpulsev1connect.NewAdminServiceClient(http.DefaultClient, p.URL, withCookie(c), apptest.Bearer(k.analyst))
	if _, err := admin.GetProgrammeHome(ctx, connect.NewRequest(&pb.GetProgrammeHomeRequest{})); connect.CodeOf(err) != connect.CodePermissionDenied {
		t.Fatalf("AdminService with an admin cookie and an analyst key: %v, want PermissionDenied", err)
	}
	bad := panelpulsev1connect.NewAdminServiceClient(http.DefaultClient, p.URL, withCookie(c), apptest.Bearer("nonsense"))
	if _, err := bad.GetProgrammeHome(ctx, connect.NewRequest(&pb.GetProgrammeHomeRequest{})); connect.CodeOf(err) != connect.CodeUnauthenticated {
		t.Fatalf("AdminService with an admin cookie and a malformed key: %v, want Unauthenticated", err)
	}
	cookieOnly := panelpulsev1connect.NewAdminServiceClient(http.DefaultClient, p.URL, withCookie(c))
	if _, err := cookieOnly.GetProgrammeHome(ctx, connect.NewRequest(&pb.GetProgrammeHomeRequest{})); err != nil {
		t.Fatalf("AdminService with the admin cookie alone: %v", err)
	}
}

// TestCookieNeedsProtectionHeader: what a cross-site form can send (a POST
// with the cookie and no custom header) is refused; the same request with
// Connect's header, or a download with X-PanelPulse-Request, is served.
func TestCookieNeedsProtectionHeader(t *testing.T) {
	t.Parallel()
	p, k := setup(t, "csrf")
	admin := signIn(t, p, k.admin, nil)
	analyst := signIn(t, p, k.analyst, nil)
	do := func(method, path string, c *http.Cookie, header map[string]string, body string) (int, string) {
		req, _ := http.NewRequest(method, p.URL+path, strings.NewReader(body))
		req.AddCookie(c)
		for h, v := range header {
			req.Header.Set(h, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	const home = "/panelpulse.v1.AdminService/GetProgrammeHome"
	if code, body := do(http.MethodPost, home, admin, map[string]string{"Content-Type": "application/json"}, "{}"); code != http.StatusForbidden || !strings.Contains(body, "Connect-Protocol-Version") {
		t.Fatalf("cookie without the protection header: %d %s, want 403 naming the header", code, body)
	}
	if code, body := do(http.MethodPost, home, admin, map[string]string{"Content-Type": "text/plain"}, "{}"); code == http.StatusOK {
		t.Fatalf("a form-like text/plain POST with the cookie was served: %s", body)
	}
	if code, body := do(http.MethodPost, home, admin, map[string]string{"Content-Type": "application/json", "Connect-Protocol-Version": "1"}, "{}"); code != http.StatusOK {
		t.Fatalf("cookie with Connect-Protocol-Version: %d %s, want 200", code, body)
	}
	if code, body := do(http.MethodGet, "/export/v1/codebook.csv", analyst, nil, ""); code != http.StatusForbidden {
		t.Fatalf("export by cookie without X-PanelPulse-Request: %d %s, want 403", code, body)
	}
	if code, body := do(http.MethodGet, "/export/v1/codebook.csv", analyst, map[string]string{"X-PanelPulse-Request": "1"}, ""); code != http.StatusOK || !strings.HasPrefix(body, "question_key,") {
		t.Fatalf("export by cookie with X-PanelPulse-Request: %d %q, want 200 and the codebook", code, body)
	}
}
