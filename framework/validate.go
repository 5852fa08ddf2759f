package framework

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hdsctl/hdsctl/awsref"
)

// Target names where a framework is deployed. Validation adapts to it.
type Target string

// The deployment targets.
const (
	// TargetAny validates what every target needs.
	TargetAny Target = ""
	// TargetAuditManager: an AWS Audit Manager custom framework. Audit Manager
	// accepts fewer Config rules as keywords than Config itself; sources it
	// does not accept are left out of what is deployed, with a warning.
	TargetAuditManager Target = "auditmanager"
	// TargetConfig: AWS Config conformance packs, built from the AWS_Config
	// sources; every managed rule is accepted.
	TargetConfig Target = "config"
)

// ValidateOptions tunes validation.
type ValidateOptions struct {
	Target Target
}

// Validate checks a framework against the model's rules and the limits of the
// AWS APIs it is deployed to, and returns every problem found.
func Validate(fw *Framework, opts ValidateOptions) Diagnostics {
	v := &validator{fw: fw, opts: opts, c: &collector{}, catalog: fw.Origin.Format != FormatUpstream}
	v.framework()
	v.c.diags.Sort()
	return v.c.diags
}

type validator struct {
	fw      *Framework
	opts    ValidateOptions
	c       *collector
	catalog bool // the catalog layout asks for more than Audit Manager does
}

func (v *validator) framework() {
	fw := v.fw
	pos := fw.Pos
	if v.catalog {
		if !frameworkIDRe.MatchString(fw.ID) {
			v.c.errorf(pos, "", "use lower-case letters, digits and dashes, such as hds-v2",
				"framework id %q is not a valid identifier", fw.ID)
		}
		if fw.Version == "" {
			v.c.errorf(pos, "", "add version: with the version of the data, such as 2024.1", "the framework has no version")
		}
	}
	v.languages()
	v.text(fw.At("name"), "", "framework name", fw.Name, true, MaxNameLength)
	v.noBackslash(fw.At("name"), "", "framework name", fw.Name)
	v.text(fw.At("description"), "", "framework description", fw.Description, v.catalog, MaxDescriptionLength)
	v.text(fw.At("complianceType"), "", "complianceType", fw.ComplianceType, false, MaxComplianceType)
	v.tags(fw.At("tags"), "", fw.Tags)

	if len(fw.ControlSets) == 0 && !fw.loadFailed {
		v.c.errorf(pos, "", "add at least one control set", "the framework has no control set")
	}
	n := len(fw.Controls())
	if n > MaxControlsPerFramework {
		v.c.errorf(pos, "", "split the framework in two",
			"the framework has %d controls; Audit Manager allows %d in one framework", n, MaxControlsPerFramework)
	}
	if n > MaxCustomControls && v.opts.Target != TargetConfig {
		v.c.errorf(pos, "", "split the framework, or deploy it with --target config",
			"the framework has %d controls; Audit Manager allows %d custom controls per account and Region", n, MaxCustomControls)
	}

	setIDs, ids := map[string]Position{}, map[string]Position{}
	setNames, names := map[string]Position{}, map[string]Position{}
	for _, s := range fw.ControlSets {
		v.unique(s.Pos, "", "control set id", s.ID, setIDs)
		for _, l := range fw.Languages {
			v.unique(s.Pos, "", "control set name ("+l+")", l+"\x00"+s.Name.In(l), setNames)
		}
		v.controlSet(s)
		for _, c := range s.Controls {
			v.unique(c.Pos, c.ID, "control id", c.ID, ids)
			for _, l := range fw.Languages {
				v.unique(c.Pos, c.ID, "control name ("+l+")", l+"\x00"+c.Name.In(l), names)
			}
			v.control(c)
		}
	}
}

func (v *validator) languages() {
	if len(v.fw.Languages) == 0 {
		v.c.errorf(v.fw.Pos, "", "add languages: [fr, en]", "the framework declares no language")
	}
	seen := map[string]bool{}
	for _, l := range v.fw.Languages {
		if !ValidLang(l) {
			v.c.errorf(v.fw.Pos, "", "use fr and en", "unknown language %q", l)
		}
		if seen[l] {
			v.c.errorf(v.fw.Pos, "", "list each language once", "language %q is listed twice", l)
		}
		seen[l] = true
	}
}

