package auditmanager

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hdsctl/hdsctl/awsref"
	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/framework"
)

// Tags hdsctl sets on every object it creates. framework.ReservedTags
// counts them.
const (
	TagManagedBy = "hdsctl:managed-by"
	TagFramework = "hdsctl:framework"
	TagKey       = "hdsctl:key"
	TagHash      = "hdsctl:hash"
	TagLang      = "hdsctl:lang"
	managedBy    = "hdsctl"
)

// Limits of the Audit Manager API that the adapter's own texts must keep.
const (
	maxSourceName = framework.MaxSourceName
	maxSourceDesc = framework.MaxSourceDescription
)

// controlSpec is the content of a custom control: what CreateControl and
// UpdateControl send.
type controlSpec struct {
	FrameworkID            string
	Lang                   string
	Name                   string
	Description            string
	TestingInformation     string
	ActionPlanTitle        string
	ActionPlanInstructions string
	Sources                []sourceSpec
	Tags                   map[string]string
}

// sourceSpec is one data source of a control.
type sourceSpec struct {
	Type        string
	Keyword     string
	Name        string
	Description string
	Frequency   string
}

// frameworkSpec is the content of the custom framework. Its control sets
// list controls by key; Apply resolves them to AWS IDs.
type frameworkSpec struct {
	FrameworkID    string
	Lang           string
	Name           string
	Description    string
	ComplianceType string
	Sets           []setSpec
	Tags           map[string]string
}

type setSpec struct {
	Name string
	Keys []string
}

// Desired returns the resources fw deploys to: in each Region, one custom
// control per control (phase 0), the custom framework (phase 1), and the
// assessment when asked for (phase 2); and notes on the evidence sources
// Audit Manager does not accept, which are left out. It makes no AWS call.
func (t *Target) Desired(fw *framework.Framework) ([]deploy.Resource, []deploy.Note, error) {
	lang := t.lang(fw)
	var specs []*controlSpec
	for _, c := range fw.Controls() {
		specs = append(specs, controlSpecOf(fw, c, lang))
	}
	fwSpec := frameworkSpecOf(fw, lang)
	var asmt *assessmentSpec
	if t.opts.Assessment != nil {
		asmt = t.assessmentSpecOf(fw, lang)
	}

	var out []deploy.Resource
	for _, region := range t.regions {
		for i, c := range fw.Controls() {
			s := specs[i]
			out = append(out, deploy.Resource{Kind: KindControl, Key: c.ID, Name: s.Name,
				Region: region, Hash: s.hash(), Phase: phaseControl, Spec: s})
		}
		out = append(out, deploy.Resource{Kind: KindFramework, Key: fw.ID, Name: fwSpec.Name,
			Region: region, Hash: fwSpec.hash(), Phase: phaseFramework, Spec: fwSpec})
		if asmt != nil {
			out = append(out, deploy.Resource{Kind: KindAssessment, Key: fw.ID, Name: asmt.Name,
				Region: region, Hash: asmt.hash(), Phase: phaseAssessment, Spec: asmt})
		}
	}
	return out, notesOf(fw), nil
}

// notesOf says, for each control, which sources are left out of Audit
// Manager and why, grouped by reason, and which controls get the manual
// source pointing to hdsctl assess. The decisions are accepted's, which
// agree with validation's warnings for the Audit Manager target.
func notesOf(fw *framework.Framework) []deploy.Note {
	var notes []deploy.Note
	for _, c := range fw.Controls() {
		var checks, rules, hub, kept []string
		for _, s := range c.Sources {
			switch {
			case accepted(s):
				kept = append(kept, s.Keyword)
			case s.Type == framework.SourceCheck:
				checks = append(checks, s.Keyword)
			case s.Type == framework.SourceConfig:
				rules = append(rules, s.Keyword)
			case s.Type == framework.SourceSecurityHub:
				hub = append(hub, s.Keyword)
			}
		}
		var parts []string
		if len(checks) > 0 {
			parts = append(parts, fmt.Sprintf("hdsctl checks %s (not Audit Manager data sources: "+
				"run hdsctl assess)", strings.Join(checks, ", ")))
		}
		if len(rules) > 0 {
			parts = append(parts, fmt.Sprintf("AWS Config rules %s (outside the 326 Audit Manager accepts: "+
				"deploy them with --target config)", strings.Join(rules, ", ")))
		}
		if len(hub) > 0 {
			parts = append(parts, fmt.Sprintf("Security Hub controls %s (outside AWS Foundational Security "+
				"Best Practices, which Audit Manager does not collect)", strings.Join(hub, ", ")))
		}
		if len(parts) == 0 {
			continue
		}
		msg := "left out: " + strings.Join(parts, "; ")
		if len(kept) == 0 {
			msg += "; deployed with a manual source that points to hdsctl assess"
		}
		notes = append(notes, deploy.Note{Key: c.ID, Message: msg})
	}
	return notes
}

