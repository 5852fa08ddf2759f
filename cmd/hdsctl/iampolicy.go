package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"

	"github.com/spf13/cobra"

	"github.com/hdsctl/hdsctl/internal/iampolicy"
)

type iamPolicyOptions struct {
	target       string
	account      string
	partition    string
	role         string
	organization bool
}

func newIAMPolicyCmd(g *globals) *cobra.Command {
	var opts iamPolicyOptions
	cmd := &cobra.Command{
		Use:   "iam-policy --target auditmanager|config|assess",
		Short: "Print the least-privilege IAM policy a target needs",
		Long: `iam-policy prints, as JSON on stdout, the IAM policy that lets hdsctl do one job
and nothing more:

  auditmanager  plan, apply and destroy --target auditmanager
  config        plan, apply and destroy --target config (--organization adds
                what organization conformance packs need)
  assess        assess, in every mode, and artifact

Resources are narrowed where AWS allows it: Audit Manager controls,
frameworks and assessments of the account (--account), creations and tags
only with hdsctl's ownership tag, changes to controls only on those tagged as
hdsctl's, the tags of hdsctl's conformance packs, the role assess assumes
(--role). Statements on every resource are those whose actions take no
resource type; stderr says why for each.

Attach the policy to the role or user that runs hdsctl; for assess across
accounts, to the role it assumes in each.`,
		Example: `  hdsctl iam-policy --target auditmanager --account 123456789012 > hdsctl-auditmanager.json
  hdsctl iam-policy --target config --organization
  hdsctl iam-policy --target assess --role HdsctlAudit`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runIAMPolicy(g, opts)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&opts.target, "target", "", "auditmanager, config or assess (required)")
	fs.StringVar(&opts.account, "account", "", "account ID the resources belong to (default: any account)")
	fs.StringVar(&opts.partition, "partition", "aws", "AWS partition of the resources: aws, aws-cn or aws-us-gov")
	fs.StringVar(&opts.role, "role", "", "assess: the role assumed in each account (default "+iampolicy.DefaultRole+")")
	fs.BoolVar(&opts.organization, "organization", false, "config: also deploy organization conformance packs")
	return cmd
}

var accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)

func runIAMPolicy(g *globals, opts iamPolicyOptions) error {
	target := iampolicy.Target(opts.target)
	switch {
	case !slices.Contains(iampolicy.Targets, target):
		return usagef("unknown or missing --target %q: use auditmanager, config or assess", opts.target)
	case opts.account != "" && !accountIDPattern.MatchString(opts.account):
		return usagef("--account %q is not a 12-digit account ID", opts.account)
	case !slices.Contains([]string{"aws", "aws-cn", "aws-us-gov"}, opts.partition):
		return usagef("unknown --partition %q: use aws, aws-cn or aws-us-gov", opts.partition)
	case opts.organization && target != iampolicy.Config:
		return usagef("--organization applies to --target config only (assess's policy covers every mode)")
	case opts.role != "" && target != iampolicy.Assess:
		return usagef("--role applies to --target assess only")
	}
	popts := iampolicy.Options{Partition: opts.partition, Account: opts.account, Role: opts.role,
		Organization: opts.organization}
	doc, err := iampolicy.Policy(target, popts)
	if err != nil {
		return usagef("%v", err)
	}
	enc := json.NewEncoder(g.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	statements, _ := iampolicy.Statements(target, popts)
	for _, s := range statements {
		if s.Note != "" {
			fmt.Fprintf(g.stderr, "%s: %s\n", s.Sid, s.Note)
		}
		for _, a := range s.Actions {
			g.log.Debug("action", "statement", s.Sid, "action", a.Name, "used by", a.UsedBy)
		}
	}
	return nil
}
