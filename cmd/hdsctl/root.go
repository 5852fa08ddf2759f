package main

import (
	"io"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/hdsctl/hdsctl/internal/clilog"
)

// globals holds what every command shares: the output streams and the
// global flags.
type globals struct {
	stdout  io.Writer
	stderr  io.Writer
	verbose bool
	log     *slog.Logger
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	g := &globals{stdout: stdout, stderr: stderr, log: slog.New(clilog.New(stderr, "hdsctl", slog.LevelWarn))}
	root := &cobra.Command{
		Use:   "hdsctl",
		Short: "HDS compliance as code for AWS",
		Long: `hdsctl ships the French HDS v2 referential (health data hosting, 2024) as
reviewed data in French and English, validates frameworks before any AWS call,
deploys them to AWS Audit Manager and AWS Config, assesses AWS accounts and
Organizations against them, and writes the documents an HDS audit asks for.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q; run hdsctl --help for the list", args[0])
			}
			return cmd.Help()
		},
		PersistentPreRun: func(cmd *cobra.Command, args []string) {
			if g.verbose {
				g.log = slog.New(slog.NewTextHandler(g.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
			}
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().BoolVarP(&g.verbose, "verbose", "v", false, "log what hdsctl does to stderr (warnings show without it)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &usageError{err: err}
	})

	root.AddCommand(
		newFrameworksCmd(g),
		newShowCmd(g),
		newValidateCmd(g),
		newExportCmd(g),
		newSchemaCmd(g),
		newReportCmd(g),
		newGuaranteesCmd(g),
		newPlanCmd(g),
		newApplyCmd(g),
		newDestroyCmd(g),
		newSandboxCmd(g),
		newAssessCmd(g),
		newArtifactCmd(g),
		newIAMPolicyCmd(g),
	)
	return root
}

// exactArgs is cobra.ExactArgs returning a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			return &usageError{err: err}
		}
		return nil
	}
}

// minArgs is cobra.MinimumNArgs returning a usage error.
func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.MinimumNArgs(n)(cmd, args); err != nil {
			return &usageError{err: err}
		}
		return nil
	}
}
