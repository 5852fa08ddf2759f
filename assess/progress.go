package assess

import "sync"

// Progress counts the units of work of an assessment (one collector, one
// account of a collector) as they are planned and done, for a progress bar.
// Its methods are safe for concurrent use, and do nothing on a nil Progress.
type Progress struct {
	mu          sync.Mutex
	done, total int
	// onChange is called, under the lock, after every change.
	onChange func(done, total int)
}

// NewProgress returns a Progress that calls onChange after every change.
func NewProgress(onChange func(done, total int)) *Progress {
	return &Progress{onChange: onChange}
}

// Add plans n more units.
func (p *Progress) Add(n int) { p.change(0, n) }

// Done marks n units done.
func (p *Progress) Done(n int) { p.change(n, 0) }

func (p *Progress) change(done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += done
	p.total += total
	if p.onChange != nil {
		p.onChange(p.done, p.total)
	}
}
