package bench

import (
	"fmt"
	"strings"
	"testing/fstest"

	"github.com/hdsctl/hdsctl/framework"
)

// setSize is how many controls a generated control set holds.
const setSize = 50

// configRules are the AWS Config managed rules the generated controls take
// their automated evidence from, in turn.
var configRules = []string{
	"CLOUD_TRAIL_ENABLED", "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", "ENCRYPTED_VOLUMES",
	"RDS_STORAGE_ENCRYPTED", "ROOT_ACCOUNT_MFA_ENABLED", "IAM_PASSWORD_POLICY",
	"CMK_BACKING_KEY_ROTATION_ENABLED", "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
}

// Framework returns a generated catalog framework of n controls, in sets of
// 50, each control with an AWS Config source and a manual one. It is valid
// for both targets as long as n stays within Audit Manager's quota of 500
// custom controls.
func Framework(n int) (*framework.Framework, error) {
	fsys := fstest.MapFS{}
	var sets []string
	for first := 0; first < n; first += setSize {
		file := fmt.Sprintf("sets/%03d.yaml", len(sets)+1)
		sets = append(sets, file)
		fsys[file] = &fstest.MapFile{Data: []byte(setYAML(len(sets), first, min(n, first+setSize)))}
	}
	fsys[framework.FrameworkFile] = &fstest.MapFile{Data: []byte(frameworkYAML(n, sets))}

	display := fmt.Sprintf("generated-%d", n)
	fw, diags := framework.Load(fsys, display)
	if fw != nil {
		diags = append(diags, framework.Validate(fw, framework.ValidateOptions{})...)
	}
	if fw == nil || diags.HasErrors() {
		return nil, &framework.InvalidError{Path: display, Diagnostics: diags}
	}
	return fw, nil
}

func frameworkYAML(n int, sets []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `id: bench-%d
version: "1"
languages: [fr, en]
name: {fr: Cadre de %d mesures, en: Framework of %d controls}
description: {fr: Un cadre généré pour les mesures de performance., en: A framework generated for the benchmarks.}
complianceType: {fr: Banc d'essai, en: Benchmark}
controlSets:
`, n, n, n)
	for _, s := range sets {
		fmt.Fprintf(&b, "  - %s\n", s)
	}
	return b.String()
}

func setYAML(set, first, end int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "id: SET-%03d\nname: {fr: Ensemble %d, en: Set %d}\ncontrols:\n", set, set, set)
	for i := first; i < end; i++ {
		fmt.Fprintf(&b, `  - id: C-%04d
    name: {fr: Mesure %d, en: Control %d}
    description: {fr: La mesure numéro %d., en: Control number %d.}
    testingInformation: {fr: Vérifier la règle., en: Check the rule.}
    actionPlan:
      title: {fr: Corriger, en: Fix}
      instructions: {fr: Corriger la ressource., en: Fix the resource.}
    references: [{scheme: hds-v2, id: EXI %02d}]
    sources:
      - type: AWS_Config
        keyword: %s
      - type: MANUAL
        owner: {fr: RSSI, en: CISO}
        instructions: {fr: Fournir la preuve., en: Provide the evidence.}
`, i+1, i+1, i+1, i+1, i+1, i%31+1, configRules[i%len(configRules)])
	}
	return b.String()
}
