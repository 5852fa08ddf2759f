package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/hdsctl/hdsctl/assess/artifact"
	"github.com/hdsctl/hdsctl/awsenv"
	"github.com/hdsctl/hdsctl/internal/atomicfile"
	"github.com/hdsctl/hdsctl/results"
)

// artifactOptions are the flags of hdsctl artifact.
type artifactOptions struct {
	out         string
	acceptTerms bool
	profile     string
	sandbox     bool
}

// artifactIndex is the file listing what hdsctl artifact downloaded.
const artifactIndex = "aws-artifact-reports.json"

func newArtifactCmd(g *globals) *cobra.Command {
	var opts artifactOptions
	cmd := &cobra.Command{
		Use:   "artifact [--out DIR] [--accept-terms]",
		Short: "Download AWS's current HDS and ISO/IEC 27001 reports from AWS Artifact",
		Long: `artifact downloads AWS's current HDS certificate and ISO/IEC 27001 certificate
from AWS Artifact into an evidence folder: the evidence of the controls AWS
carries under the shared responsibility model, such as the physical security
of its data centres.

AWS Artifact makes each report's terms (a non-disclosure agreement for some)
a condition of download. artifact saves each report's terms into the folder
first and names the file; it downloads the reports only once you accept them,
by answering yes on a terminal or by passing --accept-terms after reading
them. It writes ` + artifactIndex + ` listing each report's title, version,
period and file.`,
		Example: `  hdsctl artifact --out hds-audit/evidence
  hdsctl artifact --out evidence --accept-terms`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runArtifact(cmd.Context(), g, &opts)
		},
	}
	cmd.Flags().StringVar(&opts.out, "out", "aws-artifact", "folder to save the reports and their terms into")
	cmd.Flags().BoolVar(&opts.acceptTerms, "accept-terms", false, "accept the reports' terms, once read, without being asked")
	cmd.Flags().StringVar(&opts.profile, "profile", "", "AWS shared-config profile")
	cmd.Flags().BoolVar(&opts.sandbox, "sandbox", false, "use the hdsctl sandbox's emulated AWS Artifact")
	return cmd
}

func runArtifact(ctx context.Context, g *globals, opts *artifactOptions) error {
	if !opts.acceptTerms && !stdinIsTerminal() {
		return usagef("AWS Artifact's terms must be accepted before download, " +
			"and no terminal can answer: " +
			"run hdsctl artifact on a terminal, or read the terms and pass --accept-terms")
	}
	env, err := awsenv.Open(ctx, awsenv.Options{
		Profile:     opts.profile,
		Sandbox:     opts.sandbox,
		AutoSandbox: true,
		Demo:        true,
		Stderr:      g.stderr,
		Logger:      g.log,
	})
	if err != nil {
		return err
	}
	defer env.Close()
	if err := os.MkdirAll(opts.out, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", opts.out, err)
	}
	client := artifact.NewClient(env.Config, "")
	found, err := artifact.NewSource(client, nil).Current(ctx)
	if err != nil {
		return fmt.Errorf("listing AWS's reports: %w", err)
	}
	saved := []results.AWSReport{}
	for _, f := range found {
		if !f.OK {
			fmt.Fprintf(g.stderr, "hdsctl: AWS Artifact lists no published %s\n", f.Kind.Name.EN)
			continue
		}
		rec, err := downloadReport(ctx, g, client, f.Report, opts)
		if errors.Is(err, errCancelled) {
			fmt.Fprintf(g.stderr, "skipped %s: its terms were not accepted\n", f.Report.Name)
			continue
		}
		if err != nil {
			return err
		}
		saved = append(saved, rec)
	}
	index := filepath.Join(opts.out, artifactIndex)
	if err := atomicfile.WriteFile(index, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(saved)
	}); err != nil {
		return err
	}
	fmt.Fprintln(g.stderr, "wrote", index)
	for _, r := range saved {
		fmt.Fprintf(g.stdout, "%s\tversion %s\t%s\n", r.Title, r.Version, r.File)
	}
	return nil
}

// downloadReport saves a report's terms, has them accepted, then saves the
// report. It returns errCancelled when the terms were declined.
func downloadReport(ctx context.Context, g *globals, client *artifact.Client, r artifact.Report, opts *artifactOptions,
) (results.AWSReport, error) {
	rec := artifact.Record(r)
	term, err := client.GetTermForReport(ctx, r.ID, r.Version)
	if err != nil {
		return rec, fmt.Errorf("reading the terms of %s: %w", r.Name, err)
	}
	termsFile := filepath.Join(opts.out, "terms-"+artifact.FileName(r))
	web := client.HTTPClient()
	if err := artifact.Download(ctx, web, term.DocumentURL, termsFile); err != nil {
		return rec, err
	}
	fmt.Fprintf(g.stderr, "The terms of %q (version %d) are in %s.\n", r.Name, r.Version, termsFile)
	if !opts.acceptTerms {
		ok, err := confirm(ctx, g.stderr, "Do you accept them? Only yes downloads the report: ")
		if err != nil {
			return rec, err
		}
		if !ok {
			return rec, errCancelled
		}
	}
	url, err := client.GetReport(ctx, r.ID, r.Version, term.Token)
	if err != nil {
		return rec, fmt.Errorf("downloading %s: %w", r.Name, err)
	}
	rec.File = filepath.Join(opts.out, artifact.FileName(r))
	if err := artifact.Download(ctx, web, url, rec.File); err != nil {
		return rec, err
	}
	fmt.Fprintln(g.stderr, "wrote", rec.File)
	return rec, nil
}
