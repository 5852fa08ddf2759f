package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/hdsctl/hdsctl/awsref"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/golden"
)

// readHDS reads the embedded hds-v2 framework, validated for the config
// target.
func readHDS(t *testing.T) *framework.Framework {
	t.Helper()
	fw, _, err := framework.Read("hds-v2", framework.ValidateOptions{Target: framework.TargetConfig})
	if err != nil {
		t.Fatalf("reading hds-v2: %v", err)
	}
	return fw
}

// largeFramework builds a framework of n controls over the first rules of
// awsref that need no parameter, each control evidenced by three rules
// that overlap with its neighbours', so that every rule evidences three
// controls.
func largeFramework(n int) *framework.Framework {
	var ids []string
	for _, r := range awsref.ConfigRules() {
		if len(r.Parameters) == 0 {
			ids = append(ids, r.Identifier)
		}
		if len(ids) == n {
			break
		}
	}
	set := &framework.ControlSet{ID: "all", Name: framework.Text{EN: "All", FR: "Tout"}}
	for i := range n {
		c := &framework.Control{ID: fmt.Sprintf("BIG-%03d", i+1), Name: framework.Text{EN: "Control", FR: "Contrôle"}}
		for j := range 3 {
			c.Sources = append(c.Sources, framework.Source{Type: framework.SourceConfig, Keyword: ids[(i+j)%n]})
		}
		c.Sources = append(c.Sources, framework.Source{Type: framework.SourceManual})
		set.Controls = append(set.Controls, c)
	}
	return &framework.Framework{ID: "large-test", Name: framework.Text{EN: "Large", FR: "Grand"}, ControlSets: []*framework.ControlSet{set}}
}

// checkGolden compares the packs of a rendering with testdata/<dir>, or
// rewrites them with -update.
func checkGolden(t *testing.T, dir string, r *Rendering) {
	t.Helper()
	dir = filepath.Join("testdata", dir)
	var summary strings.Builder
	for _, p := range r.Packs {
		fmt.Fprintf(&summary, "%s: part %d of %d, %d rules, %d bytes, hash %s\n", p.Name, p.Part, p.Parts, len(p.Rules), len(p.Template), p.Hash)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&summary, "note %s: %s\n", n.Key, n.Message)
	}
	files := map[string]string{"summary.txt": summary.String()}
	for _, p := range r.Packs {
		files[p.Name+".yaml"] = p.Template
	}
	if golden.Update() {
		os.RemoveAll(dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, content := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("%v (run go test -update to write the golden files)", err)
	}
	if len(entries) != len(files) {
		t.Errorf("%s holds %d files, the rendering %d; run go test -update", dir, len(entries), len(files))
	}
	for name, got := range files {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%v (run go test -update)", err)
			continue
		}
		if diff := cmp.Diff(string(want), got); diff != "" {
			t.Errorf("%s differs from the golden file (-want +got):\n%s", name, diff)
		}
	}
}

func TestRenderHDS(t *testing.T) {
	r, err := Render(readHDS(t), RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Packs) != 1 || r.Packs[0].Name != "hdsctl-hds-v2-part-1" {
		t.Errorf("hds-v2 renders to %d packs (%v), want one named hdsctl-hds-v2-part-1", len(r.Packs), packNames(r))
	}
	checkGolden(t, "hds-v2", r)
}

func TestRenderSplitsLargeFramework(t *testing.T) {
	r, err := Render(largeFramework(300), RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"hdsctl-large-test-part-1", "hdsctl-large-test-part-2", "hdsctl-large-test-part-3"}
	if got := packNames(r); !slices.Equal(got, want) {
		t.Errorf("packs = %v, want %v", got, want)
	}
	n := 0
	for _, p := range r.Packs {
		n += len(p.Rules)
	}
	if n != 300 {
		t.Errorf("the packs hold %d rules, want 300: one per managed rule", n)
	}
	checkGolden(t, "large", r)
}

