package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hdsctl/hdsctl/framework"
)

type validateOptions struct {
	target string
}

func newValidateCmd(g *globals) *cobra.Command {
	var opts validateOptions
	cmd := &cobra.Command{
		Use:   "validate FRAMEWORK...",
		Short: "Check frameworks before any AWS call",
		Long: `validate reads each framework (an embedded name, a catalog folder, or a folder
in the Node.js sample's layout) and checks it against the model and the limits
of the AWS APIs it is deployed to. It reports every problem at once on stderr,
each with file:line:col and how to fix it, and exits with code 2 when any
framework is invalid.

With --target, validation applies what that target accepts: Audit Manager
takes 326 of the AWS Config managed rules as keywords; sources it does not
accept are reported as warnings and left out when deploying.`,
		Example: `  hdsctl validate hds-v2
  hdsctl validate ./HDS ./PSSIE --target auditmanager`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(g, opts, args)
		},
	}
	cmd.Flags().StringVar(&opts.target, "target", "", "validate for one target: auditmanager or config")
	return cmd
}

func runValidate(g *globals, opts validateOptions, refs []string) error {
	target, err := parseTarget(opts.target, true)
	if err != nil {
		return err
	}
	var errs []error
	for _, ref := range refs {
		fw, err := g.readFramework(ref, target)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintf(g.stderr, "%s: valid (%d control sets, %d controls)\n", ref, len(fw.ControlSets), len(fw.Controls()))
	}
	return errors.Join(errs...)
}

// parseTarget reads a --target flag value.
func parseTarget(s string, optional bool) (framework.Target, error) {
	switch framework.Target(s) {
	case framework.TargetAuditManager, framework.TargetConfig:
		return framework.Target(s), nil
	case framework.TargetAny:
		if optional {
			return framework.TargetAny, nil
		}
		return "", usagef("--target is required: auditmanager or config")
	}
	return "", usagef("unknown target %q: use auditmanager or config", s)
}
