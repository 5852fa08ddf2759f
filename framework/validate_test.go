package framework

import (
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// validFramework is a small catalog framework that passes validation. Each
// case of TestValidationRules breaks it in one place.
const validFramework = `id: demo
version: "1"
languages: [fr, en]
name: {fr: Démo, en: Demo}
description: {fr: Un cadre de démonstration., en: A demonstration framework.}
controlSets:
  - sets/a.yaml
`

const validSet = `id: SET-A
name: {fr: Ensemble A, en: Set A}
controls:
  - id: CTL-1
    name: {fr: Contrôle un, en: Control one}
    description: {fr: Décrit., en: Described.}
    testingInformation: {fr: Vérifier., en: Check.}
    actionPlan:
      title: {fr: Échec, en: Failure}
      instructions: {fr: Corriger., en: Fix it.}
    references:
      - {scheme: hds-v2, id: EXI 28}
      - {scheme: iso27001-2022, id: A.8.15}
    applicability: {activities: [1, 2], conditions: [stores-health-data]}
    sources:
      - type: AWS_Config
        keyword: INCOMING_SSH_DISABLED
      - type: MANUAL
        owner: {fr: RSSI, en: CISO}
        instructions: {fr: Fournir la politique., en: Provide the policy.}
  - id: CTL-2
    name: {fr: Contrôle deux, en: Control two}
    description: {fr: Décrit., en: Described.}
    testingInformation: {fr: Vérifier., en: Check.}
    actionPlan:
      title: {fr: Échec, en: Failure}
      instructions: {fr: Corriger., en: Fix it.}
    references:
      - {scheme: gdpr, id: Art. 28(4)}
      - {scheme: csp, id: R.1111-11 1°}
    sources:
      - {type: AWS_Security_Hub, keyword: S3.1}
      - {type: AWS_API_Call, keyword: iam_GetAccountPasswordPolicy, frequency: DAILY}
      - {type: HDSCTL_CHECK, keyword: eea-data-residency}
`

func loadTestFS(t *testing.T, files map[string]string) (*Framework, Diagnostics) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, content := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(content)}
	}
	fw, diags := Load(fsys, "demo")
	if fw != nil {
		diags = append(diags, Validate(fw, ValidateOptions{})...)
	}
	return fw, diags
}

func TestValidFrameworkHasNoDiagnostics(t *testing.T) {
	fw, diags := loadTestFS(t, map[string]string{"framework.yaml": validFramework, "sets/a.yaml": validSet})
	if len(diags) > 0 {
		t.Fatalf("got diagnostics for a valid framework:\n%v", diags)
	}
	if got := len(fw.Controls()); got != 2 {
		t.Errorf("got %d controls, want 2", got)
	}
	c := fw.Control("CTL-1")
	if c.Name.FR != "Contrôle un" || c.Applicability.Activities[1] != 2 || c.Sources[0].Keyword != "INCOMING_SSH_DISABLED" {
		t.Errorf("control read wrong: %+v", c)
	}
	if c.Pos.String() != "demo/sets/a.yaml:4:5" {
		t.Errorf("control position = %s, want demo/sets/a.yaml:4:5", c.Pos)
	}
}

