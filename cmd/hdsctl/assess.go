package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hdsctl/hdsctl/assess"
	"github.com/hdsctl/hdsctl/assess/artifact"
	"github.com/hdsctl/hdsctl/assess/attest"
	"github.com/hdsctl/hdsctl/assess/configinventory"
	"github.com/hdsctl/hdsctl/assess/configrules"
	"github.com/hdsctl/hdsctl/assess/estate"
	"github.com/hdsctl/hdsctl/assess/hubfindings"
	"github.com/hdsctl/hdsctl/awsenv"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/atomicfile"
	"github.com/hdsctl/hdsctl/report"
	"github.com/hdsctl/hdsctl/results"
)

// assessOptions are the flags of hdsctl assess.
type assessOptions struct {
	attestations string
	regions      []string
	region       string
	profile      string
	sandbox      bool
	output       string
	out          string
	lang         string
	allPasses    bool

	accounts     []string
	role         string
	organization bool
	aggregator   string
	inventory    string

	activities string
	conditions []string
	scopeFile  string
}

func (o *assessOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.attestations, "attestations", "", "attestation file: the manual evidence (YAML)")
	fs.StringSliceVar(&o.regions, "regions", nil, "Regions to assess, separated by commas (default: every Region enabled for the account)")
	fs.StringVar(&o.region, "region", "", "AWS Region of the global calls and of the aggregator (default: from the AWS configuration, else "+awsenv.DefaultRegion+")")
	fs.StringVar(&o.profile, "profile", "", "AWS shared-config profile")
	fs.BoolVar(&o.sandbox, "sandbox", false, "assess the hdsctl sandbox's emulated account (used anyway when no AWS credentials are configured)")
	fs.StringVarP(&o.output, "output", "o", "text", "output: text or json")
	fs.StringVar(&o.out, "out", "", "folder to write results.json and every report into")
	fs.BoolVar(&o.allPasses, "all-passes", false, fmt.Sprintf("list every passing resource in the results (default: up to %d per source, account and Region; over that, one finding counts them)", results.DefaultPassDetail))
	fs.StringVar(&o.lang, "lang", "", "language of the summary and the reports: fr or en (default en; the Statement of Applicability is in French)")
	fs.StringSliceVar(&o.accounts, "accounts", nil, "account IDs to assess, separated by commas, reached by assuming --role (default: the caller's account)")
	fs.StringVar(&o.role, "role", "", "role to assume in each account other than the caller's (default "+estate.DefaultRole+")")
	fs.BoolVar(&o.organization, "organization", false, "assess every active account of the AWS Organization (organizations:ListAccounts)")
	fs.StringVar(&o.aggregator, "aggregator", "", "read AWS Config through this aggregator, in --region, instead of account by account")
	fs.StringVar(&o.inventory, "inventory", string(configinventory.ModeAuto), "where hdsctl's checks read resources: auto (AWS Config where it records them, the service APIs elsewhere), config or api")
	fs.StringVar(&o.activities, "activities", "", "HDS hosting activities the host performs, such as 3,4,5,6 (default: all six, with every condition)")
	fs.StringSliceVar(&o.conditions, "conditions", nil, "applicability conditions that hold, such as stores-health-data,uses-subcontractors")
	fs.StringVar(&o.scopeFile, "scope", "", "scope file (YAML: activities, conditions) instead of --activities and --conditions")
}

// passDetail is the assess.Options.PassDetail the flags ask for.
func (o *assessOptions) passDetail() int {
	if o.allPasses {
		return -1
	}
	return 0
}

