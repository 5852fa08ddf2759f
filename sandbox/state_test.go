package sandbox

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
)

func TestStatePersistsAcrossRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "sandbox.json")
	first, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	url, err := first.Start()
	if err != nil {
		t.Fatal(err)
	}
	am := auditmanager.NewFromConfig(clientConfig(url, "eu-west-1", "AKIATEST"))
	ctl := createControl(t, am, "survives")
	if err := first.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	sb := startSandbox(t, Options{StatePath: path})
	got, err := sb.auditManager("eu-west-1").GetControl(ctx, &auditmanager.GetControlInput{ControlId: ctl.Id})
	if err != nil {
		t.Fatalf("GetControl after restart: %v", err)
	}
	if *got.Control.Name != "survives" || !got.Control.CreatedAt.Equal(*ctl.CreatedAt) {
		t.Errorf("after restart: %q created %v, want %q created %v", *got.Control.Name, got.Control.CreatedAt, "survives", ctl.CreatedAt)
	}
}

func TestStateIsSavedAfterEveryChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.json")
	sb := startSandbox(t, Options{StatePath: path})
	ctl := createControl(t, sb.auditManager("eu-west-1"), "saved")

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st state
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatalf("the state file is not JSON: %v", err)
	}
	if _, ok := st.Accounts[DefaultAccountID].Regions["eu-west-1"].Controls[*ctl.Id]; !ok {
		t.Error("the state file lacks the control just created")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if e.Name() != "sandbox.json" && e.Name() != "sandbox.json.lock" {
			t.Errorf("a stray file %s is left beside the state", e.Name())
		}
	}
}

func TestStateFileIsLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.json")
	first, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	_, err = New(Options{StatePath: path})
	if !errors.Is(err, errStateLocked) {
		t.Errorf("a second sandbox on the same state file: %v, want the lock error", err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatalf("once the first closed, New: %v", err)
	}
	second.Close()
}

func TestCorruptStateFileIsReported(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{StatePath: path}); err == nil {
		t.Error("New accepted a corrupt state file")
	}
	// The failed start released the lock.
	if err := os.WriteFile(path, []byte(`{"version":1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatalf("New after a failed start: %v", err)
	}
	s.Close()
}
