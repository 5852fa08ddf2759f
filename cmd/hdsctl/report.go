package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/atomicfile"
	"github.com/hdsctl/hdsctl/report"
	"github.com/hdsctl/hdsctl/results"
)

type reportOptions struct {
	format        string
	lang          string
	out           string
	separator     string
	applicability string
	soaFormat     string
}

// formatAll asks report for every format at once.
const formatAll = "all"

func newReportCmd(g *globals) *cobra.Command {
	var opts reportOptions
	cmd := &cobra.Command{
		Use:   "report RESULTS.json --format html|markdown|csv|oscal|soa|all",
		Short: "Write the documents of an assessment: report, OSCAL, Statement of Applicability",
		Long: `report reads the results hdsctl assess wrote and writes a document from them:

  html      one self-contained HTML file: summary per control set with charts,
            every control with its status, findings, evidence and references,
            a filter by status, printable; it makes no network request
  markdown  the same content in Markdown
  csv       one row per finding, UTF-8 with a byte-order mark
  oscal     OSCAL 1.2.1 assessment-results (JSON)
  soa       the Statement of Applicability (Déclaration d'applicabilité): every
            ISO/IEC 27001:2022 Annex A control, applicable or not and why (from
            --applicability), its implementation status, the HDS requirements
            it serves; in HTML, CSV or XLSX (--soa-format)
  all       every format into the folder --out names

Documents are in English by default, the Statement of Applicability in French
(HDS EXI 08 requires it in French); --lang picks. The CSV separator is ';' in
French and ',' in English unless --separator says otherwise.`,
		Example: `  hdsctl report results.json --format html --lang fr --out rapport.html
  hdsctl report results.json --format soa --applicability applicability.yaml --soa-format xlsx --out soa.xlsx
  hdsctl report results.json --format oscal > assessment-results.json
  hdsctl report results.json --format all --lang fr --out audit/`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(g, opts, args[0])
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "", "html, markdown, csv, oscal, soa or all (required)")
	cmd.Flags().StringVar(&opts.lang, "lang", "", "language: fr or en (default en, fr for the Statement of Applicability)")
	cmd.Flags().StringVar(&opts.out, "out", "", "file, or existing folder, to write to instead of stdout")
	cmd.Flags().StringVar(&opts.separator, "separator", "", "CSV field separator (default ';' in French, ',' in English)")
	cmd.Flags().StringVar(&opts.applicability, "applicability", "", "applicability file for the Statement of Applicability (YAML)")
	cmd.Flags().StringVar(&opts.soaFormat, "soa-format", "", "Statement of Applicability format: html, csv or xlsx (default html)")
	return cmd
}

func runReport(g *globals, opts reportOptions, file string) error {
	ropts, err := reportSettings(opts)
	if err != nil {
		return err
	}
	if opts.applicability != "" {
		if ropts.Applicability, err = loadApplicability(g, opts.applicability); err != nil {
			return err
		}
	}
	r, err := readResults(file)
	if err != nil {
		return err
	}
	g.log.Debug("results read", "file", file, "framework", r.Framework, "controls", len(r.Controls))

	if opts.format == formatAll {
		written, err := report.WriteAll(opts.out, r, ropts)
		for _, name := range written {
			fmt.Fprintln(g.stderr, "wrote", name)
		}
		return err
	}
	format := report.Format(opts.format)
	write := func(w io.Writer) error { return report.Write(w, r, format, ropts) }
	if opts.out == "" {
		if format == report.FormatSoA && ropts.SoAFormat == report.SoAXLSX && isTerminal(g.stdout) {
			return usagef("an XLSX workbook is binary: name a file with --out, or redirect stdout")
		}
		return write(g.stdout)
	}
	name := outputPath(opts.out, report.FileName(r, format, ropts))
	if err := atomicfile.WriteFile(name, write); err != nil {
		return err
	}
	fmt.Fprintln(g.stderr, "wrote", name)
	return nil
}

// reportSettings checks the flags and turns them into report options.
func reportSettings(opts reportOptions) (report.Options, error) {
	var ro report.Options
	format := report.Format(opts.format)
	if opts.format != formatAll && !slices.Contains(report.Formats, format) {
		return ro, usagef("unknown or missing --format %q: use html, markdown, csv, oscal, soa or all", opts.format)
	}
	if opts.format == formatAll && opts.out == "" {
		return ro, usagef("--format all writes several files: name a folder with --out")
	}
	if opts.lang != "" && !framework.ValidLang(opts.lang) {
		return ro, usagef("unknown language %q: use fr or en", opts.lang)
	}
	ro.Lang = opts.lang
	if opts.separator != "" {
		sep := []rune(opts.separator)
		if len(sep) != 1 || sep[0] == '"' || sep[0] == '\n' || sep[0] == '\r' {
			return ro, usagef("--separator must be one character other than a quote or a line break, got %q", opts.separator)
		}
		ro.Separator = sep[0]
	}
	if opts.soaFormat != "" {
		if !slices.Contains(report.SoAFormats, report.SoAFormat(opts.soaFormat)) {
			return ro, usagef("unknown --soa-format %q: use html, csv or xlsx", opts.soaFormat)
		}
		if format != report.FormatSoA {
			return ro, usagef("--soa-format applies to --format soa only")
		}
		ro.SoAFormat = report.SoAFormat(opts.soaFormat)
	}
	if opts.applicability != "" && format != report.FormatSoA && opts.format != formatAll {
		return ro, usagef("--applicability applies to --format soa or all only")
	}
	return ro, nil
}

// loadApplicability reads the applicability file, printing every problem
// of an invalid one on stderr.
func loadApplicability(g *globals, path string) (*report.Applicability, error) {
	a, err := report.LoadApplicability(path)
	var invalid *report.InvalidError
	switch {
	case errors.As(err, &invalid):
		g.printDiagnostics(invalid.Diagnostics)
		return nil, err
	case err != nil:
		return nil, usagef("reading the applicability file: %v", err)
	}
	return a, nil
}

// readResults reads assessment results. A file hdsctl cannot read is a
// usage error; one that is not assessment results gives the
// *results.FormatError that says where and how to fix it.
func readResults(file string) (*results.Results, error) {
	r, err := results.ReadFile(file)
	var ferr *results.FormatError
	switch {
	case errors.As(err, &ferr):
		return nil, err
	case err != nil:
		return nil, usagef("reading results: %v", err)
	}
	return r, nil
}

// outputPath returns where to write: out itself, or name inside out when
// out is an existing folder or ends with a slash.
func outputPath(out, name string) string {
	if strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(filepath.Separator)) {
		return filepath.Join(out, name)
	}
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		return filepath.Join(out, name)
	}
	return out
}

// isTerminal reports whether w is a terminal, where binary output would be
// garbage.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&fs.ModeCharDevice != 0
}
