// Package clilog is the log handler of the command line: warnings and
// errors on stderr, one short line each, as a person reads them.
package clilog

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
)

// Handler writes each record at or above its level as one line:
// "hdsctl: warning: message (key=value, ...)". It is safe for concurrent
// use.
type Handler struct {
	prefix string
	level  slog.Leveler
	attrs  []string // "key=value", keys qualified by their group
	group  string

	mu *sync.Mutex
	w  io.Writer
}

// New returns a handler writing to w the records at or above level, each
// line starting with prefix (such as "hdsctl").
func New(w io.Writer, prefix string, level slog.Leveler) *Handler {
	return &Handler{prefix: prefix, level: level, mu: &sync.Mutex{}, w: w}
}

// Enabled reports whether records of the level are written.
func (h *Handler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.level.Level() }

// Handle writes one record.
func (h *Handler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: %s", h.prefix, levelWord(r.Level), r.Message)
	kv := h.attrs[:len(h.attrs):len(h.attrs)]
	r.Attrs(func(a slog.Attr) bool {
		kv = h.appendAttr(kv, a)
		return true
	})
	if len(kv) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(kv, ", "))
	}
	b.WriteByte('\n')
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := io.WriteString(h.w, b.String())
	return err
}

// WithAttrs returns a handler that adds attrs to every record.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	h2 := *h
	h2.attrs = h.attrs[:len(h.attrs):len(h.attrs)]
	for _, a := range attrs {
		h2.attrs = h.appendAttr(h2.attrs, a)
	}
	return &h2
}

// appendAttr appends "key=value" for a, its key qualified by the group.
func (h *Handler) appendAttr(kv []string, a slog.Attr) []string {
	if a.Equal(slog.Attr{}) {
		return kv
	}
	key := a.Key
	if h.group != "" {
		key = h.group + "." + key
	}
	return append(kv, key+"="+a.Value.Resolve().String())
}

// WithGroup returns a handler that prefixes the keys of later attributes
// with name.
func (h *Handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	h2 := *h
	if h.group != "" {
		name = h.group + "." + name
	}
	h2.group = name
	return &h2
}

func levelWord(l slog.Level) string {
	switch {
	case l >= slog.LevelError:
		return "error"
	case l >= slog.LevelWarn:
		return "warning"
	case l >= slog.LevelInfo:
		return "info"
	}
	return "debug"
}
