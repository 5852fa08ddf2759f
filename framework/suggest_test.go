package framework

import (
	"strings"
	"testing"
)

func TestClosestNamesAPlausibleTypoOnly(t *testing.T) {
	known := []string{"testingInformation", "description", "actionPlanTitle", "S3_BUCKET_VERSIONING_ENABLED"}
	for _, tc := range []struct {
		s, want string
	}{
		{"descrption", "description"},                                     // one letter left out
		{"DESCRIPTION", "description"},                                    // case is ignored
		{"testingInfo", "testingInformation"},                             // truncated
		{"s3_bucket_versionning_enabled", "S3_BUCKET_VERSIONING_ENABLED"}, // within a third of its length
		{"owner", ""},                            // nothing near
		{"des", ""},                              // too short to be a truncated name
		{"action", "actionPlanTitle"},            // the first name it begins
		{strings.Repeat("description", 100), ""}, // far too long to be a typo
	} {
		if got := Closest(tc.s, known); got != tc.want {
			t.Errorf("Closest(%.30q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}
