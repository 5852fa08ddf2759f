package main

import "github.com/spf13/cobra"

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
			return runChange(cmd.Context(), g, &opts, args[0], true)
		},
	}
	opts.addFlags(cmd.Flags(), true)
	return cmd
}
