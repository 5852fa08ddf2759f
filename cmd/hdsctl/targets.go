package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/hdsctl/hdsctl/awsenv"
	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/deploy/auditmanager"
	"github.com/hdsctl/hdsctl/deploy/conformance"
	"github.com/hdsctl/hdsctl/framework"
)

// deployOptions are the flags plan, apply and destroy share, and those of
// each target. A new target adds its flags to addTargetFlags, checks them in
// checkTargetFlags, and builds its deploy.Target in newTarget.
type deployOptions struct {
	target      string
	regions     []string
	region      string
	profile     string
	sandbox     bool
	output      string
	lang        string
	autoApprove bool

	// auditmanager
	adopt      string
	assessment assessmentFlags

	// config
	organization    bool
	excludeAccounts []string
	iamRegion       string
	waitTimeout     time.Duration
}

// assessmentFlags describe the optional Audit Manager assessment.
type assessmentFlags struct {
	name     string
	owners   []string
	reports  string
	accounts []string
}

// addFlags registers the shared flags; confirm adds --auto-approve.
func (o *deployOptions) addFlags(fs *pflag.FlagSet, confirm bool) {
	fs.StringVar(&o.target, "target", "", "where to deploy: auditmanager or config (required)")
	fs.StringSliceVar(&o.regions, "regions", nil, "Regions to deploy to, separated by commas (default: auditmanager: the configured Region; config: the EEA Regions the account has enabled)")
	fs.StringVar(&o.region, "region", "", "AWS Region (default: from the AWS configuration, else "+awsenv.DefaultRegion+")")
	fs.StringVar(&o.profile, "profile", "", "AWS shared-config profile")
	fs.BoolVar(&o.sandbox, "sandbox", false, "run against the hdsctl sandbox, an emulated AWS account kept in the user cache folder")
	fs.StringVarP(&o.output, "output", "o", "text", "output: text or json")
	fs.StringVar(&o.lang, "lang", "", "language deployed: fr or en (default: the framework's first language)")
	if confirm {
		fs.BoolVar(&o.autoApprove, "auto-approve", false, "apply without asking; required without a terminal")
	}
	o.addTargetFlags(fs)
}

// addTargetFlags registers the flags of each target.
func (o *deployOptions) addTargetFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.adopt, "adopt", "", "auditmanager: take over what the Node.js sample created, from its output file (out/*-framework_output.json)")
	fs.StringVar(&o.assessment.name, "assessment-name", "", "auditmanager: also keep an assessment of this name on the deployed framework")
	fs.StringSliceVar(&o.assessment.owners, "assessment-owner", nil, "auditmanager: IAM role ARN of a process owner of the assessment (repeatable)")
	fs.StringVar(&o.assessment.reports, "assessment-reports", "", "auditmanager: S3 URI the assessment reports go to, such as s3://bucket/hds")
	fs.StringSliceVar(&o.assessment.accounts, "assessment-accounts", nil, "auditmanager: account IDs in the assessment's scope (default: this account)")
	fs.BoolVar(&o.organization, "organization", false, "config: deploy organization conformance packs to every account of the AWS Organization (from the management account or a delegated administrator)")
	fs.StringSliceVar(&o.excludeAccounts, "exclude-accounts", nil, "config: with --organization, account IDs the packs leave out, separated by commas")
	fs.StringVar(&o.iamRegion, "iam-rules-region", "", "config: the one Region that holds the periodic rules judging IAM, a global service (default: "+conformance.PreferredIAMRegion+" when deployed to, else the first Region)")
	fs.DurationVar(&o.waitTimeout, "wait-timeout", conformance.DefaultWaitTimeout, "config: how long to wait for AWS Config to deploy or delete one pack")
}

// configOptions returns the options of the config target the flags give.
func (o *deployOptions) configOptions() conformance.Options {
	regions := o.regions
	if len(regions) == 0 && o.region != "" {
		regions = []string{o.region}
	}
	return conformance.Options{Regions: regions, Organization: o.organization, ExcludedAccounts: o.excludeAccounts,
		IAMRegion: o.iamRegion, WaitTimeout: o.waitTimeout}
}

// check validates the shared flags; no AWS call has been made yet.
func (o *deployOptions) check() error {
	if _, err := parseTarget(o.target, false); err != nil {
		return err
	}
	if o.output != "text" && o.output != "json" {
		return usagef("unknown output %q: use text or json", o.output)
	}
	if o.lang != "" && !framework.ValidLang(o.lang) {
		return usagef("unknown language %q: use fr or en", o.lang)
	}
	if o.region != "" && len(o.regions) > 0 {
		return usagef("use --region or --regions, not both")
	}
	return nil
}

// given reports whether an assessment flag was given.
func (a *assessmentFlags) given() bool {
	return a.name != "" || len(a.owners) > 0 || a.reports != "" || len(a.accounts) > 0
}

// targetInputs are what the target flags name, read and checked before any
// AWS call.
type targetInputs struct {
	adopt      *auditmanager.SampleOutput
	assessment *auditmanager.AssessmentOptions
}