func newAssessCmd(g *globals) *cobra.Command {
	var opts assessOptions
	cmd := &cobra.Command{
		Use:   "assess FRAMEWORK",
		Short: "Assess AWS accounts against a framework, control by control",
		Long: `assess evaluates every control of a framework against one AWS account, a list
of accounts or a whole AWS Organization, without Audit Manager, and says what
passes, what fails and why, with the resources at fault.

Evidence comes from each control's sources: AWS Config rule compliance (the
rules running the managed rule named, whoever deployed them; through an
aggregator with --aggregator), Security Hub control findings, hdsctl's own
checks (EXI 28 data residency in the EEA, CloudTrail, encryption, S3 public
access, KMS rotation, root MFA, password policy, backups), which read
resources from AWS Config where it records them and from the service APIs
elsewhere, and AWS's HDS and ISO/IEC 27001 reports from AWS Artifact for the
controls AWS carries. Manual controls take their status from the attestation
file; without one they stay MANUAL, with what is expected and from whom.

The host's scope (--activities, --conditions or --scope) makes the controls
that do not concern it NOT_APPLICABLE, with the reason. Without a scope every
control applies.

stdout gets a summary per control set and the failing controls with their
findings, or the results as JSON with -o json; --out writes results.json and
every document (HTML, Markdown, CSV, OSCAL, Statement of Applicability). The
exit code is 3 when a control fails. With no AWS credentials configured,
assess runs against the hdsctl sandbox's demo Organization, and says so.`,
		Example: `  hdsctl assess hds-v2 --out hds-audit
  hdsctl assess hds-v2 --activities 3,4,5,6 --conditions stores-health-data --attestations attestations.yaml
  hdsctl assess hds-v2 --organization --role HdsctlAudit --aggregator org-aggregator --region eu-west-3 -o json
  hdsctl assess hds-v2 --sandbox -o json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAssess(cmd.Context(), g, &opts, args[0])
		},
	}
	opts.addFlags(cmd.Flags())
	return cmd
}

// check validates the flags; no AWS call has been made yet.
func (o *assessOptions) check() error {
	if o.output != "text" && o.output != "json" {
		return usagef("unknown output %q: use text or json", o.output)
	}
	if o.lang != "" && !framework.ValidLang(o.lang) {
		return usagef("unknown language %q: use fr or en", o.lang)
	}
	if !slices.Contains(configinventory.Modes, configinventory.Mode(o.inventory)) {
		return usagef("unknown --inventory %q: use auto, config or api", o.inventory)
	}
	if o.scopeFile != "" && (o.activities != "" || len(o.conditions) > 0) {
		return usagef("use --scope or --activities/--conditions, not both")
	}
	if o.aggregator != "" && o.inventory == string(configinventory.ModeAPI) {
		return usagef("--aggregator reads AWS Config: it does not go with --inventory api")
	}
	if err := estate.CheckOptions(o.estate()); err != nil {
		return usagef("%v", err)
	}
	return nil
}

func (o *assessOptions) estate() estate.Options {
	return estate.Options{Accounts: o.accounts, Organization: o.organization, Role: o.role, Regions: o.regions}
}

// readScope returns the host's scope from the flags or the scope file.
func (o *assessOptions) readScope(g *globals) (assess.Scope, error) {
	var scope assess.Scope
	var err error
	switch {
	case o.scopeFile != "":
		scope, err = assess.LoadScope(o.scopeFile)
	case o.activities != "" || len(o.conditions) > 0:
		activities, perr := assess.ParseActivities(o.activities)
		if perr != nil {
			return scope, usagef("--activities: %v", perr)
		}
		scope, err = assess.NewScope(activities, o.conditions)
	default:
		fmt.Fprintln(g.stderr, "hdsctl: no scope declared (--activities, --conditions or --scope): every control is assessed as applicable")
		return scope, nil
	}
	var bad *assess.ScopeError
	switch {
	case errors.As(err, &bad):
		g.printDiagnostics(bad.Diagnostics)
		return scope, &usageError{err}
	case err != nil:
		return scope, usagef("reading the scope file: %v", err)
	}
	return scope, nil
}

// readAttestations reads the attestation file, printing every problem of an
// invalid one on stderr.
func (o *assessOptions) readAttestations(g *globals, fw *framework.Framework) (*attest.Set, error) {
	if o.attestations == "" {
		return nil, nil
	}
	set, err := attest.Load(o.attestations, fw)
	var invalid *attest.InvalidError
	switch {
	case errors.As(err, &invalid):
		g.printDiagnostics(invalid.Diagnostics)
		return nil, err
	case err != nil:
		return nil, usagef("reading the attestation file: %v", err)
	}
	g.log.Debug("attestations read", "file", o.attestations, "count", set.Len())
	return set, nil
}

func runAssess(ctx context.Context, g *globals, opts *assessOptions, ref string) error {
	if err := opts.check(); err != nil {
		return err
	}
	fw, err := g.readFramework(ref, framework.TargetAny)
	if err != nil {
		return err
	}
	scope, err := opts.readScope(g)
	if err != nil {
		return err
	}
	atts, err := opts.readAttestations(g, fw)
	if err != nil {
		return err
	}

	env, err := awsenv.Open(ctx, awsenv.Options{Profile: opts.profile, Region: opts.region, Sandbox: opts.sandbox,
		AutoSandbox: true, Demo: true, Stderr: g.stderr, Logger: g.log})
	if err != nil {
		return err
	}
	defer env.Close()
	if opts.sandbox {
		fmt.Fprintf(g.stderr, "hdsctl: running against the sandbox (state in %s)\n", env.SandboxState)
	}
	organization := opts.organization
	if env.Sandbox && !organization && len(opts.accounts) == 0 {
		// The sandbox's demo is an Organization whose story spans its
		// accounts: show all of it.
		organization = true
		fmt.Fprintln(g.stderr, "hdsctl: assessing every account of the sandbox's demo Organization (--organization)")
	}
	est, err := estate.Discover(ctx, env.Config, estate.Options{Accounts: opts.accounts, Organization: organization,
		Role: opts.role, Regions: opts.regions, Logger: g.log})
	if err != nil {
		return err
	}
	g.log.Debug("assessing", "framework", fw.ID, "accounts", est.IDs(), "regions", est.Regions)

	bar := newProgressBar(g.stderr, "assessing "+fw.ID)
	r, err := assess.Run(ctx, fw, assess.Options{
		Scope:        scope,
		Attestations: atts,
		Collectors:   collectors(g, opts, fw, est, bar.progress),
		Artifact:     artifact.NewSource(artifact.NewClient(est.Caller.Config, ""), nil),
		Estate:       assess.Estate{Account: est.Caller.ID, Accounts: est.IDs(), Regions: est.Regions, Sandbox: env.Sandbox},
		Progress:     bar.progress,
		PassDetail:   opts.passDetail(),
		Tool:         "hdsctl",
		Logger:       g.log,
	})
	bar.finish()
	if err != nil {
		return err
	}
	return writeAssessment(g, opts, r)
}

// collectors builds the collector of each automated source type.
func collectors(g *globals, opts *assessOptions, fw *framework.Framework, est *estate.Estate, progress *assess.Progress,
) map[framework.SourceType]assess.Collector {
	rulesOpts := configrules.Options{Framework: fw.ID, Progress: progress, Logger: g.log}
	var rules assess.Collector = configrules.New(est.Accounts, est.Regions, rulesOpts)
	if opts.aggregator != "" {
		rules = configrules.NewAggregator(est.Caller.Config, opts.aggregator, est.IDs(), est.Regions, rulesOpts)
	}
	stream := configinventory.Stream(est.Accounts, est.Regions, configinventory.ReaderOptions{
		Mode:             configinventory.Mode(opts.inventory),
		Aggregator:       opts.aggregator,
		AggregatorConfig: est.Caller.Config,
		Progress:         progress,
		Logger:           g.log,
	})
	return map[framework.SourceType]assess.Collector{
		framework.SourceConfig:      rules,
		framework.SourceSecurityHub: hubfindings.New(est.Accounts, est.Regions, hubfindings.Options{Progress: progress, Logger: g.log}),
		framework.SourceCheck:       assess.StreamChecks(stream),
	}
}

// writeAssessment prints the results, writes the documents --out asks for,
// and returns a *failingError when a control failed.
func writeAssessment(g *globals, opts *assessOptions, r *results.Results) error {
	if opts.out != "" {
		if err := writeResultsFolder(g, opts, r); err != nil {
			return err
		}
	}
	if opts.output == "json" {
		if err := results.Write(g.stdout, r); err != nil {
			return err
		}
	} else if err := printAssessment(g.stdout, r, cmpOr(opts.lang, framework.English)); err != nil {
		return err
	}
	if r.Summary.Error > 0 {
		fmt.Fprintf(g.stderr, "hdsctl: %d controls could not be evaluated (ERROR): their findings say what to fix\n", r.Summary.Error)
	}
	if r.Summary.Fail > 0 {
		return &failingError{failed: r.Summary.Fail}
	}
	return nil
}

// writeResultsFolder writes results.json and every document into --out.
func writeResultsFolder(g *globals, opts *assessOptions, r *results.Results) error {
	if err := os.MkdirAll(opts.out, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", opts.out, err)
	}
	name := filepath.Join(opts.out, "results.json")
	if err := atomicfile.WriteFile(name, func(w io.Writer) error { return results.Write(w, r) }); err != nil {
		return err
	}
	fmt.Fprintln(g.stderr, "wrote", name)
	written, err := report.WriteAll(opts.out, r, report.Options{Lang: opts.lang})
	for _, name := range written {
		fmt.Fprintln(g.stderr, "wrote", name)
	}
	return err
}

func cmpOr(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// maxShown bounds the findings printed for one control; the reports have
// them all.
const maxShown = 5

// summaryText holds the words of the assessment summary, by language.
var summaryText = map[string]struct {
	account, accounts, sandbox, regions, header, fail, errored, manual, more string
}{
	framework.English: {"account %s", "%d accounts", " (hdsctl sandbox)", "%d Regions",
		"Control set\tControls\tPass\tFail\tError\tManual\tN/A",
		"Failing controls", "Controls that could not be evaluated",
		"%d controls await manual evidence: attest them in an attestation file (--attestations); " +
			"the reports say what each one expects, and from whom.",
		"... and %d more: see the reports (--out) or -o json"},
	framework.French: {"compte %s", "%d comptes", " (bac à sable hdsctl)", "%d Régions",
		"Ensemble\tContrôles\tConformes\tNon conformes\tErreurs\tManuels\tN/A",
		"Contrôles non conformes", "Contrôles qui n'ont pas pu être évalués",
		"%d contrôles attendent une preuve manuelle : attestez-les dans un fichier d'attestations (--attestations) ; " +
			"les rapports disent ce que chacun attend, et de qui.",
		"... et %d autres : voir les rapports (--out) ou -o json"},
}

// printAssessment prints the summary table per control set, then the
// failing controls and those in error with their findings.
func printAssessment(w io.Writer, r *results.Results, lang string) error {
	words, ok := summaryText[lang]
	if !ok {
		words = summaryText[framework.English]
	}
	where := fmt.Sprintf(words.account, r.Account)
	if len(r.Accounts) > 1 {
		where = fmt.Sprintf(words.accounts, len(r.Accounts))
	}
	if r.Sandbox {
		where += words.sandbox
	}
	fmt.Fprintf(w, "%s: %s, %s, %s, %s\n\n", r.Framework, r.FrameworkName.In(lang), where,
		fmt.Sprintf(words.regions, len(r.Regions)), r.GeneratedAt.Format("2006-01-02 15:04 MST"))

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, words.header)
	var sets []string
	bySet := map[string][]results.Control{}
	names := map[string]string{}
	for _, c := range r.Controls {
		if _, ok := bySet[c.ControlSet]; !ok {
			sets = append(sets, c.ControlSet)
			names[c.ControlSet] = c.ControlSetName.In(lang)
		}
		bySet[c.ControlSet] = append(bySet[c.ControlSet], c)
	}
	for _, id := range sets {
		s := results.Summarize(bySet[id])
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\n", truncate(names[id], 48), s.Total, s.Pass, s.Fail, s.Error, s.Manual, s.NotApplicable)
	}
	s := r.Summary
	fmt.Fprintf(tw, "Total\t%d\t%d\t%d\t%d\t%d\t%d\n", s.Total, s.Pass, s.Fail, s.Error, s.Manual, s.NotApplicable)
	if err := tw.Flush(); err != nil {
		return err
	}
	printControls(w, r, results.Fail, words.fail, words.more, lang)
	printControls(w, r, results.Error, words.errored, words.more, lang)
	if s.Manual > 0 {
		fmt.Fprintf(w, "\n"+words.manual+"\n", s.Manual)
	}
	return nil
}

// printControls prints the controls of one status with their findings of
// that status.
func printControls(w io.Writer, r *results.Results, status results.Status, title, more, lang string) {
	first := true
	for _, c := range r.Controls {
		if c.Status != status {
			continue
		}
		if first {
			fmt.Fprintf(w, "\n%s:\n", title)
			first = false
		}
		fmt.Fprintf(w, "\n  %s  %s\n", c.ID, c.Name.In(lang))
		total, shown := 0, 0
		for _, f := range c.Findings {
			if f.Status == status {
				total++
			}
		}
		for _, f := range c.Findings {
			if f.Status != status {
				continue
			}
			if shown == maxShown {
				fmt.Fprintf(w, "    "+more+"\n", total-shown)
				break
			}
			shown++
			where := f.Region
			if f.Account != "" && len(r.Accounts) > 1 {
				where = strings.TrimPrefix(f.Account+" "+where, " ")
			}
			if where != "" {
				where = " (" + strings.TrimSpace(where) + ")"
			}
			fmt.Fprintf(w, "    %s %s%s [%s]\n      %s\n", f.Status, f.Resource, where, f.Source, f.MessageIn(lang))
		}
	}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
