package conformance

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/hdsctl/hdsctl/awsref"
	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/framework"
)

// Rule is one AWS Config managed rule of a conformance pack.
type Rule struct {
	// Name is the ConfigRuleName: the rule's documented name
	// (restricted-ssh), followed by a digest of its parameters when the
	// framework uses the rule with several parameter sets.
	Name string
	// LogicalID names the rule's resource in the template.
	LogicalID string
	// Identifier is the managed rule's source identifier
	// (INCOMING_SSH_DISABLED), the keyword Audit Manager expects.
	Identifier string
	// Parameters are the rule's input parameters: those the framework sets,
	// plus the documented default of every required parameter it leaves
	// out.
	Parameters map[string]string
	// Scope lists the resource types the rule is scoped to, as AWS's own
	// conformance packs scope it; empty for rules they leave unscoped.
	Scope []string
	// Controls lists the IDs of the controls the rule evidences, in the
	// framework's order.
	Controls    []string
	Description string
}

// Pack is one conformance pack of a rendering.
type Pack struct {
	// Name is the pack's name: hdsctl-<framework>-part-<n>.
	Name string
	// Part numbers the pack from 1 among Parts.
	Part, Parts int
	Rules       []Rule
	// Template is the CloudFormation template, in YAML.
	Template string
	// Hash is a digest of Template.
	Hash string
}

// Rendering is a framework's AWS_Config evidence as conformance packs.
type Rendering struct {
	// Framework is the ID of the framework rendered.
	Framework string
	Packs     []Pack
	// Notes say what of the framework the packs leave out, and why.
	Notes []deploy.Note
}

// RenderOptions tunes a rendering.
type RenderOptions struct {
	// Limits overrides AWS Config's limits; zero fields keep DefaultLimits.
	Limits Limits
	// LeaveOutIAM leaves out the periodic rules that judge IAM, for the
	// Regions other than the one that holds them. The rendering may then
	// have no pack at all.
	LeaveOutIAM bool
}

// Render turns the AWS_Config sources of a framework into conformance-pack
// templates. A rule evidencing several controls is deployed once and lists
// them all; the rules, sorted by name, fill packs in turn up to the rules
// and bytes a pack may hold. It fails when the framework needs more packs
// or rules than an account may hold, or has no AWS_Config source at all.
func Render(fw *framework.Framework, opts RenderOptions) (*Rendering, error) {
	limits := opts.Limits.withDefaults()
	rules, notes := collectRules(fw)
	if len(rules) == 0 {
		return nil, fmt.Errorf("framework %s has no AWS_Config evidence source to deploy as a conformance pack", fw.ID)
	}
	if opts.LeaveOutIAM {
		rules = slices.DeleteFunc(rules, func(r Rule) bool { return periodicIAMRules[r.Identifier] })
	}
	if len(rules) > limits.RulesPerAccount {
		return nil, fmt.Errorf("framework %s needs %d AWS Config rules; an account holds at most %d in a Region",
			fw.ID, len(rules), limits.RulesPerAccount)
	}
	prefix := PackPrefix(fw.ID)
	var packs []Pack
	for start := 0; start < len(rules); {
		name := fmt.Sprintf("%s%d", prefix, len(packs)+1)
		n, err := fillPack(name, fw.ID, rules[start:], limits)
		if err != nil {
			return nil, err
		}
		packs = append(packs, Pack{Name: name, Part: len(packs) + 1, Rules: rules[start : start+n]})
		start += n
	}
	if max := min(limits.PacksPerAccount, limits.OrgPacks); len(packs) > max {
		return nil, fmt.Errorf("framework %s needs %d conformance packs; an account (and an organization) holds at most %d",
			fw.ID, len(packs), max)
	}
	for i := range packs {
		p := &packs[i]
		p.Parts = len(packs)
		p.Template = packTemplate(p.Name, fw.ID, p.Rules)
		p.Hash = digest(p.Template)
	}
	return &Rendering{Framework: fw.ID, Packs: packs, Notes: notes}, nil
}

