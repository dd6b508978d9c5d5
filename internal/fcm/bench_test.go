package fcm

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/panelpulse/panelpulse/internal/fakefcm"
)

// BenchmarkSend measures Send through the real Firebase SDK into the fake
// over loopback HTTP, one full batch of 500 per operation, no rate limit.
// Compare msgs/s with fakefcm's BenchmarkFakeBare (the fake's own ceiling).
func BenchmarkSend(b *testing.B) {
	c, fake := newTestClient(b, Config{RatePerMinute: 0}, fakefcm.WithoutRecording())
	msgs := make([]Message, MaxBatch)
	for i := range msgs {
		msgs[i] = Message{Token: "bench-" + strconv.Itoa(i), Title: "Today's questions", Body: "Two questions",
			Data: map[string]string{"assignment_id": strconv.Itoa(i)}, CollapseKey: "p-" + strconv.Itoa(i),
			Expiry: fixedNow.Add(8 * time.Hour), AnalyticsLabel: "wave-1"}
	}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		results, err := c.Send(ctx, msgs)
		if err != nil {
			b.Fatal(err)
		}
		if results[0].Outcome != Delivered {
			b.Fatalf("result %+v, want Delivered", results[0])
		}
	}
	b.ReportMetric(float64(fake.Count())/b.Elapsed().Seconds(), "msgs/s")
}
