package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/framework"
)

func newPlanCmd(g *globals) *cobra.Command {
	var opts deployOptions
	cmd := &cobra.Command{
		Use:   "plan FRAMEWORK --target auditmanager|config",
		Short: "Show what apply would create, update and delete in AWS",
		Long: `plan compares a framework with what hdsctl deployed earlier, found by the
tags hdsctl sets on every object it creates, and lists what apply would do:
+ create, ~ update (with the reason: changed in the framework, or changed
outside hdsctl, in the console for instance), - delete. It only reads.

With --target auditmanager, hdsctl deploys one custom control per control and a
custom framework that lists them, in the language --lang chooses; evidence
sources Audit Manager does not accept are left out, and the notes say which.
A framework in the Node.js sample's layout deploys unchanged.`,
		Example: `  hdsctl plan hds-v2 --target auditmanager --sandbox
  hdsctl plan ./HDS --target auditmanager --region eu-west-1 -o json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPlan(cmd.Context(), g, &opts, args[0])
		},
	}
	opts.addFlags(cmd.Flags(), false)
	return cmd
}

func runPlan(ctx context.Context, g *globals, opts *deployOptions, ref string) error {
	d, fw, p, err := planDeploy(ctx, g, opts, ref, false)
	if err != nil {
		return err
	}
	defer d.Close()
	if opts.output == "json" {
		return deploy.WriteJSON(g.stdout, p, nil, d.calls)
	}
	printPlanHeader(g.stdout, "plan", d, fw, opts)
	if err := deploy.WritePlanText(g.stdout, p, g.verbose); err != nil {
		return err
	}
	fmt.Fprintf(g.stderr, "%s.\n", deploy.CallsToAWS(d.calls.Total()))
	return nil
}

// planDeploy checks the flags, reads and validates the framework and the
// target's inputs, all before any AWS call, then opens the target and
// computes the plan: what apply would do, or with destroy, what destroy
// would. The caller closes the deployment.
func planDeploy(ctx context.Context, g *globals, opts *deployOptions, ref string, destroy bool,
) (*deployment, *framework.Framework, *deploy.Plan, error) {
	if err := opts.check(); err != nil {
		return nil, nil, nil, err
	}
	target, _ := parseTarget(opts.target, false)
	fw, err := g.readDeployedFramework(ref, target)
	if err != nil {
		return nil, nil, nil, err
	}
	in, err := opts.checkTargetFlags(destroy)
	if err != nil {
		return nil, nil, nil, err
	}
	d, err := newTarget(ctx, g, opts, in)
	if err != nil {
		return nil, nil, nil, err
	}
	plan := deploy.MakePlan
	if destroy {
		plan = deploy.DestroyPlan
	}
	p, err := plan(ctx, d.target, fw)
	if err != nil {
		d.Close()
		return nil, nil, nil, err
	}
	return d, fw, p, nil
}

// readDeployedFramework is readFramework for plan, apply and destroy:
// the warnings about single controls (sources the target leaves out) are
// not printed, since the plan's notes carry them.
func (g *globals) readDeployedFramework(ref string, target framework.Target) (*framework.Framework, error) {
	fw, diags, err := framework.Read(ref, framework.ValidateOptions{Target: target})
	for _, d := range diags {
		if d.Severity == framework.SeverityError || d.Control == "" {
			fmt.Fprintln(g.stderr, d)
		}
	}
	return fw, err
}

// printPlanHeader says what the plan is about.
func printPlanHeader(w io.Writer, verb string, d *deployment, fw *framework.Framework, opts *deployOptions) {
	lang := opts.lang
	if lang == "" && len(fw.Languages) > 0 {
		lang = fw.Languages[0]
	}
	where := strings.Join(d.regions, ", ")
	if d.env.Sandbox {
		where += ", sandbox"
	}
	in := ""
	if opts.target == string(framework.TargetAuditManager) {
		in = ", in " + langName(lang) // conformance packs carry no text to translate
	}
	fmt.Fprintf(w, "%s %s on %s (%s)%s:\n\n", capitalize(verb), fw.ID, opts.target, where, in)
}

func langName(lang string) string {
	if lang == framework.French {
		return "French"
	}
	return "English"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