func (v *validator) controlSet(s *ControlSet) {
	if s.ID == "" {
		v.c.errorf(s.Pos, "", "add id:", "the control set has no id")
	} else if v.catalog && !catalogIDRe.MatchString(s.ID) {
		v.c.errorf(s.Pos, "", "use letters, digits, dots and dashes (64 at most)", "control set id %q is not a valid identifier", s.ID)
	}
	v.text(s.At("name"), "", "control set name", s.Name, true, MaxNameLength)
	v.text(s.At("description"), "", "control set description", s.Description, false, MaxDescriptionLength)
	for _, l := range v.fw.Languages {
		name := s.Name.In(l)
		if strings.ContainsAny(name, `\_`) {
			v.c.errorf(s.At("name"), "", "replace it, with a dash for instance",
				"control set name %q (%s) holds a backslash or an underscore, which Audit Manager refuses", name, l)
		}
	}
	if len(s.Controls) == 0 {
		v.c.errorf(s.Pos, "", "add a control, or remove the set", "control set %q has no control", s.ID)
	}
}

func (v *validator) control(c *Control) {
	id, pos := c.ID, c.Pos
	switch {
	case id == "":
		v.c.errorf(pos, "", "add id:, such as HDS-EXI-28", "the control has no id")
	case v.catalog && !catalogIDRe.MatchString(id):
		v.c.errorf(pos, id, "use letters, digits, dots and dashes (64 at most), such as ISO-A.8.15", "control id %q is not a valid identifier", id)
	case utf8.RuneCountInString(id) > MaxTagValue:
		v.c.errorf(pos, id, "shorten it", "control id is longer than %d characters", MaxTagValue)
	}
	v.text(c.At("name"), id, "name", c.Name, true, MaxNameLength)
	v.noBackslash(c.At("name"), id, "name", c.Name)
	v.text(c.At("description"), id, "description", c.Description, v.catalog, MaxDescriptionLength)
	v.text(c.At("testingInformation"), id, "testingInformation", c.TestingInformation, v.catalog, MaxDescriptionLength)
	v.text(c.At("actionPlan.title"), id, "actionPlan title", c.ActionPlanTitle, v.catalog, MaxActionPlanTitle)
	v.text(c.At("actionPlan.instructions"), id, "actionPlan instructions", c.ActionPlanInstructions, v.catalog, MaxActionPlanInstructions)
	v.tags(c.At("tags"), id, c.Tags)
	v.references(c)
	v.applicability(c)
	switch c.Responsibility {
	case "", ResponsibilityCustomer, ResponsibilityAWS, ResponsibilityShared:
	default:
		v.c.errorf(c.At("responsibility"), id, "write customer, aws or shared", "unknown responsibility %q", c.Responsibility)
	}
	v.sources(c)
}

func (v *validator) references(c *Control) {
	if v.catalog && len(c.References) == 0 {
		v.c.errorf(c.At("references"), c.ID, "add the requirement it implements, such as {scheme: hds-v2, id: EXI 28}", "the control has no reference")
	}
	seen := map[Reference]bool{}
	for _, r := range c.References {
		key := Reference{Scheme: r.Scheme, ID: r.ID}
		if seen[key] {
			v.c.errorf(r.Pos, c.ID, "keep one", "reference %s %s is listed twice", r.Scheme, r.ID)
		}
		seen[key] = true
		if !slices.Contains(Schemes, r.Scheme) {
			v.c.errorf(r.Pos, c.ID, "use one of: "+strings.Join(Schemes[:4], ", "), "unknown reference scheme %q", r.Scheme)
			continue
		}
		if ok, hint := validReference(r.Scheme, r.ID); !ok {
			v.c.errorf(r.Pos, c.ID, hint, "%q is not a requirement of %s", r.ID, r.Scheme)
		}
	}
}