// controlSpecOf builds the content of the control c in lang.
func controlSpecOf(fw *framework.Framework, c *framework.Control, lang string) *controlSpec {
	s := &controlSpec{
		FrameworkID:            fw.ID,
		Lang:                   lang,
		Name:                   c.Name.Get(lang),
		Description:            c.Description.Get(lang),
		TestingInformation:     c.TestingInformation.Get(lang),
		ActionPlanTitle:        c.ActionPlanTitle.Get(lang),
		ActionPlanInstructions: c.ActionPlanInstructions.Get(lang),
		Tags:                   userTags(fw, c),
	}
	for _, src := range c.Sources {
		if accepted(src) {
			s.Sources = append(s.Sources, sourceSpecOf(src, lang))
		}
	}
	if len(s.Sources) == 0 {
		s.Sources = []sourceSpec{assessSource(fw, lang)}
	}
	return s
}

// accepted reports whether Audit Manager takes the source as a data source:
// AWS Config managed rules among the 326 it supports, Security Hub controls
// of the AWS Foundational Security Best Practices standard, its API-call
// keywords, CloudTrail events, and manual evidence. hdsctl's own checks are
// not Audit Manager sources.
func accepted(s framework.Source) bool {
	switch s.Type {
	case framework.SourceManual, framework.SourceCloudTrail:
		return true
	case framework.SourceConfig:
		r, ok := awsref.LookupConfigRule(s.Keyword)
		return ok && r.AuditManager
	case framework.SourceSecurityHub:
		c, ok := awsref.LookupSecurityHubControl(s.Keyword)
		return ok && c.FSBP
	case framework.SourceAPICall:
		return awsref.IsAPICallKeyword(s.Keyword)
	}
	return false
}

func sourceSpecOf(s framework.Source, lang string) sourceSpec {
	out := sourceSpec{Type: string(s.Type), Keyword: s.Keyword, Name: s.Name,
		Description: clip(s.Instructions.Get(lang), maxSourceDesc), Frequency: s.Frequency}
	if out.Name == "" {
		switch {
		case s.Type != framework.SourceManual:
			out.Name = s.Keyword
		case !s.Owner.IsZero():
			out.Name = s.Owner.Get(lang)
		case lang == framework.French:
			out.Name = "Preuve manuelle"
		default:
			out.Name = "Manual evidence"
		}
	}
	out.Name = clip(out.Name, maxSourceName)
	return out
}

// assessSource is the manual source of a control none of whose sources
// Audit Manager accepts: it sends the reader to hdsctl assess.
func assessSource(fw *framework.Framework, lang string) sourceSpec {
	desc := "Audit Manager collects none of this control's evidence. Run \"hdsctl assess " + fw.ID +
		"\" and upload its report as manual evidence."
	if lang == framework.French {
		desc = "Audit Manager ne collecte aucune des preuves de ce contrôle. Lancer « hdsctl assess " +
			fw.ID + " » et déposer le rapport obtenu comme preuve manuelle."
	}
	return sourceSpec{Type: string(framework.SourceManual), Name: "hdsctl assess", Description: desc}
}

// userTags returns the framework's tags and the control's own (c may be
// nil), which hdsctl adds to its own on each object.
func userTags(fw *framework.Framework, c *framework.Control) map[string]string {
	tags := maps.Clone(fw.Tags)
	if tags == nil {
		tags = map[string]string{}
	}
	if c != nil {
		maps.Copy(tags, c.Tags)
	}
	return tags
}

