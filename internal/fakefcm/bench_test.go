package fakefcm

import (
	"context"
	"strconv"
	"testing"
)

// BenchmarkFakeBare measures the fake's own capacity: a bare keep-alive HTTP
// client posting small valid messages from parallel goroutines.
func BenchmarkFakeBare(b *testing.B) {
	s := New(WithoutRecording())
	base := serve(b, s)
	hc := BareClient(64)
	defer hc.CloseIdleConnections()
	ctx := context.Background()
	b.SetParallelism(16) // 16 x GOMAXPROCS senders, like SendEach's 50 workers
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			if err := PostOne(ctx, hc, base, "bench-"+strconv.Itoa(i%512)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}
