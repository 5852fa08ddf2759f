package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/hdsctl/hdsctl/framework"
)

// lineWidth is the width text output wraps at.
const lineWidth = 88

// Text writes the framework as a document to read in a terminal: every
// control with its texts, references, applicability and evidence.
func Text(w io.Writer, fw *framework.Framework, lang string) error {
	p := &printer{w: w}
	title := fw.Name.Get(lang)
	p.line(title)
	p.line(strings.Repeat("=", len([]rune(title))))
	p.line(summaryLine(fw, lang))
	p.blank()
	p.wrap("", fw.Description.Get(lang))
	for _, s := range fw.ControlSets {
		p.blank()
		p.blank()
		name := s.Name.Get(lang)
		p.line(name)
		p.line(strings.Repeat("-", len([]rune(name))))
		if d := s.Description.Get(lang); d != "" {
			p.wrap("", d)
		}
		for _, c := range s.Controls {
			p.blank()
			textControl(p, c, lang)
		}
	}
	return p.err
}

func textControl(p *printer, c *framework.Control, lang string) {
	p.line(c.ID + "  " + c.Name.Get(lang))
	field := func(key, value string) {
		if value != "" {
			p.wrap("    ", label(lang, key)+colon(lang)+" "+value)
		}
	}
	field("description", c.Description.Get(lang))
	field("testing", c.TestingInformation.Get(lang))
	plan := c.ActionPlanTitle.Get(lang)
	if in := c.ActionPlanInstructions.Get(lang); in != "" {
		plan += " — " + in
	}
	field("actionPlan", strings.TrimPrefix(plan, " — "))
	field("references", references(c, lang))
	field("activities", activities(c, lang))
	field("conditions", conditions(c, lang))
	if r := c.EffectiveResponsibility(); r != framework.ResponsibilityCustomer {
		field("responsibility", responsibilityLabels[r].Get(lang))
	}
	p.line("    " + label(lang, "evidence") + colon(lang))
	for _, s := range c.Sources {
		p.wrapHanging("      - ", "        ", source(s, lang))
	}
}

// printer writes wrapped lines and remembers the first error.
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

func (p *printer) wrap(indent, s string) { p.wrapHanging(indent, indent, s) }

// wrapHanging wraps s at lineWidth, starting with first and indenting the
// following lines with rest.
func (p *printer) wrapHanging(first, rest, s string) {
	for i, l := range wrapWords(s, lineWidth-len([]rune(rest))) {
		if i == 0 {
			p.line(first + l)
		} else {
			p.line(rest + l)
		}
	}
}

// wrapWords splits s into lines of at most width characters, breaking at
// spaces; a word longer than width gets a line of its own.
func wrapWords(s string, width int) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		var cur []rune
		// Break at plain spaces only: French puts a no-break space before
		// ; : ! ? and inside « », which must stay on the line.
		for _, word := range strings.FieldsFunc(para, func(r rune) bool { return r == ' ' || r == '\t' }) {
			wr := []rune(word)
			if len(cur) > 0 && len(cur)+1+len(wr) > width {
				lines = append(lines, string(cur))
				cur = cur[:0]
			}
			if len(cur) > 0 {
				cur = append(cur, ' ')
			}
			cur = append(cur, wr...)
		}
		lines = append(lines, string(cur))
	}
	return lines
}