// TestValidationRules breaks the valid framework once per rule and checks that
// the diagnostic names the place, the problem and the fix.
func TestValidationRules(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) }
	tests := []struct {
		name      string
		file      string // file to edit: framework.yaml or sets/a.yaml
		old, new  string
		wantPos   string // file:line prefix of the diagnostic
		wantInMsg string
	}{
		{"unknown field", "sets/a.yaml", "    testingInformation: {fr: Vérifier., en: Check.}\n    actionPlan:\n      title: {fr: Échec, en: Failure}\n      instructions: {fr: Corriger., en: Fix it.}\n    references:\n      - {scheme: hds-v2",
			"    testingInfo: {fr: Vérifier., en: Check.}\n    actionPlan:\n      title: {fr: Échec, en: Failure}\n      instructions: {fr: Corriger., en: Fix it.}\n    references:\n      - {scheme: hds-v2",
			"demo/sets/a.yaml:7:5", `did you mean "testingInformation"?`},
		{"control name too long", "sets/a.yaml", "name: {fr: Contrôle un,", "name: {fr: " + long(301) + ",", "demo/sets/a.yaml:5:11", "name (fr) is 301 characters long; Audit Manager allows 300"},
		{"name with backslash", "sets/a.yaml", "en: Control one}", `en: 'Control\one'}`, "demo/sets/a.yaml:5:11", "backslash"},
		{"set name with underscore", "sets/a.yaml", "name: {fr: Ensemble A, en: Set A}", "name: {fr: Ensemble A, en: Set_A}", "demo/sets/a.yaml:2:7", "underscore"},
		{"description too long", "sets/a.yaml", "description: {fr: Décrit., en: Described.}\n    testingInformation: {fr: Vérifier., en: Check.}\n    actionPlan:\n      title: {fr: Échec, en: Failure}\n      instructions: {fr: Corriger., en: Fix it.}\n    references:\n      - {scheme: hds-v2",
			"description: {fr: Décrit., en: " + long(1001) + "}\n    testingInformation: {fr: Vérifier., en: Check.}\n    actionPlan:\n      title: {fr: Échec, en: Failure}\n      instructions: {fr: Corriger., en: Fix it.}\n    references:\n      - {scheme: hds-v2",
			"demo/sets/a.yaml:6:18", "description (en) is 1001 characters long; Audit Manager allows 1000"},
		{"action plan title too long", "sets/a.yaml", "title: {fr: Échec, en: Failure}\n      instructions: {fr: Corriger., en: Fix it.}\n    references:\n      - {scheme: hds-v2",
			"title: {fr: " + long(301) + ", en: Failure}\n      instructions: {fr: Corriger., en: Fix it.}\n    references:\n      - {scheme: hds-v2",
			"demo/sets/a.yaml:9:14", "actionPlan title (fr) is 301 characters long; Audit Manager allows 300"},
		{"missing translation", "sets/a.yaml", "testingInformation: {fr: Vérifier., en: Check.}\n    actionPlan:\n      title: {fr: Échec, en: Failure}\n      instructions: {fr: Corriger., en: Fix it.}\n    references:\n      - {scheme: hds-v2",
			"testingInformation: {fr: Vérifier.}\n    actionPlan:\n      title: {fr: Échec, en: Failure}\n      instructions: {fr: Corriger., en: Fix it.}\n    references:\n      - {scheme: hds-v2",
			"demo/sets/a.yaml:7:25", "testingInformation is missing in English"},
		{"config rule name instead of identifier", "sets/a.yaml", "keyword: INCOMING_SSH_DISABLED", "keyword: restricted-ssh", "demo/sets/a.yaml:16:9", `"restricted-ssh" is the rule's name; its identifier is INCOMING_SSH_DISABLED`},
		{"config identifier typo", "sets/a.yaml", "keyword: INCOMING_SSH_DISABLED", "keyword: INCOMING_SSH_DISABLE", "demo/sets/a.yaml:16:9", "did you mean INCOMING_SSH_DISABLED?"},
		{"security hub id unknown", "sets/a.yaml", "keyword: S3.1}", "keyword: S3.999}", "demo/sets/a.yaml:32", "not a Security Hub control ID"},
		{"security hub alias", "sets/a.yaml", "keyword: S3.1}", "keyword: OpenSearch.1}", "demo/sets/a.yaml:32", "AWS spells Security Hub control \"OpenSearch.1\" as Opensearch.1"},
		{"api call unknown", "sets/a.yaml", "iam_GetAccountPasswordPolicy", "iam_GetAccountPasswordPolicyX", "demo/sets/a.yaml:33", "did you mean iam_GetAccountPasswordPolicy?"},
		{"keyword with bad characters", "sets/a.yaml", "keyword: S3.1}", "keyword: 'S3;1'}", "demo/sets/a.yaml:32", "characters Audit Manager refuses"},
		{"keyword too long", "sets/a.yaml", "keyword: eea-data-residency}", "keyword: " + strings.Repeat("a", 101) + "}", "demo/sets/a.yaml:34", "longer than 100"},
		{"unknown check", "sets/a.yaml", "keyword: eea-data-residency}", "keyword: eea-residency}", "demo/sets/a.yaml:34", "not an hdsctl check"},
		{"unknown source type", "sets/a.yaml", "type: AWS_Security_Hub", "type: AWS_SecurityHub", "demo/sets/a.yaml:32", `did you mean "AWS_Security_Hub"?`},
		{"bad frequency", "sets/a.yaml", "frequency: DAILY", "frequency: HOURLY", "demo/sets/a.yaml:33", "unknown frequency"},
		{"frequency on config source", "sets/a.yaml", "keyword: INCOMING_SSH_DISABLED", "keyword: INCOMING_SSH_DISABLED\n        frequency: DAILY", "demo/sets/a.yaml:16", "frequency applies to AWS_API_Call sources only"},
		{"unknown rule parameter", "sets/a.yaml", "keyword: INCOMING_SSH_DISABLED", "keyword: INCOMING_SSH_DISABLED\n        parameters: {maxAge: '3'}", "demo/sets/a.yaml:16", "has no parameter \"maxAge\""},
		{"manual source with keyword", "sets/a.yaml", "      - type: MANUAL\n", "      - type: MANUAL\n        keyword: x\n", "demo/sets/a.yaml:18", "a MANUAL source has no keyword"},
		{"manual source without owner", "sets/a.yaml", "        owner: {fr: RSSI, en: CISO}\n", "", "demo/sets/a.yaml:18", "manual source owner is missing"},
		{"no source", "sets/a.yaml", "    sources:\n      - {type: AWS_Security_Hub, keyword: S3.1}\n      - {type: AWS_API_Call, keyword: iam_GetAccountPasswordPolicy, frequency: DAILY}\n      - {type: HDSCTL_CHECK, keyword: eea-data-residency}\n", "    sources: []\n", "demo/sets/a.yaml:31:14", "no evidence source"},
		{"duplicate source", "sets/a.yaml", "      - {type: HDSCTL_CHECK, keyword: eea-data-residency}\n", "      - {type: HDSCTL_CHECK, keyword: eea-data-residency}\n      - {type: HDSCTL_CHECK, keyword: eea-data-residency}\n", "demo/sets/a.yaml:35", "listed twice"},
		{"duplicate control id", "sets/a.yaml", "id: CTL-2", "id: CTL-1", "demo/sets/a.yaml:21", `control id "CTL-1" is already used at demo/sets/a.yaml:4:5`},
		{"duplicate control name", "sets/a.yaml", "{fr: Contrôle deux, en: Control two}", "{fr: Contrôle deux, en: Control one}", "demo/sets/a.yaml:21", `control name (en) "Control one" is already used`},
		{"invalid control id", "sets/a.yaml", "id: CTL-2", "id: CTL 2", "demo/sets/a.yaml:21", "not a valid identifier"},
		{"unknown hds requirement", "sets/a.yaml", "id: EXI 28}", "id: EXI 32}", "demo/sets/a.yaml:12", `write "EXI 01" to "EXI 31", or "CH 8"`},
		{"unknown iso control", "sets/a.yaml", "id: A.8.15}", "id: A.8.35}", "demo/sets/a.yaml:13", "not a requirement of iso27001-2022"},
		{"unknown scheme", "sets/a.yaml", "scheme: gdpr", "scheme: rgpd", "demo/sets/a.yaml:29", "unknown reference scheme"},
		{"bad gdpr article", "sets/a.yaml", "id: Art. 28(4)}", "id: Article 28}", "demo/sets/a.yaml:29", "Art. 28"},
		{"bad csp article", "sets/a.yaml", "id: R.1111-11 1°}", "id: R1111-11}", "demo/sets/a.yaml:30", "R.1111-11"},
		{"unknown activity", "sets/a.yaml", "activities: [1, 2]", "activities: [1, 7]", "demo/sets/a.yaml:14:20", "unknown hosting activity 7"},
		{"activity not a number", "sets/a.yaml", "activities: [1, 2]", "activities: [1, two]", "demo/sets/a.yaml:14", "must be a whole number"},
		{"unknown condition", "sets/a.yaml", "conditions: [stores-health-data]", "conditions: [store-health-data]", "demo/sets/a.yaml:14:20", `did you mean "stores-health-data"?`},
		{"unknown responsibility", "sets/a.yaml", "    sources:\n      - type: AWS_Config", "    responsibility: amazon\n    sources:\n      - type: AWS_Config", "demo/sets/a.yaml:15:21", "unknown responsibility"},
		{"reserved tag key", "sets/a.yaml", "    sources:\n      - type: AWS_Config", "    tags: {'aws:owner': x}\n    sources:\n      - type: AWS_Config", "demo/sets/a.yaml:15:11", "starts with aws:"},
		{"hdsctl tag key", "sets/a.yaml", "    sources:\n      - type: AWS_Config", "    tags: {'hdsctl:owner': x}\n    sources:\n      - type: AWS_Config", "demo/sets/a.yaml:15:11", "hdsctl reserves"},
		{"empty control set", "sets/a.yaml", "controls:\n", "controls: []\nx:\n", "demo/sets/a.yaml:4:1", "unknown field \"x\""},
		{"missing set file", "framework.yaml", "sets/a.yaml", "sets/b.yaml", "demo/sets/b.yaml", "cannot open"},
		{"set file outside folder", "framework.yaml", "sets/a.yaml", "../a.yaml", "demo/framework.yaml:7:5", "outside the framework folder"},
		{"unknown language", "framework.yaml", "languages: [fr, en]", "languages: [fr, de]", "demo/framework.yaml:1", "unknown language"},
		{"no version", "framework.yaml", "version: \"1\"\n", "", "demo/framework.yaml:1", "no version"},
		{"bad framework id", "framework.yaml", "id: demo", "id: Demo Framework", "demo/framework.yaml:1", "not a valid identifier"},
		{"text as plain string", "framework.yaml", "name: {fr: Démo, en: Demo}", "name: Demo", "demo/framework.yaml:4:7", "must give the text in each language"},
		{"yaml syntax error", "framework.yaml", "name: {fr: Démo, en: Demo}", "name: {fr: Démo, en: Demo", "demo/framework.yaml:", "invalid YAML"},
		{"yaml alias", "framework.yaml", "name: {fr: Démo, en: Demo}\ndescription: {fr: Un cadre de démonstration., en: A demonstration framework.}", "name: &n {fr: Démo, en: Demo}\ndescription: *n", "demo/framework.yaml:", "anchors and aliases"},
		{"duplicate key", "framework.yaml", "version: \"1\"\n", "version: \"1\"\nversion: \"2\"\n", "demo/framework.yaml:3:1", "appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"framework.yaml": validFramework, "sets/a.yaml": validSet}
			if !strings.Contains(files[tt.file], tt.old) {
				t.Fatalf("test case does not apply: %q not in %s", tt.old, tt.file)
			}
			files[tt.file] = strings.Replace(files[tt.file], tt.old, tt.new, 1)
			_, diags := loadTestFS(t, files)
			if !diags.HasErrors() {
				t.Fatalf("got no error, want one containing %q", tt.wantInMsg)
			}
			for _, d := range diags.Errors() {
				if strings.HasPrefix(d.Pos.String(), tt.wantPos) && strings.Contains(d.String(), tt.wantInMsg) {
					if d.Fix == "" && !strings.Contains(d.String(), "; ") {
						t.Errorf("diagnostic has no fix: %s", d)
					}
					return
				}
			}
			t.Errorf("no diagnostic at %s containing %q; got:\n%v", tt.wantPos, tt.wantInMsg, diags)
		})
	}
}

