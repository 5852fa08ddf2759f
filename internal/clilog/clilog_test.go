package clilog

import (
	"bytes"
	"log/slog"
	"testing"
)

func TestHandler(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(New(&buf, "hdsctl", slog.LevelWarn))
	log.Info("not shown", "k", 1)
	log.With("region", "eu-west-3").WithGroup("pack").Warn("pack left behind", "name", "p-1", "n", 2)
	log.Error("failed")
	want := "hdsctl: warning: pack left behind (region=eu-west-3, pack.name=p-1, pack.n=2)\n" +
		"hdsctl: error: failed\n"
	if got := buf.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
