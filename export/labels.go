package export

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hdsctl/hdsctl/framework"
)

// label returns the caption key in lang.
func label(lang, key string) string {
	t, ok := labels[key]
	if !ok {
		panic("export: no label " + key)
	}
	return t.Get(lang)
}

var labels = map[string]framework.Text{
	"version":        {FR: "Version", EN: "Version"},
	"controls":       {FR: "contrôles", EN: "controls"},
	"control":        {FR: "contrôle", EN: "control"},
	"sets":           {FR: "ensembles", EN: "sets"},
	"set1":           {FR: "ensemble", EN: "set"},
	"set":            {FR: "Ensemble", EN: "Set"},
	"id":             {FR: "Identifiant", EN: "ID"},
	"name":           {FR: "Nom", EN: "Name"},
	"description":    {FR: "Description", EN: "Description"},
	"testing":        {FR: "Vérification", EN: "Testing"},
	"actionPlan":     {FR: "Plan d'action", EN: "Action plan"},
	"references":     {FR: "Références", EN: "References"},
	"activities":     {FR: "Activités d'hébergement", EN: "Hosting activities"},
	"conditions":     {FR: "S'applique si", EN: "Applies if"},
	"responsibility": {FR: "Responsabilité", EN: "Responsibility"},
	"evidence":       {FR: "Preuves", EN: "Evidence"},
	"automated":      {FR: "Automatisé", EN: "Automated"},
	"manualOnly":     {FR: "Manuel seulement", EN: "Manual only"},
	"awsCarried":     {FR: "Porté par AWS", EN: "Carried by AWS"},
	"total":          {FR: "Total", EN: "Total"},
	"yes":            {FR: "oui", EN: "yes"},
	"no":             {FR: "non", EN: "no"},
	"all":            {FR: "toutes", EN: "all"},
	"owner":          {FR: "Fournie par", EN: "Provided by"},
}

var responsibilityLabels = map[framework.Responsibility]framework.Text{
	framework.ResponsibilityCustomer: {FR: "hébergeur (client d'AWS)", EN: "host (AWS customer)"},
	framework.ResponsibilityAWS:      {FR: "AWS (modèle de responsabilité partagée ; preuves : rapports AWS Artifact)", EN: "AWS (shared responsibility model; evidence: AWS Artifact reports)"},
	framework.ResponsibilityShared:   {FR: "partagée entre AWS et l'hébergeur", EN: "shared between AWS and the host"},
}

var schemeLabels = map[string]framework.Text{
	framework.SchemeHDS:      framework.Same("HDS v2"),
	framework.SchemeISO:      framework.Same("ISO/IEC 27001:2022"),
	framework.SchemeCSP:      {FR: "CSP", EN: "French Public Health Code"},
	framework.SchemeGDPR:     {FR: "RGPD", EN: "GDPR"},
	framework.SchemeUpstream: {FR: "Ensemble d'origine", EN: "Upstream set"},
}

// references formats a control's references grouped by scheme:
// "HDS v2 EXI 28 · ISO/IEC 27001:2022 A.5.9, A.5.23".
func references(c *framework.Control, lang string) string {
	var schemes []string
	by := map[string][]string{}
	for _, r := range c.References {
		if _, ok := by[r.Scheme]; !ok {
			schemes = append(schemes, r.Scheme)
		}
		by[r.Scheme] = append(by[r.Scheme], r.ID)
	}
	parts := make([]string, len(schemes))
	for i, s := range schemes {
		name := schemeLabels[s].Get(lang)
		if name == "" {
			name = s
		}
		parts[i] = name + " " + strings.Join(by[s], ", ")
	}
	return strings.Join(parts, " · ")
}

// activities formats the hosting activities a control applies to.
func activities(c *framework.Control, lang string) string {
	acts := append([]int(nil), c.Applicability.Activities...)
	if len(acts) == 0 || len(acts) == 6 {
		return label(lang, "all") + " (1–6)"
	}
	sort.Ints(acts)
	s := make([]string, len(acts))
	for i, a := range acts {
		s[i] = fmt.Sprint(a)
	}
	return strings.Join(s, ", ")
}

// conditions formats the conditions under which a control applies.
func conditions(c *framework.Control, lang string) string {
	var s []string
	for _, name := range c.Applicability.Conditions {
		if cond, ok := framework.LookupCondition(name); ok {
			s = append(s, cond.Label.Get(lang))
		} else {
			s = append(s, name)
		}
	}
	return strings.Join(s, " ; ")
}

// source formats one evidence source on a line.
func source(s framework.Source, lang string) string {
	kind := s.Type.Label().Get(lang)
	if s.Type == framework.SourceManual {
		line := kind
		if owner := s.Owner.Get(lang); owner != "" {
			line += " (" + label(lang, "owner") + colon(lang) + " " + owner + ")"
		}
		if in := s.Instructions.Get(lang); in != "" {
			line += " — " + in
		}
		return line
	}
	line := kind + " " + s.Keyword
	if s.Type == framework.SourceCheck {
		if chk, ok := framework.LookupCheck(s.Keyword); ok {
			line += " (" + chk.Title.Get(lang) + ")"
		}
	}
	return line
}

// colon returns the colon of lang: French puts a space before it.
func colon(lang string) string {
	if lang == framework.French {
		return "\u00a0:"
	}
	return ":"
}

// count formats n with the singular or plural label: "1 control", "2 controls".
func count(lang string, n int, singular, plural string) string {
	if n == 1 || (lang == framework.French && n == 0) {
		return fmt.Sprintf("%d %s", n, label(lang, singular))
	}
	return fmt.Sprintf("%d %s", n, label(lang, plural))
}

// summaryLine is the line under a framework's title: version and size.
func summaryLine(fw *framework.Framework, lang string) string {
	parts := []string{}
	if fw.Version != "" {
		parts = append(parts, label(lang, "version")+" "+fw.Version)
	}
	parts = append(parts, count(lang, len(fw.ControlSets), "set1", "sets"), count(lang, len(fw.Controls()), "control", "controls"))
	return strings.Join(parts, " · ")
}