func TestValidationReportsEveryProblemAtOnce(t *testing.T) {
	set := strings.NewReplacer(
		"keyword: INCOMING_SSH_DISABLED", "keyword: restricted-ssh",
		"keyword: S3.1}", "keyword: S3.999}",
		"id: EXI 28}", "id: EXI 99}",
	).Replace(validSet)
	_, diags := loadTestFS(t, map[string]string{"framework.yaml": validFramework, "sets/a.yaml": set})
	if got := len(diags.Errors()); got != 3 {
		t.Errorf("got %d errors, want 3:\n%v", got, diags)
	}
}

func TestAuditManagerTargetLeavesOutUnsupportedSources(t *testing.T) {
	// ACMPCA_CERTIFICATE_AUTHORITY_TAGGED is a managed rule Audit Manager does
	// not accept as a keyword; a conformance pack does.
	set := strings.Replace(validSet, "keyword: INCOMING_SSH_DISABLED", "keyword: ACMPCA_CERTIFICATE_AUTHORITY_TAGGED", 1)
	fsys := fstest.MapFS{
		"framework.yaml": {Data: []byte(validFramework)},
		"sets/a.yaml":    {Data: []byte(set)},
	}
	fw, diags := Load(fsys, "demo")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, target := range []Target{TargetAny, TargetConfig} {
		if d := Validate(fw, ValidateOptions{Target: target}); len(d) > 0 {
			t.Errorf("target %q: got %v, want nothing", target, d)
		}
	}
	d := Validate(fw, ValidateOptions{Target: TargetAuditManager})
	if d.HasErrors() || len(d.Warnings()) != 2 {
		t.Fatalf("auditmanager target: want 2 warnings (the rule, the hdsctl check), got %v", d)
	}
	if !strings.Contains(d.Warnings()[0].Message, "Audit Manager does not accept ACMPCA_CERTIFICATE_AUTHORITY_TAGGED") {
		t.Errorf("got %v", d.Warnings()[0])
	}
}

