package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/hdsctl/hdsctl/framework"
)

// Markdown writes the framework as a Markdown document: a heading per control
// set, a section per control.
func Markdown(w io.Writer, fw *framework.Framework, lang string) error {
	p := &printer{w: w}
	p.line("# " + mdText(fw.Name.Get(lang)))
	p.blank()
	p.line(mdText(summaryLine(fw, lang)))
	p.blank()
	p.line(mdText(fw.Description.Get(lang)))
	for _, s := range fw.ControlSets {
		p.blank()
		p.line("## " + mdText(s.Name.Get(lang)))
		if d := s.Description.Get(lang); d != "" {
			p.blank()
			p.line(mdText(d))
		}
		for _, c := range s.Controls {
			p.blank()
			markdownControl(p, c, lang)
		}
	}
	return p.err
}

func markdownControl(p *printer, c *framework.Control, lang string) {
	p.line(fmt.Sprintf("### %s — %s", mdText(c.ID), mdText(c.Name.Get(lang))))
	p.blank()
	field := func(key, value string) {
		if value != "" {
			p.line(fmt.Sprintf("- **%s**%s %s", label(lang, key), colon(lang), mdText(value)))
		}
	}
	field("description", c.Description.Get(lang))
	field("testing", c.TestingInformation.Get(lang))
	plan := c.ActionPlanTitle.Get(lang)
	if in := c.ActionPlanInstructions.Get(lang); in != "" {
		plan = strings.TrimPrefix(plan+" — "+in, " — ")
	}
	field("actionPlan", plan)
	field("references", references(c, lang))
	field("activities", activities(c, lang))
	field("conditions", conditions(c, lang))
	if r := c.EffectiveResponsibility(); r != framework.ResponsibilityCustomer {
		field("responsibility", responsibilityLabels[r].Get(lang))
	}
	p.line(fmt.Sprintf("- **%s**%s", label(lang, "evidence"), colon(lang)))
	for _, s := range c.Sources {
		p.line("  - " + mdText(source(s, lang)))
	}
}

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "#", `\#`, "|", `\|`, "\n", " ",
)

// mdText escapes text so that Markdown shows it as written: no emphasis, no
// link, no HTML.
func mdText(s string) string { return mdEscaper.Replace(s) }
