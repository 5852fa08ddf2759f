package assess

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/hdsctl/hdsctl/assess/attest"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/results"
)

// Collector gathers the evidence of one source type (AWS Config rules,
// Security Hub controls, hdsctl's checks) for a set of keywords.
//
// Collect only reads, so calling it again is safe. It returns the findings of
// each keyword asked. What it could not read for a keyword (a Region denied,
// a service not enabled) is an ERROR finding naming the account, Region, call
// and error, and collection goes on. It returns an error only when it could
// collect nothing at all, or when ctx ends; Run then records an ERROR finding
// for every keyword. It retries no more than the aws.Config it was built with
// says.
type Collector interface {
	Collect(ctx context.Context, keywords []string) (map[string][]results.Finding, error)
}

// PartCollector is a Collector that can hand its findings over in parts, an
// account at a time, so that Run sums up passing findings as they come
// (Options.PassDetail) rather than holding every one of them at once.
//
// CollectParts follows the contract of Collect, except that it hands the
// findings to part instead of returning them, one call at a time, in any
// order of the parts; the findings of each part are sorted by account,
// Region and resource. The findings of all the parts together are those
// Collect returns.
type PartCollector interface {
	Collector
	CollectParts(ctx context.Context, keywords []string, part func(map[string][]results.Finding)) error
}

// ReportSource supplies AWS's own compliance reports, the evidence of the
// controls AWS carries under the shared responsibility model (the
// aws-artifact-certifications check).
//
// Reports only reads. It returns the reports found and the findings that
// judge them; an error means the reports could not be read at all.
type ReportSource interface {
	Reports(ctx context.Context) ([]results.AWSReport, []results.Finding, error)
}

// CheckArtifact is the hdsctl check that AWS Artifact's reports evidence.
const CheckArtifact = "aws-artifact-certifications"

// Options says what to assess and with which collectors.
type Options struct {
	Scope Scope
	// Attestations holds the manual evidence; nil when none was given.
	Attestations *attest.Set
	// Collectors gives the collector of each automated source type:
	// framework.SourceConfig, SourceSecurityHub and SourceCheck. A source
	// type without one gives ERROR findings. AWS_API_Call and
	// AWS_Cloudtrail sources need none: see Run.
	Collectors map[framework.SourceType]Collector
	// Artifact reads AWS's reports for the aws-artifact-certifications
	// check.
	Artifact ReportSource
	// Estate describes what was assessed, for the results.
	Estate Estate
	// Now is the time of the assessment, against which attestations expire;
	// time.Now when zero.
	Now time.Time
	// Progress counts the work done; nil counts nothing.
	Progress *Progress
	// Tool names the program and its version in the results.
	Tool string
	// Logger receives a debug record per collector run; nil logs nothing.
	Logger *slog.Logger
	// PassDetail is how many PASS findings of one source, account and
	// Region the results list one by one; beyond, one finding sums them up
	// (results.Digest). 0 means results.DefaultPassDetail; a negative value
	// lists every finding.
	PassDetail int
}

// passDetail returns the limit of PASS findings listed one by one, or -1
// for none.
func (o Options) passDetail() int {
	switch {
	case o.PassDetail == 0:
		return results.DefaultPassDetail
	case o.PassDetail < 0:
		return -1
	}
	return o.PassDetail
}

func (o Options) log() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

// Estate describes the AWS estate assessed.
type Estate struct {
	// Account is the account hdsctl ran as.
	Account string
	// Accounts lists every account assessed.
	Accounts []string
	Regions  []string
	// Sandbox reports whether the estate is the hdsctl sandbox's.
	Sandbox bool
}

