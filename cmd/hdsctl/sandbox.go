package main

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/hdsctl/hdsctl/awsenv"
	"github.com/hdsctl/hdsctl/sandbox"
)

type sandboxOptions struct {
	addr      string
	state     string
	rps       float64
	latency   time.Duration
	faultRate float64
}

func newSandboxCmd(g *globals) *cobra.Command {
	var opts sandboxOptions
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Serve an emulated AWS account to try hdsctl without AWS",
		Long: `sandbox serves a local emulator of the AWS APIs hdsctl uses until Ctrl-C:
AWS Audit Manager, AWS Config (conformance packs, rules, compliance,
configuration items, aggregators), Security Hub, AWS Artifact, STS,
Organizations, and the reads of IAM, KMS, EC2, S3 and CloudTrail that
hdsctl's checks make. It validates requests and answers as AWS does, with
AWS's quotas and its throttling of Audit Manager at 20 requests per second per
account; it can add latency and random faults. Its state is kept in a file, by
default the one --sandbox uses.

It holds a demo Organization of three accounts with AWS Config, Security Hub
and AWS Artifact data, some compliant and some not. Point the AWS SDKs and CLI
at it with the variables it prints on stdout: any access key but the member
accounts' (AKIADEMOPRODUCTION01, AKIADEMOANALYTICS001) signs as the
management account, 123456789012.`,
		Example: `  hdsctl sandbox
  hdsctl sandbox --addr 127.0.0.1:4566 --latency 30ms --fault-rate 0.1
  # in another shell, after the variables it printed:
  hdsctl apply hds-v2 --target auditmanager
  hdsctl assess hds-v2 --organization`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSandbox(cmd.Context(), g, opts)
		},
	}
	cmd.Flags().StringVar(&opts.addr, "addr", "127.0.0.1:4566", "address to listen on; keep it on loopback unless others must reach it")
	cmd.Flags().StringVar(&opts.state, "state", "", "state file (default: the one --sandbox uses, in the user cache folder)")
	cmd.Flags().Float64Var(&opts.rps, "rps", sandbox.DefaultRPS, "Audit Manager requests per second allowed per account; 0 turns throttling off")
	cmd.Flags().DurationVar(&opts.latency, "latency", 0, "latency added to every request, such as 30ms")
	cmd.Flags().Float64Var(&opts.faultRate, "fault-rate", 0, "fraction of requests answered with a random fault (HTTP 500, 503, dropped connection), 0 to 1")
	return cmd
}

func runSandbox(ctx context.Context, g *globals, opts sandboxOptions) error {
	if opts.faultRate < 0 || opts.faultRate > 1 {
		return usagef("--fault-rate must be between 0 and 1, got %v", opts.faultRate)
	}
	if opts.rps < 0 || opts.latency < 0 {
		return usagef("--rps and --latency cannot be negative")
	}
	host, _, err := net.SplitHostPort(opts.addr)
	if err != nil {
		return usagef("--addr %q is not host:port: %v", opts.addr, err)
	}
	state := opts.state
	if state == "" {
		if state, err = awsenv.DefaultSandboxState(); err != nil {
			return err
		}
	}
	rps := opts.rps
	if rps == 0 {
		rps = -1 // the sandbox's "no limit"
	}
	srv, err := sandbox.New(sandbox.Options{
		Addr:      opts.addr,
		StatePath: state,
		RPS:       rps,
		Latency:   opts.latency,
		FaultRate: opts.faultRate,
		Demo:      true,
		Logger:    g.log,
	})
	if err != nil {
		return err
	}
	url, err := srv.Start()
	if err != nil {
		srv.Close()
		return err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(g.stderr, "hdsctl sandbox: warning: listening on %s, beyond this machine; "+
			"anyone who reaches it can use the sandbox\n", opts.addr)
	}
	fmt.Fprintf(g.stdout, "export AWS_ENDPOINT_URL=%s\n", url)
	fmt.Fprintf(g.stdout, "export AWS_ACCESS_KEY_ID=%s\n", awsenv.SandboxAccessKeyID)
	fmt.Fprintf(g.stdout, "export AWS_SECRET_ACCESS_KEY=sandbox\n")
	fmt.Fprintf(g.stdout, "export AWS_REGION=%s\n", awsenv.DefaultRegion)
	fmt.Fprintf(g.stderr, "hdsctl sandbox: serving the emulated AWS APIs on %s for the demo Organization, "+
		"management account %s (state in %s).\n", url, sandbox.DefaultAccountID, state)
	fmt.Fprintln(g.stderr, "Set the variables above in the shell you run hdsctl or the AWS CLI from. Stop with Ctrl-C.")

	<-ctx.Done()
	fmt.Fprintln(g.stderr, "hdsctl sandbox: stopping; the state is saved.")
	return srv.Close()
}
