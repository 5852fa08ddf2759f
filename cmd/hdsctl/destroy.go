package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/hdsctl/hdsctl/deploy"
)

func newDestroyCmd(g *globals) *cobra.Command {
	var opts deployOptions
	cmd := &cobra.Command{
		Use:   "destroy FRAMEWORK --target auditmanager|config",
		Short: "Remove from AWS everything hdsctl deployed for a framework",
		Long: `destroy removes what hdsctl deployed for a framework, and nothing else: the
objects whose tags say hdsctl created them for that framework, wherever they
are (the assessment first, then the framework, then its controls). What hdsctl
did not create is never touched, whatever its name. An object already gone
counts as removed. Like apply, it shows the plan and asks for confirmation.`,
		Example: `  hdsctl destroy hds-v2 --target auditmanager --sandbox
  hdsctl destroy ./HDS --target auditmanager --region eu-west-1 --auto-approve`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDestroy(cmd.Context(), g, &opts, args[0])
		},
	}
	opts.addFlags(cmd.Flags(), true)
	return cmd
}

func runDestroy(ctx context.Context, g *globals, opts *deployOptions, ref string) error {
	if err := canConfirm(opts, "destroy"); err != nil {
		return err
	}
	d, fw, err := prepareDeploy(ctx, g, opts, ref, true)
	if err != nil {
		return err
	}
	defer d.Close()
	p, err := deploy.DestroyPlan(ctx, d.target, fw)
	if err != nil {
		return err
	}
	return carryOut(ctx, g, opts, d, fw, p, "destroy")
}
