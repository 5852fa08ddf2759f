package inventory

import "testing"

func TestCopyAtTakesTheRegionOfAnARN(t *testing.T) {
	tests := []struct {
		id, region string
		want       string
	}{
		{"arn:aws:rds:us-west-2:111122223333:db:replica", "eu-west-3", "us-west-2"},
		{"replica", "eu-west-3", "eu-west-3"},
		{"arn:aws:s3:::bucket", "eu-west-3", ""},
		{"arn:broken", "eu-west-3", ""},
	}
	for _, tt := range tests {
		got := CopyAt(CopyReadReplica, tt.id, tt.region)
		if want := (Copy{Kind: CopyReadReplica, Target: tt.id, Region: tt.want}); got != want {
			t.Errorf("CopyAt(%q, %q) = %+v, want %+v", tt.id, tt.region, got, want)
		}
	}
}