// Run assesses the estate against fw and returns one result per control of
// the framework, in the framework's order.
//
// A control the scope leaves out is NOT_APPLICABLE with the reason, and its
// sources are not collected. The other controls get the findings of each of
// their automated sources, and a status decided by the rules of Verdict.
// AWS_API_Call and AWS_Cloudtrail sources give a MANUAL finding each: an API
// response or an event is evidence for a person to review, not a verdict.
//
// Run returns an error only when ctx ends.
func Run(ctx context.Context, fw *framework.Framework, opts Options) (*results.Results, error) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	applicable := map[string]bool{}
	reasons := map[string]framework.Text{}
	for _, c := range fw.Controls() {
		ok, why := opts.Scope.applies(c)
		applicable[c.ID] = ok
		reasons[c.ID] = why
	}
	ev, reports := collect(ctx, fw, applicable, opts)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("assessing %s: %w", fw.ID, err)
	}

	r := &results.Results{
		Schema:           results.SchemaVersion,
		Framework:        fw.ID,
		FrameworkVersion: fw.Version,
		FrameworkName:    fw.Name,
		Account:          opts.Estate.Account,
		Regions:          slices.Clone(opts.Estate.Regions),
		GeneratedAt:      now.UTC().Truncate(time.Second),
		Scope:            opts.Scope.record(),
		Controls:         []results.Control{},
		AWSReports:       reports,
		Tool:             opts.Tool,
		Sandbox:          opts.Estate.Sandbox,
		PassDetail:       max(0, opts.passDetail()),
	}
	if len(opts.Estate.Accounts) > 1 {
		r.Accounts = slices.Clone(opts.Estate.Accounts)
	}
	for _, c := range fw.Controls() {
		rc := results.NewControl(fw, c)
		if !applicable[c.ID] {
			rc.Status, rc.Reason = results.NotApplicable, reasons[c.ID]
			if a, ok := opts.Attestations.For(c.ID); ok {
				rc.Attestation = &a
			}
			r.Controls = append(r.Controls, rc)
			continue
		}
		for _, s := range c.Sources {
			rc.Findings = append(rc.Findings, ev.findings(s, opts.Estate.Account)...)
		}
		v := Verdict(c, rc.Findings, opts.Attestations, now)
		rc.Status, rc.Reason, rc.Attestation = v.Status, v.Reason, v.Attestation
		rc.Findings = append(rc.Findings, v.Findings...)
		r.Controls = append(r.Controls, rc)
	}
	r.Summary = results.Summarize(r.Controls)
	return r, nil
}

// evidence holds the findings collected, by source type and keyword.
type evidence map[framework.SourceType]map[string][]results.Finding

// add records the findings of some keywords of a source type.
func (ev evidence) add(t framework.SourceType, found map[string][]results.Finding) {
	if ev[t] == nil {
		ev[t] = map[string][]results.Finding{}
	}
	for k, fs := range found {
		ev[t][k] = fs
	}
}

// findings returns the findings of one source of a control.
func (ev evidence) findings(s framework.Source, account string) []results.Finding {
	switch s.Type {
	case framework.SourceAPICall, framework.SourceCloudTrail:
		return []results.Finding{reviewFinding(s, account)}
	case framework.SourceManual:
		return nil
	}
	return slices.Clone(ev[s.Type][s.Keyword])
}

// collect runs every collector the applicable controls need, at once, and
// returns what they found.
func collect(ctx context.Context, fw *framework.Framework, applicable map[string]bool, opts Options,
) (evidence, []results.AWSReport) {
	keywords := map[framework.SourceType][]string{}
	artifact := false
	for _, c := range fw.Controls() {
		if !applicable[c.ID] {
			continue
		}
		for _, s := range c.Sources {
			switch {
			case s.Type == framework.SourceCheck && s.Keyword == CheckArtifact:
				artifact = true
			case s.Type == framework.SourceConfig, s.Type == framework.SourceSecurityHub,
				s.Type == framework.SourceCheck:
				if !slices.Contains(keywords[s.Type], s.Keyword) {
					keywords[s.Type] = append(keywords[s.Type], s.Keyword)
				}
			}
		}
	}

	ev := evidence{}
	var reports []results.AWSReport
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, t := range framework.SourceTypes {
		words := keywords[t]
		if len(words) == 0 {
			continue
		}
		opts.Progress.Add(1)
		wg.Go(func() {
			defer opts.Progress.Done(1)
			start := time.Now()
			found := collectType(ctx, t, opts.Collectors[t], words, opts.passDetail())
			opts.log().Debug("evidence collected", "source", t, "keywords", len(words), "took", time.Since(start))
			mu.Lock()
			defer mu.Unlock()
			ev.add(t, found)
		})
	}
	if artifact {
		opts.Progress.Add(1)
		wg.Go(func() {
			defer opts.Progress.Done(1)
			start := time.Now()
			rs, found := collectReports(ctx, opts.Artifact)
			opts.log().Debug("AWS reports read", "reports", len(rs), "took", time.Since(start))
			mu.Lock()
			defer mu.Unlock()
			reports = rs
			ev.add(framework.SourceCheck, map[string][]results.Finding{CheckArtifact: found})
		})
	}
	wg.Wait()
	return ev, reports
}

