package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/framework"
)

func newApplyCmd(g *globals) *cobra.Command {
	var opts deployOptions
	cmd := &cobra.Command{
		Use:   "apply FRAMEWORK --target auditmanager|config",
		Short: "Deploy a framework to AWS, or bring it up to date",
		Long: `apply computes the plan (see hdsctl plan), shows it, asks for confirmation
and carries it out: creates and updates in order (controls before the
framework that lists them), deletes in reverse, under one rate limiter kept
below the service's quota (19 requests per second for Audit Manager), with
retries on throttling and server errors. Running it again changes nothing.

Interrupted (Ctrl-C, or even killed), it leaves nothing hdsctl cannot find
again: the next apply finishes the work, with no duplicate and no orphan.

--adopt takes over what the Node.js sample deployed, from the output file it
wrote (out/<directory>-<framework>-framework_output.json): its controls and
framework are tagged as hdsctl's and brought up to date, not created again.

--assessment-name, with --assessment-owner and --assessment-reports, also
keeps an Audit Manager assessment on the deployed framework.`,
		Example: `  hdsctl apply hds-v2 --target auditmanager --sandbox
  hdsctl apply ./HDS --target auditmanager --adopt out/France-HDS-framework_output.json
  hdsctl apply hds-v2 --target auditmanager --auto-approve \
      --assessment-name "HDS 2026" --assessment-owner arn:aws:iam::123456789012:role/Auditor \
      --assessment-reports s3://my-audit-reports/hds`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runChange(cmd.Context(), g, &opts, args[0], false)
		},
	}
	opts.addFlags(cmd.Flags(), true)
	return cmd
}

// runChange runs apply, or with destroy, destroy: it checks that the change
// can be confirmed, plans it, and carries it out.
func runChange(ctx context.Context, g *globals, opts *deployOptions, ref string, destroy bool) error {
	verb := "apply"
	if destroy {
		verb = "destroy"
	}
	if err := canConfirm(opts, verb); err != nil {
		return err
	}
	d, fw, p, err := planDeploy(ctx, g, opts, ref, destroy)
	if err != nil {
		return err
	}
	defer d.Close()
	return carryOut(ctx, g, opts, d, fw, p, verb)
}

// canConfirm refuses, before any AWS call, a command that would need a
// confirmation nobody can give.
func canConfirm(opts *deployOptions, verb string) error {
	if err := opts.check(); err != nil {
		return err
	}
	if opts.autoApprove || stdinIsTerminal() {
		return nil
	}
	return usagef("%s changes AWS and asks for confirmation, but no terminal can answer; "+
		"pass --auto-approve to %s without asking", verb, verb)
}

// carryOut shows the plan, asks for confirmation unless --auto-approve, and
// applies it with a progress bar on stderr.
func carryOut(ctx context.Context, g *globals, opts *deployOptions, d *deployment, fw *framework.Framework, p *deploy.Plan, verb string) error {
	text := opts.output == "text"
	if p.Empty() {
		if !text {
			return deploy.WriteJSON(g.stdout, p, &deploy.Result{}, d.calls)
		}
		printPlanHeader(g.stdout, verb, d, fw, opts)
		if err := deploy.WritePlanText(g.stdout, p, g.verbose); err != nil {
			return err
		}
		msg := "Nothing to do: AWS matches %s (%s).\n"
		if verb == "destroy" {
			msg = "Nothing to destroy: hdsctl owns nothing of %s there (%s).\n"
		}
		fmt.Fprintf(g.stdout, msg, fw.ID, deploy.CallsToAWS(d.calls.Total()))
		return nil
	}

	shown := g.stdout
	if !text {
		shown = g.stderr
	}
	if text || !opts.autoApprove {
		printPlanHeader(shown, verb, d, fw, opts)
		if err := deploy.WritePlanText(shown, p, g.verbose); err != nil {
			return err
		}
	}
	if !opts.autoApprove {
		question := fmt.Sprintf("\n%s these changes? Only yes goes on: ", capitalize(verb))
		ok, err := confirm(ctx, g.stderr, question)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%s %w", verb, errCancelled)
		}
	}

	bar := deploy.NewProgressBar(g.stderr, stderrIsTerminal(g), verb)
	applyOpts := deploy.ApplyOptions{Progress: bar.Update, Logger: g.log}
	res, err := deploy.Apply(ctx, d.target, p, applyOpts)
	bar.Finish()
	if text {
		fmt.Fprintln(g.stdout)
		if werr := deploy.WriteResultText(g.stdout, verb, res, d.calls); werr != nil && err == nil {
			err = werr
		}
	} else if werr := deploy.WriteJSON(g.stdout, p, &res, d.calls); werr != nil && err == nil {
		err = werr
	}
	return err
}

// confirm asks a yes-or-no question on the terminal, giving up when ctx
// ends (Ctrl-C).
func confirm(ctx context.Context, w io.Writer, question string) (bool, error) {
	fmt.Fprint(w, question)
	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
		answer <- line
	}()
	select {
	case <-ctx.Done():
		fmt.Fprintln(w)
		return false, ctx.Err()
	case line := <-answer:
		return strings.TrimSpace(strings.ToLower(line)) == "yes", nil
	}
}

// stdinIsTerminal reports whether a person can answer on stdin.
func stdinIsTerminal() bool { return term.IsTerminal(int(os.Stdin.Fd())) }

// stderrIsTerminal reports whether stderr shows on a terminal, where a
// progress bar can redraw itself.
func stderrIsTerminal(g *globals) bool {
	f, ok := g.stderr.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
