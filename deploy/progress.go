package deploy

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// ProgressBar shows an Apply's progress on a stream meant for people
// (stderr). On a terminal it redraws one line with a bar and the counts; on
// anything else it writes a plain line every Interval, so that logs of long
// runs show life without filling up.
type ProgressBar struct {
	w        io.Writer
	terminal bool
	label    string
	// Interval separates plain lines when the stream is not a terminal; 0
	// means 10 seconds. A negative value writes none.
	Interval time.Duration

	mu      sync.Mutex
	start   time.Time
	last    time.Time
	drawn   bool
	current Progress
}

// NewProgressBar returns a progress display on w, labelled with what runs
// (apply, destroy). terminal says whether w is a terminal.
func NewProgressBar(w io.Writer, terminal bool, label string) *ProgressBar {
	return &ProgressBar{w: w, terminal: terminal, label: label, start: time.Now()}
}

// Update shows p. It is meant as ApplyOptions.Progress.
func (b *ProgressBar) Update(p Progress) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.current = p
	now := time.Now()
	if b.terminal {
		if now.Sub(b.last) < 50*time.Millisecond && p.Done+p.Failed < p.Total {
			return
		}
		b.last = now
		fmt.Fprintf(b.w, "\r%s\x1b[K", b.line(p, true))
		b.drawn = true
		return
	}
	interval := b.Interval
	if interval == 0 {
		interval = 10 * time.Second
	}
	if interval < 0 || now.Sub(b.start) < interval || now.Sub(b.last) < interval {
		return
	}
	b.last = now
	fmt.Fprintln(b.w, b.line(p, false))
}

// Finish ends the display, leaving the last count on screen.
func (b *ProgressBar) Finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.terminal && b.drawn {
		fmt.Fprintf(b.w, "\r%s\x1b[K\n", b.line(b.current, true))
	}
}

func (b *ProgressBar) line(p Progress, bar bool) string {
	var s strings.Builder
	s.WriteString(b.label)
	s.WriteString(" ")
	if bar {
		const width = 30
		filled := 0
		if p.Total > 0 {
			filled = (p.Done + p.Failed) * width / p.Total
		}
		s.WriteString("[" + strings.Repeat("=", filled) + strings.Repeat(" ", width-filled) + "] ")
	}
	fmt.Fprintf(&s, "%d/%d", p.Done+p.Failed, p.Total)
	if p.Failed > 0 {
		fmt.Fprintf(&s, ", %d failed", p.Failed)
	}
	if p.Retries > 0 {
		fmt.Fprintf(&s, ", %d retried", p.Retries)
	}
	fmt.Fprintf(&s, " (%s)", time.Since(b.start).Round(100*time.Millisecond))
	if bar && p.Last.Key != "" {
		fmt.Fprintf(&s, "  %s %s %s", p.Last.Action, p.Last.Kind, p.Last.Key)
	}
	return s.String()
}
