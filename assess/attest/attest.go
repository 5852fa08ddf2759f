// Package attest reads attestation files: what people state about the
// controls no API can evidence (a policy signed, a review held, a contract
// clause), with who states it, when, until when, and where the evidence is.
//
// An attestation file is YAML:
//
//	# hdsctl attestation file
//	attestations:
//	  - control: HDS-EXI-02          # a control ID of the framework
//	    status: PASS                 # PASS, FAIL or NOT_APPLICABLE
//	    owner: Jeanne Martin (RSSI)  # who answers for it
//	    date: 2026-10-01             # when it was stated, YYYY-MM-DD
//	    expires: 2027-10-01          # optional: when it must be renewed
//	    evidence:                    # optional: links or paths
//	      - https://intranet.example/isms/risk-assessment-2026.pdf
//	    comment: Risk assessment approved by the board on 2026-09-28.
//
// Loading checks every entry against the framework and reports every problem
// at once, each with its file:line, before any AWS call. Whether an
// attestation has expired is decided when the assessment runs.
package attest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/yamlfile"
	"github.com/hdsctl/hdsctl/results"
)

// Statuses lists the statuses an attestation can state.
var Statuses = []results.Status{results.Pass, results.Fail, results.NotApplicable}

// Set holds the attestations of one file, by control ID.
type Set struct {
	// Path names the file as the user gave it.
	Path      string
	byControl map[string]results.Attestation
	pos       map[string]framework.Position
}

// For returns the attestation of the control with the given ID.
func (s *Set) For(control string) (results.Attestation, bool) {
	if s == nil {
		return results.Attestation{}, false
	}
	a, ok := s.byControl[control]
	return a, ok
}

// Where returns where the attestation of a control is written.
func (s *Set) Where(control string) framework.Position {
	if s == nil {
		return framework.Position{}
	}
	return s.pos[control]
}

// Len returns the number of attestations.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.byControl)
}

// InvalidError says an attestation file is invalid. It carries every problem
// found, each with its file:line and how to fix it.
type InvalidError struct {
	Path        string
	Diagnostics framework.Diagnostics
}

// Error names the file and its problem, or how many it has; Diagnostics
// holds each.
func (e *InvalidError) Error() string {
	errs := e.Diagnostics.Errors()
	if len(errs) == 1 {
		return fmt.Sprintf("attestation file %s is invalid: %s", e.Path, errs[0])
	}
	return fmt.Sprintf("attestation file %s is invalid: %d problems", e.Path, len(errs))
}

// Load reads the attestation file at path for the framework fw. An invalid
// file gives an *InvalidError; a file that cannot be read gives the error of
// the file system.
func Load(path string, fw *framework.Framework) (*Set, error) {
	data, err := yamlfile.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, fw)
}

// Parse reads an attestation file from data; name is used in diagnostics.
func Parse(name string, data []byte, fw *framework.Framework) (*Set, error) {
	r := yamlfile.NewReader(name)
	s := &Set{Path: name, byControl: map[string]results.Attestation{}, pos: map[string]framework.Position{}}
	if root, ok := r.Parse(data); ok {
		f := root.Fields("the attestation file", "attestations")
		if f["attestations"].Missing() {
			r.Errorf(root.Pos(), "list them under attestations:", "the file has no attestations")
		}
		seen := map[string]framework.Position{}
		for _, n := range f["attestations"].List("attestations") {
			s.read(r, n, fw, seen)
		}
	}
	if diags := r.Diagnostics(); diags.HasErrors() {
		return nil, &InvalidError{Path: name, Diagnostics: diags}
	}
	return s, nil
}

// read reads one entry and adds it to the set when it is valid; seen holds
// where each control was first attested, valid or not.
func (s *Set) read(r *yamlfile.Reader, n yamlfile.Node, fw *framework.Framework, seen map[string]framework.Position) {
	before := len(r.Diagnostics())
	f := n.Fields("an attestation", "control", "status", "owner", "date", "expires", "evidence", "comment")
	id := f["control"].Required("control", n)
	if id != "" && fw.Control(id) == nil {
		r.Errorf(f["control"].Pos(), suggestControl(fw, id), "control %q is not in framework %s", id, fw.ID)
	}
	if prev, dup := seen[id]; dup && id != "" {
		r.Errorf(f["control"].Pos(), "keep one attestation per control",
			"control %s is attested twice (first at line %d)", id, prev.Line)
	} else if id != "" {
		seen[id] = f["control"].Pos()
	}
	a := results.Attestation{
		Status:  results.Status(strings.ToUpper(f["status"].Required("status", n))),
		Owner:   f["owner"].Required("owner", n),
		Comment: f["comment"].Str("comment"),
	}
	if a.Status != "" && !slices.Contains(Statuses, a.Status) {
		r.Errorf(f["status"].Pos(), "write PASS, FAIL or NOT_APPLICABLE",
			"status %q is not one an attestation can state", a.Status)
	}
	var ok bool
	if a.Date, ok = f["date"].Date("date"); !ok && f["date"].Missing() {
		r.Errorf(n.Pos(), "add date: YYYY-MM-DD, the day the statement was made", "date is missing")
	}
	if a.Expires, ok = f["expires"].Date("expires"); ok && !a.Date.IsZero() && a.Expires.Before(a.Date) {
		r.Errorf(f["expires"].Pos(), "write an expiry after the date", "expires %s is before the date %s",
			a.Expires.Format("2006-01-02"), a.Date.Format("2006-01-02"))
	}
	for _, l := range f["evidence"].List("evidence") {
		if link := l.Str("an evidence link"); link != "" {
			a.Links = append(a.Links, link)
		}
	}
	if len(r.Diagnostics()) > before || id == "" {
		return
	}
	s.byControl[id] = a
	s.pos[id] = f["control"].Pos()
}

// suggestControl says how to name a control the framework does not have:
// the control whose ID differs only in case, or the controls that reference
// the requirement written (EXI 28, A.5.1).
func suggestControl(fw *framework.Framework, id string) string {
	if hds := "HDS-" + strings.ReplaceAll(strings.ToUpper(strings.TrimSpace(id)), " ", "-"); fw.Control(hds) != nil {
		return fmt.Sprintf("did you mean %q, the control of %s?", hds, id)
	}
	var refs []string
	for _, c := range fw.Controls() {
		if strings.EqualFold(c.ID, id) {
			return fmt.Sprintf("did you mean %q?", c.ID)
		}
		for _, r := range c.References {
			if strings.EqualFold(r.ID, id) && !slices.Contains(refs, c.ID) {
				refs = append(refs, c.ID)
			}
		}
	}
	switch {
	case len(refs) == 1:
		return fmt.Sprintf("did you mean %q, the control of %s?", refs[0], id)
	case len(refs) > 1:
		return fmt.Sprintf("name the control, not the requirement: %s", strings.Join(refs, ", "))
	}
	return "use a control ID as hdsctl show " + fw.ID + " lists it"
}
