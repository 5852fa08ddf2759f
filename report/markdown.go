package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/hdsctl/hdsctl/results"
)

// Markdown writes the assessment report as Markdown: the summary table,
// then a section per control set and per control with its status, findings
// table, evidence and attestation, then the AWS Artifact reports.
func Markdown(w io.Writer, r *results.Results, lang string) error {
	d := newDocument(r, lang)
	p := &printer{w: w}
	p.line("# " + md(d.Title))
	p.blank()
	c := colon(lang)
	p.field(c, label(lang, "framework"), d.FrameworkName+" ("+d.FrameworkID+" "+d.FrameworkVersion+")")
	p.field(c, label(lang, "accounts"), d.Accounts)
	p.field(c, label(lang, "regions"), d.Regions)
	p.field(c, label(lang, "generated"), d.Generated)
	p.field(c, label(lang, "activities"), d.Activities)
	p.field(c, label(lang, "conditions"), d.Conditions)
	p.field(c, label(lang, "tool"), d.Tool)

	p.blank()
	p.line("## " + md(label(lang, "summary")))
	p.blank()
	header := []string{label(lang, "set")}
	for _, sc := range d.Summary.Counts {
		header = append(header, sc.Label)
	}
	p.tableHeader(append(header, label(lang, "total")), 1)
	for _, s := range d.Sets {
		p.tableRow(tallyRow(md(s.Name), s.Tally))
	}
	p.tableRow(tallyRow("**"+md(label(lang, "total"))+"**", d.Summary))

	for _, s := range d.Sets {
		p.blank()
		p.line("## " + md(s.Name))
		for _, c := range s.Controls {
			p.blank()
			markdownControl(p, lang, c)
		}
	}
	if len(d.AWSReports) > 0 {
		p.blank()
		p.line("## " + md(label(lang, "awsReports")))
		p.blank()
		p.tableHeader([]string{label(lang, "reportID"), label(lang, "title"), label(lang, "version"),
			label(lang, "period"), label(lang, "file")}, 0)
		for _, a := range d.AWSReports {
			p.tableRow([]string{code(a.ID), md(a.Title), md(a.Version), md(a.Period), code(a.File)})
		}
	}
	p.blank()
	p.line("---")
	p.blank()
	p.line("*" + md(label(lang, "footer")) + "*")
	return p.err
}

// tallyRow returns a summary table row; name is already Markdown.
func tallyRow(name string, t tally) []string {
	row := []string{name}
	for _, sc := range t.Counts {
		row = append(row, fmt.Sprint(sc.N))
	}
	return append(row, fmt.Sprint(t.Total))
}

func markdownControl(p *printer, lang string, c controlDoc) {
	col := colon(lang)
	p.line(fmt.Sprintf("### %s — %s", md(c.ID), md(c.Name)))
	p.blank()
	p.line(fmt.Sprintf("**%s%s %s**", md(label(lang, "status")), col, md(c.StatusLabel)))
	p.blank()
	p.field(col, label(lang, "description"), c.Description)
	p.field(col, label(lang, "reason"), c.Reason)
	p.field(col, label(lang, "references"), strings.Join(c.References, " · "))
	p.field(col, label(lang, "responsibility"), c.Responsibility)
	if len(c.Evidence) > 0 {
		p.line(fmt.Sprintf("- **%s**%s", md(label(lang, "evidence")), col))
		for _, e := range c.Evidence {
			p.line("  - " + md(e))
		}
	}
	if a := c.Attestation; a != nil {
		p.line(fmt.Sprintf("- **%s**%s %s", md(label(lang, "attestation")), col, md(a.StatusLabel)))
		p.subfield(col, label(lang, "owner"), a.Owner)
		p.subfield(col, label(lang, "date"), a.Date)
		p.subfield(col, label(lang, "expires"), a.Expires)
		for _, l := range a.Links {
			p.line("  - " + md(label(lang, "links")) + col + " " + code(l))
		}
		p.subfield(col, label(lang, "comment"), a.Comment)
	}
	p.blank()
	if len(c.Findings) == 0 {
		p.line(md(label(lang, "noFindings")))
		return
	}
	p.tableHeader([]string{label(lang, "status"), label(lang, "resource"), label(lang, "region"),
		label(lang, "account"), label(lang, "source"), label(lang, "message")}, 0)
	for _, f := range c.Findings {
		p.tableRow([]string{md(f.StatusLabel), code(f.Resource), code(f.Region), code(f.Account), code(f.Source), md(f.Message)})
	}
}

// printer writes lines and remembers the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(s string) {
	if p.err == nil {
		_, p.err = fmt.Fprintln(p.w, s)
	}
}

func (p *printer) blank() { p.line("") }

// field writes "- **key** : value", leaving out an empty value.
func (p *printer) field(colon, key, value string) {
	if value != "" {
		p.line(fmt.Sprintf("- **%s**%s %s", md(key), colon, md(value)))
	}
}

// subfield writes a field one level down.
func (p *printer) subfield(colon, key, value string) {
	if value != "" {
		p.line(fmt.Sprintf("  - %s%s %s", md(key), colon, md(value)))
	}
}

// tableHeader writes a table header; the first numeric columns after skip
// are right-aligned.
func (p *printer) tableHeader(cells []string, skip int) {
	esc := make([]string, len(cells))
	align := make([]string, len(cells))
	for i, c := range cells {
		esc[i] = md(c)
		align[i] = "---"
		if skip > 0 && i >= skip {
			align[i] = "--:"
		}
	}
	p.line("| " + strings.Join(esc, " | ") + " |")
	p.line("|" + strings.Join(align, "|") + "|")
}

// tableRow writes a table row of cells already escaped.
func (p *printer) tableRow(cells []string) {
	p.line("| " + strings.Join(cells, " | ") + " |")
}

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"&", "&amp;", "<", "&lt;", ">", "&gt;", "#", `\#`, "|", `\|`, "\r\n", " ", "\n", " ",
)

// md escapes text so that Markdown shows it as written: no emphasis, no
// link, no HTML, no table break, on one line.
func md(s string) string { return mdEscaper.Replace(s) }

// code writes an identifier as inline code, escaped for tables; empty stays
// empty.
func code(s string) string {
	if s == "" {
		return ""
	}
	s = strings.NewReplacer("`", "'", "|", `\|`, "\n", " ").Replace(s)
	return "`" + s + "`"
}