func (v *validator) applicability(c *Control) {
	pos := c.At("applicability")
	seen := map[int]bool{}
	for _, a := range c.Applicability.Activities {
		if a < 1 || a > 6 {
			v.c.errorf(pos, c.ID, "hosting activities are numbered 1 to 6 (article R.1111-9 CSP)", "unknown hosting activity %d", a)
		}
		if seen[a] {
			v.c.errorf(pos, c.ID, "list each activity once", "hosting activity %d is listed twice", a)
		}
		seen[a] = true
	}
	for _, cond := range c.Applicability.Conditions {
		if _, ok := LookupCondition(cond); !ok {
			fix := "use one of: " + strings.Join(conditionNames(), ", ")
			if s := Closest(cond, conditionNames()); s != "" {
				fix = fmt.Sprintf("did you mean %q?", s)
			}
			v.c.errorf(pos, c.ID, fix, "unknown applicability condition %q", cond)
		}
	}
}

func (v *validator) sources(c *Control) {
	if len(c.Sources) == 0 && !c.loadFailed {
		v.c.errorf(c.At("sources"), c.ID, "add a source: an automated keyword, or a MANUAL source saying who provides what",
			"the control has no evidence source")
	}
	if len(c.Sources) > MaxSourcesPerControl {
		v.c.errorf(c.Pos, c.ID, "keep the most telling ones", "the control has %d sources; Audit Manager allows %d", len(c.Sources), MaxSourcesPerControl)
	}
	seen := map[string]bool{}
	kept := 0
	for _, s := range c.Sources {
		key := string(s.Type) + "\x00" + s.Keyword
		if s.Type != SourceManual && seen[key] {
			v.c.errorf(s.Pos, c.ID, "keep one", "source %s %s is listed twice", s.Type, s.Keyword)
		}
		seen[key] = true
		if v.source(c, s) {
			kept++
		}
	}
	if v.opts.Target == TargetAuditManager && len(c.Sources) > 0 && kept == 0 {
		v.c.warnf(c.Pos, c.ID, "add a MANUAL source, or an automated one Audit Manager accepts",
			"Audit Manager accepts none of the control's sources; it is deployed with a manual source pointing to hdsctl assess")
	}
}

// source validates one evidence source. It returns whether the source goes to
// the validated target.
func (v *validator) source(c *Control, s Source) bool {
	id, pos := c.ID, s.Pos
	v.plainLength(pos, id, "source name", s.Name, MaxSourceName)
	v.text(pos, id, "source instructions", s.Instructions, false, MaxSourceDescription)
	if s.Frequency != "" && !slices.Contains(Frequencies, s.Frequency) {
		v.c.errorf(pos, id, "write DAILY, WEEKLY or MONTHLY", "unknown frequency %q", s.Frequency)
	}
	if s.Frequency != "" && s.Type != SourceAPICall {
		v.c.errorf(pos, id, "remove it", "frequency applies to AWS_API_Call sources only")
	}
	if len(s.Parameters) > 0 && s.Type != SourceConfig {
		v.c.errorf(pos, id, "remove them", "parameters apply to AWS_Config sources only")
	}

	if s.Type == SourceManual {
		if s.Keyword != "" {
			v.c.errorf(pos, id, "remove the keyword, or give the source an automated type", "a MANUAL source has no keyword")
		}
		if v.catalog {
			v.text(pos, id, "manual source owner", s.Owner, true, MaxSourceName)
			v.text(pos, id, "manual source instructions", s.Instructions, true, MaxSourceDescription)
		}
		return true
	}
	if s.Type == "" {
		v.c.errorf(pos, id, "add type: one of "+sourceTypeList(), "the source has no type")
		return false
	}
	if !slices.Contains(SourceTypes, s.Type) {
		fix := "use one of " + sourceTypeList()
		if t := Closest(string(s.Type), sourceTypeStrings()); t != "" {
			fix = fmt.Sprintf("did you mean %q?", t)
		}
		v.c.errorf(pos, id, fix, "unknown source type %q", s.Type)
		return false
	}
	if !s.Owner.IsZero() {
		v.c.errorf(pos, id, "remove it, or make the source MANUAL", "owner applies to MANUAL sources only")
	}
	switch {
	case s.Keyword == "":
		v.c.errorf(pos, id, "add keyword:", "the %s source has no keyword", s.Type)
		return false
	case len(s.Keyword) > MaxKeywordLength:
		v.c.errorf(pos, id, "shorten it", "keyword is longer than %d characters", MaxKeywordLength)
		return false
	case !keywordRe.MatchString(s.Keyword):
		v.c.errorf(pos, id, "use letters, digits, spaces and _ - ( ) . : / only", "keyword %q holds characters Audit Manager refuses", s.Keyword)
		return false
	}
	switch s.Type {
	case SourceConfig:
		return v.configKeyword(c, s)
	case SourceSecurityHub:
		return v.securityHubKeyword(c, s)
	case SourceAPICall:
		if !awsref.IsAPICallKeyword(s.Keyword) {
			v.c.errorf(pos, id, suggest(s.Keyword, apiCallNames(), "see hdsctl's list of Audit Manager API-call keywords"),
				"keyword %q is not an AWS API call Audit Manager collects", s.Keyword)
			return false
		}
	case SourceCloudTrail:
		if !cloudTrailRe.MatchString(s.Keyword) {
			v.c.errorf(pos, id, "write <service>_<Operation>, such as iam_DeleteUser", "keyword %q is not a CloudTrail event keyword", s.Keyword)
			return false
		}
	case SourceCheck:
		if _, ok := LookupCheck(s.Keyword); !ok {
			v.c.errorf(pos, id, suggest(s.Keyword, checkNames(), "use one of: "+strings.Join(checkNames(), ", ")),
				"keyword %q is not an hdsctl check", s.Keyword)
			return false
		}
		if v.opts.Target == TargetAuditManager {
			v.c.warnf(pos, id, "run hdsctl assess to evaluate it",
				"hdsctl check %s is not an Audit Manager data source; it is left out of the Audit Manager control", s.Keyword)
			return false
		}
	}
	return true
}

