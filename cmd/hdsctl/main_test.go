package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	// Tests that must kill hdsctl run this test binary as hdsctl.
	if os.Getenv(runAsHdsctl) == "1" {
		if d, err := time.ParseDuration(os.Getenv(pollIntervalVar)); err == nil {
			configPollInterval = d
		}
		main()
	}
	testscript.Main(m, map[string]func(){
		"hdsctl": main,
	})
}

// runAsHdsctl, set to 1 in the environment, makes the test binary run as
// hdsctl with its arguments.
const runAsHdsctl = "HDSCTL_TEST_RUN_MAIN"

// pollIntervalVar, set to a duration such as 20ms, makes hdsctl run by the
// test binary read the status of conformance packs at that interval.
const pollIntervalVar = "HDSCTL_TEST_POLL_INTERVAL"

// TestScripts runs the end-to-end scripts in testdata/script against the
// hdsctl command. Scripts find the Node.js sample folders under $SAMPLES and
// skip when ../shared/reference is not beside the repository.
func TestScripts(t *testing.T) {
	samples, _ := filepath.Abs(filepath.Join("..", "..", "..", "shared", "reference", "aws-samples-frameworks"))
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			env.Setenv("SAMPLES", samples)
			env.Setenv("HOME", env.WorkDir)
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, ".cache"))
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "samples" {
				_, err := os.Stat(samples)
				return err == nil, nil
			}
			return false, nil
		},
		RequireExplicitExec: true,
	})
}
