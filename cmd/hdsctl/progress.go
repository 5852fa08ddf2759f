package main

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/hdsctl/hdsctl/assess"
)

// progressBar draws an assessment's progress on stderr, on a terminal only;
// elsewhere it draws nothing.
type progressBar struct {
	w        io.Writer
	label    string
	progress *assess.Progress

	mu    sync.Mutex
	drawn bool
}

func newProgressBar(w io.Writer, label string) *progressBar {
	b := &progressBar{w: w, label: label}
	if isTerminal(w) {
		b.progress = assess.NewProgress(b.draw)
	}
	return b
}

const barWidth = 30

// draw redraws the bar; Progress calls it under its lock.
func (b *progressBar) draw(done, total int) {
	if total == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	full := barWidth * done / total
	fmt.Fprintf(b.w, "\r%s [%s%s] %d/%d", b.label, strings.Repeat("#", full), strings.Repeat(".", barWidth-full), done, total)
	b.drawn = true
}

// finish clears the bar's line.
func (b *progressBar) finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drawn {
		fmt.Fprintf(b.w, "\r%s\r", strings.Repeat(" ", len(b.label)+barWidth+16))
	}
}