// checkTargetFlags reads and checks the inputs the target flags name, so
// that a mistake exits with code 2 before any AWS call. destroy takes none.
func (o *deployOptions) checkTargetFlags(destroy bool) (targetInputs, error) {
	var in targetInputs
	amOnly := o.adopt != "" || o.assessment.given()
	if amOnly && o.target != string(framework.TargetAuditManager) {
		return in, usagef("--adopt and --assessment-* apply to --target auditmanager only")
	}
	if amOnly && destroy {
		return in, usagef("destroy takes neither --adopt nor --assessment-*: it removes everything hdsctl owns, the assessment included")
	}
	if o.adopt != "" {
		out, err := auditmanager.ReadSampleOutput(o.adopt)
		if err != nil {
			return in, &usageError{err}
		}
		in.adopt = out
	}
	configOnly := o.organization || len(o.excludeAccounts) > 0 || o.iamRegion != ""
	if configOnly && o.target != string(framework.TargetConfig) {
		return in, usagef("--organization, --exclude-accounts and --iam-rules-region apply to --target config only")
	}
	if o.target == string(framework.TargetConfig) {
		if err := o.configOptions().Validate(); err != nil {
			return in, usagef("%v", err)
		}
		if o.waitTimeout <= 0 {
			return in, usagef("--wait-timeout must be positive, got %s", o.waitTimeout)
		}
	}
	if o.assessment.given() {
		a := &auditmanager.AssessmentOptions{Name: o.assessment.name, Owners: o.assessment.owners,
			ReportsDestination: o.assessment.reports, Accounts: o.assessment.accounts}
		if err := a.Validate(); err != nil {
			return in, usagef("assessment: %s", strings.ReplaceAll(err.Error(), "\n", "; "))
		}
		in.assessment = a
	}
	return in, nil
}

// deployment is a target ready to plan, and what it runs on.
type deployment struct {
	target deploy.Target
	calls  *deploy.Calls
	env    *awsenv.Env
	// regions the target deploys to, for people reading the plan.
	regions []string
}

// Close stops the in-process sandbox, if any.
func (d *deployment) Close() error { return d.env.Close() }

// newTarget opens the AWS environment the flags describe and builds the
// target they name. It makes no AWS call.
func newTarget(ctx context.Context, g *globals, o *deployOptions, in targetInputs) (*deployment, error) {
	env, err := awsenv.Open(ctx, awsenv.Options{Profile: o.profile, Region: o.region, Sandbox: o.sandbox, Demo: true, Logger: g.log})
	if err != nil {
		return nil, err
	}
	if env.Sandbox {
		fmt.Fprintf(g.stderr, "hdsctl: running against the sandbox (state in %s)\n", env.SandboxState)
	}
	d := &deployment{calls: &deploy.Calls{}, env: env}
	switch framework.Target(o.target) {
	case framework.TargetAuditManager:
		regions := o.regions
		if len(regions) == 0 {
			regions = []string{env.Config.Region}
		}
		t, err := auditmanager.New(env.Config, auditmanager.Options{
			Regions:    regions,
			Lang:       o.lang,
			Assessment: in.assessment,
			Adopt:      in.adopt,
			Limiter:    deploy.NewLimiter(deploy.AuditManagerRPS, deploy.AuditManagerBurst),
			Calls:      d.calls,
			Logger:     g.log,
		})
		if err != nil {
			env.Close()
			return nil, err
		}
		d.target, d.regions = t, regions
		for _, r := range regions {
			if err := auditmanager.CheckRegion(r); err != nil {
				env.Close()
				return nil, err
			}
		}
		return d, nil
	case framework.TargetConfig:
		opts := o.configOptions()
		opts.Limiter = deploy.NewLimiter(conformance.ConfigRPS, 1)
		opts.Calls = d.calls
		opts.Logger = g.log
		if env.Sandbox {
			// The sandbox deploys a pack in a fraction of a second.
			opts.PollInterval = 100 * time.Millisecond
		}
		if configPollInterval > 0 {
			opts.PollInterval = configPollInterval
		}
		t, err := conformance.New(env.Config, opts)
		if err != nil {
			env.Close()
			return nil, err
		}
		d.target, d.regions = t, opts.Regions
		if len(d.regions) == 0 {
			// Preflight finds them; the plan lists them.
			d.regions = []string{"the EEA Regions the account has enabled"}
		}
		if o.organization {
			d.regions = append(d.regions, "organization-wide")
		}
		return d, nil
	}
	env.Close()
	return nil, usagef("--target %s cannot plan, apply or destroy yet", o.target)
}

// configPollInterval, when positive, replaces the config target's wait
// between two reads of the status of a pack AWS Config is working on. Only
// tests set it (main_test.go), to run hdsctl at the pace of a sandbox of
// their own.
var configPollInterval time.Duration

// errCancelled is returned when the user declines to apply a plan.
var errCancelled = errors.New("cancelled; nothing was changed")
