package awsref

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hdsctl/hdsctl/awsref/internal/gen"
)

func TestTablesUpToDate(t *testing.T) {
	ref := filepath.Join("..", "..", "shared", "reference", "aws")
	if _, err := os.Stat(ref); err != nil {
		t.Skipf("reference data not found at %s (../shared is not beside the repository), cannot compare: %v", ref, err)
	}
	want, err := gen.Generate(ref)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("tables_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("tables_gen.go is out of date with ../shared/reference/aws; run go generate ./awsref")
	}
}

func TestLookups(t *testing.T) {
	r, ok := LookupConfigRule("INCOMING_SSH_DISABLED")
	if !ok || r.Name != "restricted-ssh" || !r.AuditManager {
		t.Errorf("INCOMING_SSH_DISABLED = %+v, %v", r, ok)
	}
	if byName, ok := ConfigRuleByName("restricted-ssh"); !ok || byName.Identifier != "INCOMING_SSH_DISABLED" {
		t.Errorf("by name: %+v", byName)
	}
	n := 0
	for _, r := range ConfigRules() {
		if r.AuditManager {
			n++
		}
	}
	if n != 326 {
		t.Errorf("%d rules accepted by Audit Manager, want 326", n)
	}
	if c, ok := LookupSecurityHubControl("S3.1"); !ok || c.Severity == "" {
		t.Errorf("S3.1 = %+v", c)
	}
	if !IsAPICallKeyword("iam_GetAccountPasswordPolicy") || IsAPICallKeyword("iam_getaccountpasswordpolicy") {
		t.Error("API-call keywords are case-sensitive")
	}
	for region, want := range map[string]bool{"eu-west-3": true, "eu-west-2": false, "eu-central-2": false, "us-east-1": false, "mars-1": false} {
		if got := InEEA(region); got != want {
			t.Errorf("InEEA(%s) = %v, want %v", region, got, want)
		}
	}
	want := []string{"eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"}
	if got := EEARegions(); len(got) != len(want) {
		t.Errorf("EEARegions = %v, want %v", got, want)
	}
}

func TestPackScopeFollowsAWSPacks(t *testing.T) {
	for id, want := range map[string][]string{
		// Change-triggered: AWS's packs scope it.
		"INCOMING_SSH_DISABLED":  {"AWS::EC2::SecurityGroup"},
		"RDS_SNAPSHOT_ENCRYPTED": {"AWS::RDS::DBClusterSnapshot", "AWS::RDS::DBSnapshot"},
		// Periodic: AWS's packs leave it unscoped.
		"ACCESS_KEYS_ROTATED": nil,
		// Scoped in 4 of 42 packs only.
		"CW_LOGGROUP_RETENTION_PERIOD_CHECK": nil,
	} {
		r, ok := LookupConfigRule(id)
		if !ok {
			t.Fatalf("%s unknown", id)
		}
		if len(r.PackScope) != len(want) || (len(want) > 0 && strings.Join(r.PackScope, ",") != strings.Join(want, ",")) {
			t.Errorf("%s.PackScope = %v, want %v", id, r.PackScope, want)
		}
	}
}