// fillPack returns how many of the rules, from the first, fit in one pack.
func fillPack(name, framework string, rules []Rule, limits Limits) (int, error) {
	size := len(templateHeader(name, framework))
	n := 0
	for n < len(rules) && n < limits.RulesPerPack {
		next := size + len(ruleResource(rules[n]))
		if next > limits.TemplateBytes {
			break
		}
		size, n = next, n+1
	}
	if n == 0 {
		return 0, fmt.Errorf("rule %s alone makes a template larger than the %d bytes of a conformance pack",
			rules[0].Name, limits.TemplateBytes)
	}
	return n, nil
}

// PackPrefix is how the names of a framework's packs start; a part number
// ends them.
func PackPrefix(frameworkID string) string {
	slug := strings.Trim(nonNameRe.ReplaceAllString(strings.ToLower(frameworkID), "-"), "-")
	if slug == "" {
		slug = "framework"
	}
	// Leave room for "hdsctl-", "-part-" and a two-digit part: at most 50
	// packs fit an account.
	if room := maxPackName - len("hdsctl-") - len("-part-") - 2; len(slug) > room {
		slug = strings.TrimRight(slug[:room], "-")
	}
	return "hdsctl-" + slug + "-part-"
}

var nonNameRe = regexp.MustCompile(`[^a-z0-9]+`)

// packNameRe returns the pattern of the names of a framework's packs.
func packNameRe(frameworkID string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(PackPrefix(frameworkID)) + `[1-9][0-9]*$`)
}

// variant is one managed rule with one set of parameters, as the framework
// uses it.
type variant struct {
	rule     awsref.ConfigRule
	params   map[string]string
	key      string
	controls []string
}

// collectRules gathers the framework's AWS_Config sources into rules, one
// per managed rule and parameter set, sorted by name, and notes what it
// leaves out.
func collectRules(fw *framework.Framework) ([]Rule, []deploy.Note) {
	var notes []deploy.Note
	byKey := map[string]*variant{}
	var order []*variant
	for _, c := range fw.Controls() {
		var skipped []string
		for _, s := range c.Sources {
			if s.Type != framework.SourceConfig {
				skipped = append(skipped, sourceLabel(s))
				continue
			}
			v, problem := newVariant(s)
			if problem != "" {
				notes = append(notes, deploy.Note{Key: c.ID, Message: problem})
				continue
			}
			if seen, ok := byKey[v.key]; ok {
				v = seen
			} else {
				byKey[v.key] = v
				order = append(order, v)
			}
			if !slices.Contains(v.controls, c.ID) {
				v.controls = append(v.controls, c.ID)
			}
		}
		if note := leftOut(c, skipped); note != "" {
			notes = append(notes, deploy.Note{Key: c.ID, Message: note})
		}
	}
	rules := nameRules(fw.ID, order)
	slices.SortFunc(rules, func(a, b Rule) int { return cmp.Compare(a.Name, b.Name) })
	uniqueLogicalIDs(rules)
	return rules, notes
}

// newVariant reads one AWS_Config source, or says why it cannot be
// deployed.
func newVariant(s framework.Source) (*variant, string) {
	rule, ok := awsref.LookupConfigRule(s.Keyword)
	if !ok {
		return nil, fmt.Sprintf("%s is not an AWS Config managed rule identifier; the source is left out", s.Keyword)
	}
	params := maps.Clone(s.Parameters)
	if params == nil {
		params = map[string]string{}
	}
	for _, p := range rule.Parameters {
		if _, set := params[p.Name]; set || p.Optional {
			continue
		}
		if p.Default == "" {
			return nil, fmt.Sprintf("rule %s needs its parameter %s, which has no default; "+
				"set it in the source's parameters, or the rule is left out", rule.Identifier, p.Name)
		}
		params[p.Name] = p.Default
	}
	return &variant{rule: rule, params: params, key: rule.Identifier + "\x00" + canonical(params)}, ""
}