// frameworkSpecOf builds the content of the custom framework in lang.
func frameworkSpecOf(fw *framework.Framework, lang string) *frameworkSpec {
	s := &frameworkSpec{
		FrameworkID:    fw.ID,
		Lang:           lang,
		Name:           fw.Name.Get(lang),
		Description:    fw.Description.Get(lang),
		ComplianceType: fw.ComplianceType.Get(lang),
		Tags:           userTags(fw, nil),
	}
	for _, set := range fw.ControlSets {
		ss := setSpec{Name: set.Name.Get(lang)}
		for _, c := range set.Controls {
			ss.Keys = append(ss.Keys, c.ID)
		}
		s.Sets = append(s.Sets, ss)
	}
	return s
}

// ownTags returns the tags hdsctl sets on an object: its own and the user's.
func ownTags(fwID, key, hash, lang string, user map[string]string) map[string]string {
	tags := maps.Clone(user)
	if tags == nil {
		tags = map[string]string{}
	}
	tags[TagManagedBy] = managedBy
	tags[TagFramework] = fwID
	tags[TagKey] = key
	tags[TagHash] = hash
	tags[TagLang] = lang
	return tags
}

// owned reports whether tags mark an object hdsctl created for framework
// fwID, and returns its key.
func owned(tags map[string]string, fwID string) (key string, ok bool) {
	if tags[TagManagedBy] != managedBy || tags[TagFramework] != fwID || tags[TagKey] == "" {
		return "", false
	}
	return tags[TagKey], true
}

// The canonical forms hashed: what is sent, and the language it is in. The
// desired content and the content read from
// AWS are both put in these shapes, so that equal content gives equal
// hashes whatever AWS fills in by itself (the set-up option of a source, the
// default frequency of an API-call source) and in whatever order it answers
// lists.
type (
	canonicalControl struct {
		Lang, Name, Description, TestingInformation string
		ActionPlanTitle, ActionPlanInstructions     string
		Sources                                     []canonicalSource
	}
	canonicalSource struct {
		Type, Keyword, Name, Description, Frequency string
	}
	canonicalFramework struct {
		Lang                              string
		Name, Description, ComplianceType string
		Sets                              []setSpec
	}
)

func (s *controlSpec) canonical() canonicalControl {
	c := canonicalControl{
		Lang:                   s.Lang,
		Name:                   s.Name,
		Description:            s.Description,
		TestingInformation:     s.TestingInformation,
		ActionPlanTitle:        s.ActionPlanTitle,
		ActionPlanInstructions: s.ActionPlanInstructions,
	}
	for _, src := range s.Sources {
		c.Sources = append(c.Sources, canonicalSource(src))
	}
	return c.normalize()
}

func (c canonicalControl) normalize() canonicalControl {
	for i := range c.Sources {
		if c.Sources[i].Type == string(framework.SourceAPICall) && c.Sources[i].Frequency == "" {
			c.Sources[i].Frequency = "DAILY"
		}
	}
	slices.SortFunc(c.Sources, func(a, b canonicalSource) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Keyword, b.Keyword),
			cmp.Compare(a.Name, b.Name), cmp.Compare(a.Description, b.Description),
			cmp.Compare(a.Frequency, b.Frequency))
	})
	return c
}

func (s *controlSpec) hash() string { return digest(s.canonical()) }

func (s *frameworkSpec) canonical() canonicalFramework {
	c := canonicalFramework{Lang: s.Lang, Name: s.Name, Description: s.Description,
		ComplianceType: s.ComplianceType}
	for _, set := range s.Sets {
		c.Sets = append(c.Sets, setSpec{Name: set.Name, Keys: slices.Clone(set.Keys)})
	}
	return c.normalize()
}

func (c canonicalFramework) normalize() canonicalFramework {
	for i := range c.Sets {
		slices.Sort(c.Sets[i].Keys)
	}
	slices.SortFunc(c.Sets, func(a, b setSpec) int { return cmp.Compare(a.Name, b.Name) })
	return c
}

func (s *frameworkSpec) hash() string { return digest(s.canonical()) }

// digest is the hash recorded in the hdsctl:hash tag: the first 128 bits of
// the SHA-256 of the canonical content in JSON, in hexadecimal.
func digest(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic("auditmanager: hashing content: " + err.Error())
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// clip cuts s to n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n]))
}
