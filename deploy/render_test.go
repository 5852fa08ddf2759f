package deploy

import "testing"

func TestCallsToAWSAgreesInNumber(t *testing.T) {
	for n, want := range map[int]string{0: "0 calls to AWS", 1: "1 call to AWS", 4: "4 calls to AWS"} {
		if got := CallsToAWS(n); got != want {
			t.Errorf("CallsToAWS(%d) = %q, want %q", n, got, want)
		}
	}
}