func (v *validator) configKeyword(c *Control, s Source) bool {
	rule, ok := awsref.LookupConfigRule(s.Keyword)
	if !ok {
		fix := suggest(s.Keyword, configIdentifiers(), "use the rule's source identifier, in capitals")
		if named, byName := awsref.ConfigRuleByName(s.Keyword); byName {
			fix = fmt.Sprintf("%q is the rule's name; its identifier is %s", s.Keyword, named.Identifier)
		}
		v.c.errorf(s.Pos, c.ID, fix, "keyword %q is not an AWS Config managed rule identifier", s.Keyword)
		return false
	}
	for _, p := range sortedKeys(s.Parameters) {
		if !slices.ContainsFunc(rule.Parameters, func(rp awsref.RuleParameter) bool { return rp.Name == p }) {
			v.c.errorf(s.Pos, c.ID, suggest(p, parameterNames(rule), "see the rule's documentation"),
				"rule %s has no parameter %q", rule.Identifier, p)
		}
	}
	if v.opts.Target == TargetAuditManager && !rule.AuditManager {
		v.c.warnf(s.Pos, c.ID, "deploy it with --target config, where every managed rule is accepted",
			"Audit Manager does not accept %s as a keyword; the source is left out of the Audit Manager control", rule.Identifier)
		return false
	}
	return true
}

func (v *validator) securityHubKeyword(c *Control, s Source) bool {
	ctl, ok := awsref.LookupSecurityHubControl(s.Keyword)
	if !ok {
		for _, sc := range awsref.SecurityHubControls() {
			if slices.Contains(sc.Aliases, s.Keyword) {
				v.c.errorf(s.Pos, c.ID, fmt.Sprintf("write %s", sc.ID), "AWS spells Security Hub control %q as %s", s.Keyword, sc.ID)
				return false
			}
		}
		v.c.errorf(s.Pos, c.ID, suggest(s.Keyword, securityHubIDs(), "use a Security Hub control ID, such as S3.1"),
			"keyword %q is not a Security Hub control ID", s.Keyword)
		return false
	}
	if v.opts.Target == TargetAuditManager && !ctl.FSBP {
		v.c.warnf(s.Pos, c.ID, "map a control of the AWS Foundational Security Best Practices standard instead",
			"Audit Manager collects Security Hub evidence by the standard's control IDs; %s is not in AWS Foundational Security Best Practices and is left out", ctl.ID)
		return false
	}
	return true
}