// nameRules names every variant: the rule's documented name when the
// framework uses the rule with one parameter set; with several, the set of
// documented defaults keeps that name and the others add a digest of their
// parameters.
func nameRules(frameworkID string, variants []*variant) []Rule {
	perRule := map[string]int{}
	for _, v := range variants {
		perRule[v.rule.Identifier]++
	}
	rules := make([]Rule, 0, len(variants))
	for _, v := range variants {
		name := v.rule.Name
		if name == "" {
			// A rule without a documented name (AWS_CONFIG_PROCESS_CHECK)
			// is named after its identifier.
			name = strings.ToLower(strings.ReplaceAll(v.rule.Identifier, "_", "-"))
		}
		if perRule[v.rule.Identifier] > 1 && !defaultsOnly(v) {
			name += "-" + digest(canonical(v.params))[:6]
		}
		rules = append(rules, Rule{
			Name:        name,
			LogicalID:   logicalID(name),
			Identifier:  v.rule.Identifier,
			Parameters:  v.params,
			Scope:       v.rule.PackScope,
			Controls:    v.controls,
			Description: description(frameworkID, v.controls),
		})
	}
	return rules
}

// defaultsOnly reports whether a variant sets no parameter but the
// documented defaults of the required ones.
func defaultsOnly(v *variant) bool {
	for name, val := range v.params {
		named := func(p awsref.RuleParameter) bool { return p.Name == name }
		i := slices.IndexFunc(v.rule.Parameters, named)
		if i < 0 || v.rule.Parameters[i].Optional || v.rule.Parameters[i].Default != val {
			return false
		}
	}
	return true
}

// description lists the controls a rule evidences, within the 256
// characters AWS Config allows.
func description(frameworkID string, controls []string) string {
	head := frameworkID + ": evidence for "
	for n := len(controls); n > 0; n-- {
		d := head + strings.Join(controls[:n], ", ")
		if n < len(controls) {
			d += fmt.Sprintf(" and %d more", len(controls)-n)
		}
		if len([]rune(d)) <= maxDescription {
			return d
		}
	}
	return string([]rune(head + controls[0])[:maxDescription])
}

// logicalID turns a rule name into a CloudFormation logical ID:
// restricted-ssh becomes RestrictedSsh.
func logicalID(name string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return !isAlnum(r) }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// uniqueLogicalIDs numbers logical IDs that two rule names map to alike.
func uniqueLogicalIDs(rules []Rule) {
	seen := map[string]bool{}
	for i := range rules {
		id := rules[i].LogicalID
		for n := 2; seen[id]; n++ {
			id = fmt.Sprintf("%s%d", rules[i].LogicalID, n)
		}
		seen[id] = true
		rules[i].LogicalID = id
	}
}

// canonical writes parameters in a stable form.
func canonical(params map[string]string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(params)) {
		b.WriteString(k + "=" + params[k] + "\x00")
	}
	return b.String()
}

// digest is the hex SHA-256 of s, cut to 16 characters.
func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:16]
}

// sourceLabel names a source for a note: its type and keyword.
func sourceLabel(s framework.Source) string {
	if s.Keyword == "" {
		return string(s.Type)
	}
	return string(s.Type) + " " + s.Keyword
}

// leftOut says why a control gets no rule. Conformance packs carry AWS
// Config rules only, so a control's other sources (hdsctl checks, Security
// Hub controls, manual evidence) are left out by design and not worth a note
// each; a control with no Config rule at all is.
func leftOut(c *framework.Control, skipped []string) string {
	if len(skipped) == 0 || len(c.SourcesOf(framework.SourceConfig)) > 0 {
		return ""
	}
	return "no AWS Config rule evidences it; hdsctl assess evaluates its other sources"
}