// collectType runs the collector of one source type, passing what it finds
// through one results.Digest per keyword that lists up to passDetail PASS
// findings per account and Region (every finding when negative). A missing
// collector or one that fails gives an ERROR finding per keyword.
func collectType(ctx context.Context, t framework.SourceType, c Collector, keywords []string, passDetail int,
) map[string][]results.Finding {
	if c == nil {
		return failAll(t, keywords, framework.Text{
			EN: "hdsctl was not set up to read this source",
			FR: "hdsctl n'a pas été configuré pour lire cette source",
		})
	}
	digests := map[string]*results.Digest{}
	add := func(found map[string][]results.Finding) {
		for k, fs := range found {
			if digests[k] == nil {
				digests[k] = results.NewDigest(passDetail)
			}
			digests[k].Add(fs...)
		}
	}
	pc, parts := c.(PartCollector)
	var err error
	if parts {
		err = pc.CollectParts(ctx, keywords, add)
	} else {
		var found map[string][]results.Finding
		if found, err = c.Collect(ctx, keywords); err == nil {
			add(found)
		}
	}
	if err != nil {
		return failAll(t, keywords, framework.Same(err.Error()))
	}
	found := make(map[string][]results.Finding, len(digests))
	for k, d := range digests {
		found[k] = d.Findings()
		if parts {
			sortFindings(found[k])
		}
	}
	for _, k := range keywords {
		if len(found[k]) == 0 {
			source := string(t) + ":" + k
			f := results.Finding{Resource: source, Status: results.Error, Source: source}
			f.Say(framework.Text{
				EN: "the collector returned no finding for this keyword, which hdsctl cannot judge",
				FR: "Le collecteur n'a renvoyé aucun constat pour ce mot-clé : hdsctl ne peut rien en conclure",
			})
			found[k] = []results.Finding{f}
		}
	}
	return found
}

func collectReports(ctx context.Context, src ReportSource) ([]results.AWSReport, []results.Finding) {
	source := string(framework.SourceCheck) + ":" + CheckArtifact
	if src == nil {
		why := framework.Text{EN: "AWS Artifact was not read", FR: "AWS Artifact n'a pas été lu"}
		return nil, failAll(framework.SourceCheck, []string{CheckArtifact}, why)[CheckArtifact]
	}
	reports, found, err := src.Reports(ctx)
	if err != nil {
		f := results.Finding{Resource: "AWS Artifact", Status: results.Error, Source: source}
		f.Say(results.Sayf(
			"could not read AWS's reports from AWS Artifact: %v; allow hdsctl's identity "+
				"artifact:ListReports and artifact:GetReportMetadata",
			"Impossible de lire les rapports d'AWS dans AWS Artifact : %v ; autorisez l'identité de "+
				"hdsctl à appeler artifact:ListReports et artifact:GetReportMetadata",
			err))
		return nil, []results.Finding{f}
	}
	return reports, found
}

// failAll returns an ERROR finding for each keyword, saying why its
// evidence could not be collected.
func failAll(t framework.SourceType, keywords []string, why framework.Text) map[string][]results.Finding {
	out := make(map[string][]results.Finding, len(keywords))
	for _, k := range keywords {
		source := string(t) + ":" + k
		f := results.Finding{Resource: source, Status: results.Error, Source: source}
		f.Say(framework.Text{
			EN: "could not collect this evidence: " + why.EN,
			FR: "Impossible de recueillir cette preuve : " + why.FR,
		})
		out[k] = []results.Finding{f}
	}
	return out
}

// sortFindings sorts findings by account, Region and resource, keeping the
// order of those equal: the order of hdsctl's checks.
func sortFindings(fs []results.Finding) {
	slices.SortStableFunc(fs, func(a, b results.Finding) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region),
			cmp.Compare(a.Resource, b.Resource))
	})
}
