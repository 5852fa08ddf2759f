package awsenv

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// isolate clears the AWS settings of the environment, so that the test sees
// a machine with no AWS account configured.
func isolate(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		if name, _, _ := cut(kv); len(name) > 4 && name[:4] == "AWS_" {
			t.Setenv(name, "")
			os.Unsetenv(name)
		}
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(home, "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, "none"))
}

func cut(kv string) (string, string, bool) {
	for i := range kv {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], true
		}
	}
	return kv, "", false
}

func callerAccount(t *testing.T, cfg aws.Config) string {
	t.Helper()
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	return aws.ToString(out.Account)
}

func TestSandboxStateIsSharedBetweenRuns(t *testing.T) {
	isolate(t)
	env, err := Open(context.Background(), Options{Sandbox: true})
	if err != nil {
		t.Fatal(err)
	}
	if !env.Sandbox || env.Config.Region != DefaultRegion {
		t.Errorf("env = %+v, want the sandbox in %s", env, DefaultRegion)
	}
	if got := callerAccount(t, env.Config); got == "" {
		t.Error("the sandbox answered no account")
	}
	if err := env.Close(); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(os.Getenv("XDG_CACHE_HOME"), "hdsctl", "sandbox.json")
	if env.SandboxState != want {
		t.Errorf("state file = %s, want %s", env.SandboxState, want)
	}
	if _, err := os.Stat(want); err != nil {
		t.Errorf("the state file was not written: %v", err)
	}
	// A second command opens the same state.
	env2, err := Open(context.Background(), Options{Sandbox: true, Region: "eu-central-1"})
	if err != nil {
		t.Fatalf("reopening the sandbox: %v", err)
	}
	defer env2.Close()
	if env2.Config.Region != "eu-central-1" {
		t.Errorf("region = %s, want eu-central-1", env2.Config.Region)
	}
}

func TestAutoSandboxWithoutCredentials(t *testing.T) {
	isolate(t)
	env, err := Open(context.Background(), Options{AutoSandbox: true})
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	if !env.Sandbox {
		t.Fatal("with no credentials, AutoSandbox must fall back to the sandbox")
	}
	callerAccount(t, env.Config)
}

func TestCredentialsMeanAWS(t *testing.T) {
	isolate(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	env, err := Open(context.Background(), Options{AutoSandbox: true, Region: "eu-west-3"})
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	if env.Sandbox || env.Config.Region != "eu-west-3" {
		t.Errorf("with credentials configured, calls go to AWS in the chosen Region; got sandbox=%v region=%s", env.Sandbox, env.Config.Region)
	}
}

func TestEndpointOverrideMeansNoSandbox(t *testing.T) {
	isolate(t)
	t.Setenv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1")
	env, err := Open(context.Background(), Options{AutoSandbox: true})
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	if env.Sandbox {
		t.Error("an overridden endpoint (moto, LocalStack) must be used as given, not the sandbox")
	}
}
