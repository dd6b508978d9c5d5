package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1"
	"github.com/panelpulse/panelpulse/gen/proto/panelpulse/v1/panelpulsev1connect"
	"github.com/panelpulse/panelpulse/internal/loopback"
)

// ingest is the measured side of the server.
type ingest struct {
	answers  int64
	errors   int64
	elapsed  time.Duration
	p50, p99 float64
}

// drive submits new answers (a new idempotency key each, so every call
// writes a revision) from cfg.Clients goroutines; goroutine g answers for
// panellists g, g+C, g+2C, ... in turn. Only calls started after the warm-up
// and finished before the end are counted.
func (r *rig) drive(ctx context.Context) (ingest, error) {
	n := len(r.tokens)
	clients := make([]panelpulsev1connect.PanellistServiceClient, n)
	for i, tok := range r.tokens {
		clients[i] = panelpulsev1connect.NewPanellistServiceClient(r.http, r.url, loopback.Bearer(tok), connect.WithAcceptCompression("gzip", nil, nil))
	}
	at := timestamppb.New(opensAt.Add(30 * time.Minute))
	start := time.Now().Add(r.cfg.Warmup)
	end := start.Add(r.cfg.Duration)
	var answers, failures atomic.Int64
	var firstErr atomic.Value
	lat := make([][]time.Duration, r.cfg.Clients)
	if r.cfg.CPUProfile != "" {
		f, err := os.Create(r.cfg.CPUProfile)
		if err != nil {
			return ingest{}, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return ingest{}, err
		}
		defer pprof.StopCPUProfile()
	}
	var wg sync.WaitGroup
	for g := range r.cfg.Clients {
		wg.Go(func() {
			var seq int
			for p := g; ctx.Err() == nil; p = (p + r.cfg.Clients) % n {
				t0 := time.Now()
				if !t0.Before(end) {
					return
				}
				seq++
				v := int32(1 + seq%10)
				_, err := clients[p].SubmitAnswer(ctx, connect.NewRequest(&pb.SubmitAnswerRequest{
					AssignmentId: r.assignments[p], IdempotencyKey: fmt.Sprintf("load-%d-%d", g, seq), Value: &pb.AnswerValue{Scale: &v}, AnsweredAt: at,
				}))
				t1 := time.Now()
				if t0.Before(start) || t1.After(end) {
					continue
				}
				if err != nil {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				answers.Add(1)
				lat[g] = append(lat[g], t1.Sub(t0))
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return ingest{}, err
	}
	if failures.Load() > 0 {
		return ingest{}, fmt.Errorf("%d submits failed, first: %v", failures.Load(), firstErr.Load())
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	res := ingest{answers: answers.Load(), errors: failures.Load(), elapsed: r.cfg.Duration}
	if len(all) > 0 {
		res.p50 = ms(all[len(all)/2])
		res.p99 = ms(all[len(all)*99/100])
	}
	return res, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
