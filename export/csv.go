package export

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/hdsctl/hdsctl/framework"
)

// CSV writes one row per control, UTF-8 with a byte-order mark so that
// spreadsheets detect the encoding and keep accents.
func CSV(w io.Writer, fw *framework.Framework, opts Options) error {
	lang := opts.Lang
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if opts.Separator != 0 {
		cw.Comma = opts.Separator
	}
	header := []string{"set_id", "set_name", "control_id", "name", "description", "testing_information",
		"action_plan_title", "action_plan_instructions", "references", "activities", "conditions",
		"responsibility", "automated", "sources"}
	if lang == framework.French {
		header = []string{"id_ensemble", "ensemble", "id_controle", "nom", "description", "verification",
			"plan_action_titre", "plan_action_instructions", "references", "activites", "conditions",
			"responsabilite", "automatise", "sources"}
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, s := range fw.ControlSets {
		for _, c := range s.Controls {
			var refs, srcs []string
			for _, r := range c.References {
				refs = append(refs, r.Scheme+":"+r.ID)
			}
			for _, src := range c.Sources {
				if src.Keyword != "" {
					srcs = append(srcs, string(src.Type)+":"+src.Keyword)
				} else {
					srcs = append(srcs, string(src.Type))
				}
			}
			automated := label(lang, "no")
			if c.Automated() {
				automated = label(lang, "yes")
			}
			row := []string{s.ID, s.Name.Get(lang), c.ID, c.Name.Get(lang), c.Description.Get(lang),
				c.TestingInformation.Get(lang), c.ActionPlanTitle.Get(lang), c.ActionPlanInstructions.Get(lang),
				strings.Join(refs, "; "), activities(c, lang), strings.Join(c.Applicability.Conditions, "; "),
				string(c.EffectiveResponsibility()), automated, strings.Join(srcs, "; ")}
			for i := range row {
				row[i] = csvSafe(row[i])
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from running a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
