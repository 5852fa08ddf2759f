package deploy

import (
	"context"
	"testing"
	"time"
)

func TestAuditManagerLimiterSendsThePlanReadsAtOnceThenPaces(t *testing.T) {
	l := NewLimiter(AuditManagerRPS, AuditManagerBurst)
	ctx := context.Background()
	start := time.Now()
	for range AuditManagerBurst {
		if err := l.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := time.Since(start); got > 40*time.Millisecond {
		t.Errorf("the first %d requests waited %v, want no wait", AuditManagerBurst, got)
	}
	for range AuditManagerRPS / 2 {
		if err := l.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Half a second's worth of requests after the burst: the pace holds.
	if got := time.Since(start); got < 400*time.Millisecond {
		t.Errorf("%d requests after the burst took %v, want about 500 ms at %d per second",
			AuditManagerRPS/2, got, AuditManagerRPS)
	}
}
