// Command hdsctl is HDS compliance as code for AWS: it ships the HDS v2
// referential as data, validates frameworks, deploys them to AWS Audit
// Manager and AWS Config, assesses AWS accounts against them, and writes the
// documents a certification audit asks for.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/hdsctl/hdsctl/assess/attest"
	"github.com/hdsctl/hdsctl/deploy/auditmanager"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/report"
	"github.com/hdsctl/hdsctl/results"
)

// Exit codes, the contract scripts rely on.
const (
	exitOK      = 0
	exitFailure = 1 // runtime failure: AWS unreachable, access denied
	exitInvalid = 2 // invalid input or usage; no AWS call was made
	exitFailing = 3 // assess found at least one failing control
)

func main() {
	// Ctrl-C and SIGTERM cancel the work, which then stops cleanly. They stay
	// caught until the process exits: restoring their default action first
	// would let a late signal kill hdsctl after its work, with no exit code.
	ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	os.Exit(runContext(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run runs hdsctl with the given arguments and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdout, stderr)
}

// runContext is run under ctx, which signals cancel.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	return exitCode(root.ExecuteContext(ctx), stderr)
}

// exitCode reports err on stderr, unless it was reported already, and maps it
// to the process exit code. It is the only place that decides exit codes.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var (
		usage    *usageError
		invalid  *framework.InvalidError
		notFound *framework.NotFoundError
		failing  *failingError
		// Input files of the report commands: an invalid actors or
		// applicability file, a results file from another tool.
		badInput   *report.InvalidError
		badResults *results.FormatError
		// A Region where the target does not run, found before any call.
		badRegion *auditmanager.RegionError
		// An invalid attestation file of assess.
		badAttest *attest.InvalidError
	)
	switch {
	case errors.As(err, &failing):
		return exitFailing
	case errors.As(err, &invalid), errors.As(err, &badInput), errors.As(err, &badAttest):
		// The diagnostics are on stderr already; end with the count.
		fmt.Fprintf(stderr, "hdsctl: %v\n", err)
		return exitInvalid
	case errors.As(err, &usage), errors.As(err, &notFound), errors.As(err, &badResults), errors.As(err, &badRegion):
		fmt.Fprintf(stderr, "hdsctl: %v\n", err)
		return exitInvalid
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "hdsctl: interrupted; run the command again to finish the work")
		return exitFailure
	}
	fmt.Fprintf(stderr, "hdsctl: %v\n", err)
	return exitFailure
}

// usageError is a mistake in how hdsctl was called: a bad flag, a missing
// argument, an unreadable input file. It exits with code 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef returns a usage error.
func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// failingError says assess found failing controls. It exits with code 3.
type failingError struct{ failed int }

func (e *failingError) Error() string { return fmt.Sprintf("%d controls failed", e.failed) }
