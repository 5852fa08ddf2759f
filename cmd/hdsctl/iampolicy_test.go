package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/hdsctl/hdsctl/internal/iampolicy"
)

func TestIAMPolicyPrintsThePolicyOfEachTarget(t *testing.T) {
	for _, tc := range []struct {
		args []string
		opts iampolicy.Options
	}{
		{[]string{"--target", "auditmanager", "--account", "123456789012"}, iampolicy.Options{}},
		{[]string{"--target", "config"}, iampolicy.Options{}},
		{[]string{"--target", "config", "--organization"}, iampolicy.Options{Organization: true}},
		{[]string{"--target", "assess", "--role", "HdsctlAudit"}, iampolicy.Options{}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(append([]string{"iam-policy"}, tc.args...), &stdout, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			var doc struct {
				Version   string
				Statement []struct {
					Sid, Effect string
					Action      []string
					Resource    any
				}
			}
			if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
				t.Fatalf("stdout is not a policy: %v\n%s", err, stdout.String())
			}
			var got []string
			for _, s := range doc.Statement {
				if s.Effect != "Allow" || s.Resource == nil {
					t.Errorf("statement %s: effect %q, resource %v", s.Sid, s.Effect, s.Resource)
				}
				got = append(got, s.Action...)
			}
			slices.Sort(got)
			want, _ := iampolicy.AllowedActions(iampolicy.Target(tc.args[1]), tc.opts)
			if doc.Version != "2012-10-17" || !slices.Equal(slices.Compact(got), want) {
				t.Errorf("version %q, actions %v; want 2012-10-17 and %v", doc.Version, got, want)
			}
		})
	}
}

func TestIAMPolicyRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"iam-policy"},
		{"iam-policy", "--target", "s3"},
		{"iam-policy", "--target", "assess", "--account", "12"},
		{"iam-policy", "--target", "auditmanager", "--organization"},
		{"iam-policy", "--target", "config", "--role", "x"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != exitInvalid || stdout.Len() != 0 {
			t.Errorf("hdsctl %s: exit %d, stdout %q; want exit 2 and nothing on stdout", strings.Join(args, " "), code, stdout.String())
		}
	}
}