func TestQuotas(t *testing.T) {
	var b strings.Builder
	b.WriteString("id: SET-A\nname: {fr: Ensemble, en: Set}\ncontrols:\n")
	for i := range 501 {
		b.WriteString(strings.NewReplacer("ID", "C-"+itoa(i)).Replace(
			"  - id: ID\n    name: {fr: fr ID, en: en ID}\n    description: {fr: d, en: d}\n    testingInformation: {fr: t, en: t}\n    actionPlan: {title: {fr: t, en: t}, instructions: {fr: i, en: i}}\n    references: [{scheme: hds-v2, id: EXI 01}]\n    sources: [{type: AWS_Security_Hub, keyword: S3.1}]\n"))
	}
	fsys := fstest.MapFS{"framework.yaml": {Data: []byte(validFramework)}, "sets/a.yaml": {Data: []byte(b.String())}}
	fw, diags := Load(fsys, "demo")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	am := Validate(fw, ValidateOptions{Target: TargetAuditManager})
	if !strings.Contains(am.String(), "Audit Manager allows 500 custom controls") {
		t.Errorf("auditmanager: got %v, want the 500 custom controls quota", am)
	}
	if cfg := Validate(fw, ValidateOptions{Target: TargetConfig}); cfg.HasErrors() {
		t.Errorf("config target has no control quota, got %v", cfg)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func (ds Diagnostics) String() string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}
