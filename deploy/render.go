package deploy

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// symbols mark each action in a plan printed for people.
var symbols = map[Action]string{Create: "+", Update: "~", Delete: "-", Noop: "="}

// WritePlanText prints a plan for people: one line per change with its
// symbol (+ create, ~ update, - delete), kind, key, name and reason, then
// the notes and a summary line. No-ops are counted, and listed only when
// listNoops is set.
func WritePlanText(w io.Writer, p *Plan, listNoops bool) error {
	regions := map[string]bool{}
	for _, ch := range p.Changes {
		regions[ch.Region] = true
	}
	kindWidth, keyWidth := 0, 0
	for _, ch := range p.Changes {
		if ch.Action != Noop || listNoops {
			kindWidth = max(kindWidth, len(ch.Kind))
			keyWidth = max(keyWidth, min(40, utf8.RuneCountInString(ch.Key)))
		}
	}
	var b strings.Builder
	for _, ch := range p.Changes {
		if ch.Action == Noop && !listNoops {
			continue
		}
		fmt.Fprintf(&b, "  %s ", symbols[ch.Action])
		if len(regions) > 1 {
			fmt.Fprintf(&b, "%-14s ", ch.Region)
		}
		key, name := shorten(ch.Key, 40), shorten(ch.Name, 60)
		fmt.Fprintf(&b, "%-*s %-*s  %s", kindWidth, ch.Kind, keyWidth, key, name)
		if ch.Reason != "" {
			fmt.Fprintf(&b, "  (%s)", ch.Reason)
		}
		b.WriteString("\n")
	}
	if len(p.Notes) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "Notes on what %s leaves out:\n", p.Target)
		writeNotes(&b, p.Notes, listNoops)
	}
	s := p.Summary()
	if b.Len() > 0 {
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "Plan: %d to create, %d to update, %d to delete, %d unchanged.\n",
		s.Create, s.Update, s.Delete, s.Noop)
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteResultText prints what an Apply did: the changes that failed, with
// their errors, and a summary line with the calls made to AWS.
func WriteResultText(w io.Writer, verb string, res Result, calls *Calls) error {
	var b strings.Builder
	for _, o := range res.Outcomes {
		if o.Status == StatusFailed {
			fmt.Fprintf(&b, "  ! %s %s %s: %v\n", o.Action, o.Kind, o.Key, o.Err)
		}
	}
	s := res.Summary()
	// Only the counts that are not zero: a destroy says what it deleted,
	// not that it created nothing.
	var counts []string
	for _, c := range []struct {
		n    int
		what string
	}{
		{s.Create, "created"}, {s.Update, "updated"}, {s.Delete, "deleted"},
		{res.Count(StatusFailed), "failed"}, {res.Count(StatusSkipped), "not started"},
	} {
		if c.n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	if len(counts) == 0 {
		counts = []string{"no change"}
	}
	fmt.Fprintf(&b, "%s %s: %s", capitalize(verb), outcome(res), strings.Join(counts, ", "))
	fmt.Fprintf(&b, " in %s", res.Elapsed.Round(100*time.Millisecond))
	if calls != nil {
		fmt.Fprintf(&b, "; %s", CallsToAWS(calls.Total()))
		if t := calls.Throttled(); t > 0 {
			fmt.Fprintf(&b, ", %d throttled and retried", t)
		}
	}
	b.WriteString(".\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// JSON shapes of plan, apply and destroy: a stable contract, documented in
// DESIGN.md. Fields may be added, never renamed.
type (
	jsonReport struct {
		Target    string       `json:"target"`
		Framework string       `json:"framework"`
		Changes   []jsonChange `json:"changes"`
		Summary   Summary      `json:"summary"`
		Notes     []jsonNote   `json:"notes"`
		APICalls  jsonCalls    `json:"apiCalls"`
		Result    *jsonResult  `json:"result,omitempty"`
	}
	jsonChange struct {
		Action string `json:"action"`
		Kind   string `json:"kind"`
		// ID is hdsctl's key of the object: a control ID, a framework ID.
		ID     string `json:"id"`
		Name   string `json:"name"`
		Region string `json:"region,omitempty"`
		AWSID  string `json:"awsId,omitempty"`
		Reason string `json:"reason,omitempty"`
		Status string `json:"status,omitempty"`
		Error  string `json:"error,omitempty"`
	}
	jsonNote struct {
		ID      string `json:"id,omitempty"`
		Message string `json:"message"`
	}
	jsonCalls struct {
		Total       int            `json:"total"`
		Throttled   int            `json:"throttled"`
		ByOperation map[string]int `json:"byOperation"`
	}
	jsonResult struct {
		Status         string  `json:"status"`
		Done           int     `json:"done"`
		Failed         int     `json:"failed"`
		Skipped        int     `json:"skipped"`
		Retries        int     `json:"retries"`
		ElapsedSeconds float64 `json:"elapsedSeconds"`
	}
)

// WriteJSON prints a plan, and the result of applying it when res is not
// nil, in the JSON shape of DESIGN.md:
//
//	{"target", "framework", "changes": [{"action", "kind", "id", "name",
//	 "region", "awsId", "reason", "status", "error"}], "summary": {"create",
//	 "update", "delete", "noop"}, "notes": [{"id", "message"}],
//	 "apiCalls": {"total", "throttled", "byOperation": {"auditmanager.ListControls": 2}},
//	 "result": {"status", "done", "failed", "skipped", "retries", "elapsedSeconds"}}
//
// "id" is hdsctl's key of the object; "awsId" its AWS identifier. apiCalls
// counts every HTTP request sent to AWS by the command, retries included.
// result, and each change's status, appear after apply and destroy.
func WriteJSON(w io.Writer, p *Plan, res *Result, calls *Calls) error {
	out := jsonReport{Target: p.Target, Framework: p.Framework, Summary: p.Summary(),
		Changes: []jsonChange{}, Notes: []jsonNote{}}
	outcomes := map[int]Outcome{}
	if res != nil {
		n := 0
		for i, ch := range p.Changes {
			if ch.Action != Noop && n < len(res.Outcomes) {
				outcomes[i] = res.Outcomes[n]
				n++
			}
		}
	}
	for i, ch := range p.Changes {
		jc := jsonChange{Action: string(ch.Action), Kind: string(ch.Kind), ID: ch.Key, Name: ch.Name,
			Region: ch.Region, AWSID: ch.ID, Reason: ch.Reason}
		if o, ok := outcomes[i]; ok {
			jc.Status = string(o.Status)
			if o.ID != "" {
				jc.AWSID = o.ID
			}
			if o.Err != nil {
				jc.Error = o.Err.Error()
			}
		}
		out.Changes = append(out.Changes, jc)
	}
	for _, n := range p.Notes {
		out.Notes = append(out.Notes, jsonNote{ID: n.Key, Message: n.Message})
	}
	out.APICalls.ByOperation = map[string]int{}
	if calls != nil {
		out.APICalls = jsonCalls{Total: calls.Total(), Throttled: calls.Throttled(),
			ByOperation: calls.ByOperation()}
	}
	if res != nil {
		out.Result = &jsonResult{
			Status:         outcome(*res),
			Retries:        res.Retries,
			ElapsedSeconds: res.Elapsed.Seconds(),
			Done:           res.Count(StatusDone),
			Failed:         res.Count(StatusFailed),
			Skipped:        res.Count(StatusSkipped),
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// outcome says how an apply ended: complete, failed (a change failed) or
// interrupted (changes were skipped).
func outcome(res Result) string {
	switch {
	case res.Count(StatusFailed) > 0:
		return "failed"
	case res.Count(StatusSkipped) > 0:
		return "interrupted"
	}
	return "complete"
}

// CallsToAWS says how many calls to AWS were made, in words.
func CallsToAWS(n int) string {
	if n == 1 {
		return "1 call to AWS"
	}
	return fmt.Sprintf("%d calls to AWS", n)
}

// shorten cuts s to n characters, marking the cut with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// capitalize returns s with its first letter in upper case.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// writeNotes prints the plan's notes. Unless every note is asked for, notes
// with the same message are printed once, with the objects they concern:
// a catalog of 157 controls leaves dozens out for the same reason.
func writeNotes(b *strings.Builder, notes []Note, all bool) {
	if all {
		for _, n := range notes {
			if n.Key != "" {
				fmt.Fprintf(b, "  %s: %s\n", n.Key, n.Message)
			} else {
				fmt.Fprintf(b, "  %s\n", n.Message)
			}
		}
		return
	}
	var order []string
	keys := map[string][]string{}
	for _, n := range notes {
		if _, seen := keys[n.Message]; !seen {
			order = append(order, n.Message)
		}
		keys[n.Message] = append(keys[n.Message], n.Key)
	}
	for _, msg := range order {
		ks := keys[msg]
		switch {
		case len(ks) == 1 && ks[0] == "":
			fmt.Fprintf(b, "  %s\n", msg)
		case len(ks) == 1:
			fmt.Fprintf(b, "  %s: %s\n", ks[0], msg)
		default:
			const shown = 4
			list := strings.Join(ks[:min(shown, len(ks))], ", ")
			if len(ks) > shown {
				list += fmt.Sprintf(" and %d more", len(ks)-shown)
			}
			fmt.Fprintf(b, "  %d objects (%s): %s\n", len(ks), list, msg)
		}
	}
	fmt.Fprintln(b, "  (-v lists every note)")
}
