package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"

	"connectrpc.com/connect"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/auth"
	"github.com/panelpulse/panelpulse/internal/store"
	"github.com/panelpulse/panelpulse/internal/tenant"
)

var errUsage = errors.New("usage: panelctl tenant create SLUG NAME | key issue SLUG ROLE [LABEL] | import businesses|panellists FILE | invite [REF...] | rates WAVE_ID")

func realMain(ctx context.Context, args []string, getenv func(string) string) error {
	if len(args) < 1 {
		return errUsage
	}
	switch args[0] {
	case "tenant", "key":
		return operator(ctx, args, getenv("DATABASE_URL"))
	case "import", "invite", "rates":
		url := getenv("PANELPULSE_URL")
		if url == "" {
			url = "http://127.0.0.1:8080"
		}
		key := getenv("PANELPULSE_KEY")
		if key == "" {
			return errors.New("PANELPULSE_KEY (an admin API key) is required")
		}
		return programme(ctx, args, panelpulsev1connect.NewAdminServiceClient(http.DefaultClient, url, connect.WithInterceptors(bearer(key))))
	}
	return errUsage
}

func operator(ctx context.Context, args []string, dbURL string) error {
	if dbURL == "" {
		return errors.New("DATABASE_URL is required for operator commands")
	}
	st, err := store.Open(ctx, dbURL, 2)
	if err != nil {
		return err
	}
	defer st.Close()
	switch {
	case len(args) == 4 && args[0] == "tenant" && args[1] == "create":
		t, err := tenant.Create(ctx, st, tenant.Settings{Slug: args[2], Name: args[3]})
		if err != nil {
			return err
		}
		fmt.Printf("created tenant %s (id %d)\n", t.Slug, t.ID)
		return nil
	case len(args) >= 4 && args[0] == "key" && args[1] == "issue":
		t, err := st.Q.TenantGetBySlug(ctx, args[2])
		if err != nil {
			return fmt.Errorf("tenant %q: %w", args[2], err)
		}
		label := ""
		if len(args) > 4 {
			label = args[4]
		}
		key, err := tenant.IssueKey(ctx, st, t.ID, auth.Role(args[3]), label)
		if err != nil {
			return err
		}
		fmt.Println(key)
		return nil
	}
	return errUsage
}

func programme(ctx context.Context, args []string, c panelpulsev1connect.AdminServiceClient) error {
	switch {
	case len(args) == 3 && args[0] == "import":
		b, err := os.ReadFile(args[2])
		if err != nil {
			return err
		}
		var imported int32
		var problems []*pb.ImportProblem
		switch args[1] {
		case "businesses":
			r, err := c.ImportBusinesses(ctx, connect.NewRequest(&pb.ImportBusinessesRequest{Csv: string(b)}))
			if err != nil {
				return err
			}
			imported, problems = r.Msg.Imported, r.Msg.Problems
		case "panellists":
			r, err := c.ImportPanellists(ctx, connect.NewRequest(&pb.ImportPanellistsRequest{Csv: string(b)}))
			if err != nil {
				return err
			}
			imported, problems = r.Msg.Imported, r.Msg.Problems
		default:
			return errUsage
		}
		for _, p := range problems {
			fmt.Fprintf(os.Stderr, "%s:%d: %s\n", args[2], p.Line, p.Message)
		}
		if len(problems) > 0 {
			return fmt.Errorf("%d problems; nothing imported", len(problems))
		}
		fmt.Printf("imported %d %s\n", imported, args[1])
		return nil
	case args[0] == "invite":
		r, err := c.CreateInvites(ctx, connect.NewRequest(&pb.CreateInvitesRequest{PanellistRefs: args[1:]}))
		if err != nil {
			return err
		}
		fmt.Println("panellist_ref,invite_code")
		for _, i := range r.Msg.Invites {
			fmt.Printf("%s,%s\n", i.PanellistRef, i.Code)
		}
		return nil
	case len(args) == 2 && args[0] == "rates":
		id, err := strconv.ParseInt(args[1], 10, 64)
		if err != nil {
			return fmt.Errorf("wave id %q is not a number", args[1])
		}
		r, err := c.GetResponseRates(ctx, connect.NewRequest(&pb.GetResponseRatesRequest{WaveId: id}))
		if err != nil {
			return err
		}
		fmt.Println("day,assigned,pushed,opened,answered,answered_after_push,response_rate")
		for _, d := range r.Msg.Days {
			c := d.Counts
			fmt.Printf("%s,%d,%d,%d,%d,%d,%.3f\n", d.Day, c.Assigned, c.Pushed, c.Opened, c.Answered, c.AnsweredAfterPush, c.ResponseRate)
		}
		return nil
	}
	return errUsage
}

func bearer(key string) connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+key)
			return next(ctx, req)
		}
	}
}