// TestRenderSplitsOnTemplateSize renders packs whose rules fit the count
// but not the bytes of a template.
func TestRenderSplitsOnTemplateSize(t *testing.T) {
	r, err := Render(largeFramework(100), RenderOptions{Limits: Limits{TemplateBytes: 12000}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Packs) < 3 {
		t.Fatalf("100 rules in templates of 12,000 bytes made %d packs, want at least 3", len(r.Packs))
	}
	for _, p := range r.Packs {
		if len(p.Template) > 12000 {
			t.Errorf("%s is %d bytes, over the 12,000 allowed", p.Name, len(p.Template))
		}
	}
}

func TestRenderedTemplatesAreWithinLimits(t *testing.T) {
	for name, fw := range map[string]*framework.Framework{"hds-v2": readHDS(t), "large": largeFramework(300)} {
		t.Run(name, func(t *testing.T) {
			r, err := Render(fw, RenderOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checkLimits(t, r)
		})
	}
}

var (
	packNamePattern = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]*$`)
	logicalIDRe     = regexp.MustCompile(`^[A-Za-z0-9]{1,255}$`)
)

// checkLimits checks every pack of a rendering against AWS Config's limits
// and parses its template.
func checkLimits(t *testing.T, r *Rendering) {
	t.Helper()
	names := map[string]bool{}
	for _, p := range r.Packs {
		if !packNamePattern.MatchString(p.Name) || len(p.Name) > maxPackName {
			t.Errorf("pack name %q is not a valid conformance pack name of at most %d characters", p.Name, maxPackName)
		}
		if n := len(p.Rules); n == 0 || n > DefaultLimits.RulesPerPack {
			t.Errorf("%s holds %d rules; a pack holds 1 to %d", p.Name, n, DefaultLimits.RulesPerPack)
		}
		if n := len(p.Template); n > DefaultLimits.TemplateBytes {
			t.Errorf("%s is %d bytes; a template holds at most %d", p.Name, n, DefaultLimits.TemplateBytes)
		}
		var doc struct {
			Parameters map[string]struct {
				Type    string `yaml:"Type"`
				Default *string
			} `yaml:"Parameters"`
			Resources map[string]struct {
				Type       string `yaml:"Type"`
				Properties struct {
					ConfigRuleName  string            `yaml:"ConfigRuleName"`
					Description     string            `yaml:"Description"`
					InputParameters map[string]string `yaml:"InputParameters"`
					Source          struct {
						Owner            string `yaml:"Owner"`
						SourceIdentifier string `yaml:"SourceIdentifier"`
					} `yaml:"Source"`
				} `yaml:"Properties"`
			} `yaml:"Resources"`
		}
		if err := yaml.Unmarshal([]byte(p.Template), &doc); err != nil {
			t.Fatalf("%s does not parse: %v", p.Name, err)
		}
		if _, ok := doc.Parameters[HashParameter]; !ok {
			t.Errorf("%s does not declare the parameter %s", p.Name, HashParameter)
		}
		if len(doc.Resources) != len(p.Rules) {
			t.Errorf("%s has %d resources for %d rules", p.Name, len(doc.Resources), len(p.Rules))
		}
		for id, res := range doc.Resources {
			props := res.Properties
			switch {
			case !logicalIDRe.MatchString(id):
				t.Errorf("%s: logical ID %q is not alphanumeric", p.Name, id)
			case res.Type != "AWS::Config::ConfigRule" || props.Source.Owner != "AWS":
				t.Errorf("%s: %s is a %s owned by %q, want an AWS managed AWS::Config::ConfigRule", p.Name, id, res.Type, props.Source.Owner)
			case len(props.ConfigRuleName) == 0 || len(props.ConfigRuleName) > maxRuleName:
				t.Errorf("%s: rule name %q is not 1 to %d characters", p.Name, props.ConfigRuleName, maxRuleName)
			case len([]rune(props.Description)) > maxDescription:
				t.Errorf("%s: %s's description is over %d characters", p.Name, id, maxDescription)
			case names[props.ConfigRuleName]:
				t.Errorf("rule name %s appears twice", props.ConfigRuleName)
			}
			names[props.ConfigRuleName] = true
			rule, ok := awsref.LookupConfigRule(props.Source.SourceIdentifier)
			if !ok {
				t.Errorf("%s: %s is not a managed rule identifier", p.Name, props.Source.SourceIdentifier)
			}
			for param := range props.InputParameters {
				if !slices.ContainsFunc(rule.Parameters, func(rp awsref.RuleParameter) bool { return rp.Name == param }) {
					t.Errorf("%s: rule %s has no parameter %s", p.Name, rule.Identifier, param)
				}
			}
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	a, err := Render(readHDS(t), RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(readHDS(t), RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two renderings of hds-v2 differ (-first +second):\n%s", diff)
	}
}

// TestRuleEvidencingSeveralControlsAppearsOnce checks deduplication and the
// naming of a rule the framework uses with several parameter sets.
func TestRuleEvidencingSeveralControlsAppearsOnce(t *testing.T) {
	src := func(keyword string, params map[string]string) framework.Source {
		return framework.Source{Type: framework.SourceConfig, Keyword: keyword, Parameters: params}
	}
	fw := &framework.Framework{ID: "dedup", ControlSets: []*framework.ControlSet{{ID: "s", Controls: []*framework.Control{
		{ID: "C-1", Sources: []framework.Source{src("INCOMING_SSH_DISABLED", nil), src("IAM_PASSWORD_POLICY", nil)}},
		{ID: "C-2", Sources: []framework.Source{src("INCOMING_SSH_DISABLED", nil), src("ACCESS_KEYS_ROTATED", map[string]string{"maxAccessKeyAge": "45"})}},
		{ID: "C-3", Sources: []framework.Source{src("ACCESS_KEYS_ROTATED", nil), src("IAM_PASSWORD_POLICY", map[string]string{"MinimumPasswordLength": "14"})}},
		{ID: "C-4", Sources: []framework.Source{src("ACCESS_KEYS_ROTATED", map[string]string{"maxAccessKeyAge": "90"})}},
	}}}}
	r, err := Render(fw, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type rule struct {
		Name, Identifier string
		Parameters       map[string]string
		Controls         []string
	}
	var got []rule
	for _, ru := range r.Packs[0].Rules {
		got = append(got, rule{ru.Name, ru.Identifier, ru.Parameters, ru.Controls})
	}
	pw := "iam-password-policy-" + digest(canonical(map[string]string{"MinimumPasswordLength": "14"}))[:6]
	keys := "access-keys-rotated-" + digest(canonical(map[string]string{"maxAccessKeyAge": "45"}))[:6]
	want := []rule{
		// The documented default of the required maxAccessKeyAge is set;
		// setting it explicitly is the same rule.
		{"access-keys-rotated", "ACCESS_KEYS_ROTATED", map[string]string{"maxAccessKeyAge": "90"}, []string{"C-3", "C-4"}},
		{keys, "ACCESS_KEYS_ROTATED", map[string]string{"maxAccessKeyAge": "45"}, []string{"C-2"}},
		{"iam-password-policy", "IAM_PASSWORD_POLICY", map[string]string{}, []string{"C-1"}},
		{pw, "IAM_PASSWORD_POLICY", map[string]string{"MinimumPasswordLength": "14"}, []string{"C-3"}},
		{"restricted-ssh", "INCOMING_SSH_DISABLED", map[string]string{}, []string{"C-1", "C-2"}},
	}
	slices.SortFunc(want, func(a, b rule) int { return strings.Compare(a.Name, b.Name) })
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	if d := r.Packs[0].Rules[len(r.Packs[0].Rules)-1].Description; d != "dedup: evidence for C-1, C-2" {
		t.Errorf("restricted-ssh's description = %q", d)
	}
}

func TestRequiredParameterWithoutDefaultIsLeftOutWithANote(t *testing.T) {
	fw := &framework.Framework{ID: "params", ControlSets: []*framework.ControlSet{{ID: "s", Controls: []*framework.Control{
		{ID: "C-1", Sources: []framework.Source{
			{Type: framework.SourceConfig, Keyword: "ALB_DESYNC_MODE_CHECK"},
			{Type: framework.SourceConfig, Keyword: "INCOMING_SSH_DISABLED"},
			{Type: framework.SourceSecurityHub, Keyword: "EC2.13"},
		}},
		{ID: "C-2", Sources: []framework.Source{{Type: framework.SourceManual}, {Type: framework.SourceManual}}},
	}}}}
	r, err := Render(fw, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(r.Packs[0].Rules); n != 1 {
		t.Errorf("%d rules deployed, want only restricted-ssh", n)
	}
	var notes []string
	for _, n := range r.Notes {
		notes = append(notes, n.Key+": "+n.Message)
	}
	want := []string{
		"C-1: rule ALB_DESYNC_MODE_CHECK needs its parameter desyncMode, which has no default; set it in the source's parameters, or the rule is left out",
		"C-2: no AWS Config rule evidences it; hdsctl assess evaluates its other sources",
	}
	if diff := cmp.Diff(want, notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}

func TestRenderRefusesWhatNoAccountHolds(t *testing.T) {
	if _, err := Render(largeFramework(300), RenderOptions{Limits: Limits{RulesPerAccount: 200}}); err == nil || !strings.Contains(err.Error(), "200") {
		t.Errorf("300 rules for an account of 200 gave %v, want an error naming the limit", err)
	}
	if _, err := Render(largeFramework(300), RenderOptions{Limits: Limits{RulesPerPack: 5, PacksPerAccount: 50}}); err == nil || !strings.Contains(err.Error(), "60 conformance packs") {
		t.Errorf("60 packs gave %v, want an error naming the count", err)
	}
	fw := &framework.Framework{ID: "manual", ControlSets: []*framework.ControlSet{{ID: "s", Controls: []*framework.Control{
		{ID: "C-1", Sources: []framework.Source{{Type: framework.SourceManual}}},
	}}}}
	if _, err := Render(fw, RenderOptions{}); err == nil {
		t.Error("a framework without AWS_Config sources rendered")
	}
}

func TestPackNames(t *testing.T) {
	for id, want := range map[string]string{
		"hds-v2":                 "hdsctl-hds-v2-part-",
		"PSSI-E_2024 (draft)":    "hdsctl-pssi-e-2024-draft-part-",
		"---":                    "hdsctl-framework-part-",
		strings.Repeat("a", 200): "hdsctl-" + strings.Repeat("a", 113) + "-part-",
	} {
		if got := PackPrefix(id); got != want {
			t.Errorf("PackPrefix(%q) = %q, want %q", id, got, want)
		}
	}
	re := packNameRe("hds")
	for name, want := range map[string]bool{"hdsctl-hds-part-1": true, "hdsctl-hds-part-12": true, "hdsctl-hds-v2-part-1": false, "hdsctl-hds-part-0": false, "hdsctl-hds-part-1-copy": false} {
		if got := re.MatchString(name); got != want {
			t.Errorf("%s matches the pattern of framework hds: %v, want %v", name, got, want)
		}
	}
}

func packNames(r *Rendering) []string {
	var out []string
	for _, p := range r.Packs {
		out = append(out, p.Name)
	}
	return out
}

func TestLeavingOutIAMRemovesThePeriodicIAMRulesOnly(t *testing.T) {
	for id := range periodicIAMRules {
		if _, ok := awsref.LookupConfigRule(id); !ok {
			t.Errorf("%s is not an AWS Config managed rule", id)
		}
	}
	fw := readHDS(t)
	all, err := Render(fw, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	regional, err := Render(fw, RenderOptions{LeaveOutIAM: true})
	if err != nil {
		t.Fatal(err)
	}
	identifiers := func(r *Rendering) map[string]bool {
		out := map[string]bool{}
		for _, p := range r.Packs {
			for _, rule := range p.Rules {
				out[rule.Identifier] = true
			}
		}
		return out
	}
	with, without := identifiers(all), identifiers(regional)
	left := 0
	for id := range with {
		switch {
		case periodicIAMRules[id] && without[id]:
			t.Errorf("%s, a periodic IAM rule, stays", id)
		case !periodicIAMRules[id] && !without[id]:
			t.Errorf("%s, not a periodic IAM rule, is left out", id)
		case periodicIAMRules[id]:
			left++
		}
	}
	if left == 0 {
		t.Error("hds-v2 has no periodic IAM rule to leave out; the test proves nothing")
	}
}

func TestIAMRegionPrefersParisThenTheFirstRegion(t *testing.T) {
	for _, tt := range []struct {
		regions []string
		want    string
	}{
		{[]string{"eu-central-1", "eu-west-3"}, "eu-west-3"},
		{[]string{"eu-west-1", "eu-central-1"}, "eu-central-1"},
		{nil, ""},
	} {
		if got := IAMRegion(tt.regions); got != tt.want {
			t.Errorf("IAMRegion(%v) = %q, want %q", tt.regions, got, tt.want)
		}
	}
}