// text checks a user-facing text: present in every language of the framework
// when required, translated when present in one, and within limit characters.
func (v *validator) text(pos Position, control, what string, t Text, required bool, limit int) {
	var present []string
	for _, l := range v.fw.Languages {
		if t.In(l) != "" {
			present = append(present, l)
		}
	}
	for _, l := range v.fw.Languages {
		s := t.In(l)
		switch {
		case s == "" && required:
			v.c.errorf(pos, control, fmt.Sprintf("add %s (%s:)", what, l), "%s is missing in %s", what, langName(l))
		case s == "" && len(present) > 0:
			v.c.errorf(pos, control, fmt.Sprintf("translate it (%s:)", l), "%s is missing its %s translation", what, langName(l))
		}
		v.plainLength(pos, control, what+" ("+l+")", s, limit)
	}
}

func (v *validator) plainLength(pos Position, control, what, s string, limit int) {
	if n := utf8.RuneCountInString(s); n > limit {
		v.c.errorf(pos, control, fmt.Sprintf("shorten it by %d characters", n-limit),
			"%s is %d characters long; Audit Manager allows %d", what, n, limit)
	}
}

func (v *validator) noBackslash(pos Position, control, what string, t Text) {
	for _, l := range v.fw.Languages {
		if strings.Contains(t.In(l), `\`) {
			v.c.errorf(pos, control, "remove it", "%s (%s) holds a backslash, which Audit Manager refuses", what, l)
		}
	}
}

func (v *validator) tags(pos Position, control string, tags map[string]string) {
	if len(tags) > MaxTags-ReservedTags {
		v.c.errorf(pos, control, "remove some", "%d tags; Audit Manager allows %d and hdsctl adds %d of its own",
			len(tags), MaxTags, ReservedTags)
	}
	for _, k := range sortedKeys(tags) {
		switch {
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			v.c.errorf(pos, control, "rename it", "tag key %q starts with aws:, which AWS reserves", k)
		case strings.HasPrefix(k, "hdsctl:"):
			v.c.errorf(pos, control, "rename it", "tag key %q starts with hdsctl:, which hdsctl reserves for its own tags", k)
		case len(k) == 0 || len(k) > MaxTagKey || !tagKeyRe.MatchString(k):
			v.c.errorf(pos, control, "use 1 to 128 letters and + - = . _ : /", "tag key %q is not valid", k)
		}
		if utf8.RuneCountInString(tags[k]) > MaxTagValue {
			v.c.errorf(pos, control, "shorten it", "tag %q has a value longer than %d characters", k, MaxTagValue)
		}
	}
}

func (v *validator) unique(pos Position, control, what, value string, seen map[string]Position) {
	_, shown, _ := strings.Cut(value, "\x00") // names are keyed by language
	if shown == "" {
		shown = value
	}
	if shown == "" || strings.HasSuffix(value, "\x00") {
		return
	}
	if first, dup := seen[value]; dup {
		v.c.errorf(pos, control, "give each a distinct value", "%s %q is already used at %s", what, shown, first)
		return
	}
	seen[value] = pos
}

func langName(l string) string {
	if l == French {
		return "French"
	}
	return "English"
}

// suggest returns a "did you mean" fix when a close candidate exists, and
// otherwise the fallback.
func suggest(s string, candidates []string, fallback string) string {
	if c := Closest(s, candidates); c != "" {
		return fmt.Sprintf("did you mean %s?", c)
	}
	return fallback
}

func sourceTypeStrings() []string {
	out := make([]string, len(SourceTypes))
	for i, t := range SourceTypes {
		out[i] = string(t)
	}
	return out
}

func sourceTypeList() string { return strings.Join(sourceTypeStrings(), ", ") }

func configIdentifiers() []string {
	rules := awsref.ConfigRules()
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.Identifier
	}
	return out
}

func securityHubIDs() []string {
	ctls := awsref.SecurityHubControls()
	out := make([]string, len(ctls))
	for i, c := range ctls {
		out[i] = c.ID
	}
	return out
}

func apiCallNames() []string {
	kws := awsref.APICallKeywords()
	out := make([]string, len(kws))
	for i, k := range kws {
		out[i] = k.Keyword
	}
	return out
}

func parameterNames(r awsref.ConfigRule) []string {
	out := make([]string, len(r.Parameters))
	for i, p := range r.Parameters {
		out[i] = p.Name
	}
	return out
}
