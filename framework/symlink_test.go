package framework

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// upstreamFolder writes an upstream framework of one control set and
// returns its folder.
func upstreamFolder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "fw")
	if err := os.MkdirAll(filepath.Join(dir, "Set_control_set"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, UpstreamFrameworkFile), []byte(`{"name": "Demo"}`), 0o644)
	os.WriteFile(filepath.Join(dir, "Set_control_set", "c.json"),
		[]byte(`{"name": "A control", "controlMappingSources": [{"sourceName": "s", "sourceType": "MANUAL"}]}`), 0o644)
	return dir
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("cannot create symbolic links here: %v", err)
	}
}

func TestUpstreamSetLinkedBackToTheFrameworkIsALoop(t *testing.T) {
	for _, target := range []string{".", "..", "../fw"} {
		t.Run(target, func(t *testing.T) {
			dir := upstreamFolder(t)
			symlink(t, target, filepath.Join(dir, "Loop_control_set"))
			_, diags, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			want := "Loop_control_set: error: symbolic link to \"" + target + "\" loops back to the framework folder"
			if !strings.Contains(diags.String(), want) || !diags.HasErrors() {
				t.Errorf("diagnostics:\n%s\nwant %q", diags, want)
			}
		})
	}
}

func TestUpstreamSetLinkedFromElsewhereIsRead(t *testing.T) {
	dir := upstreamFolder(t)
	other := filepath.Join(t.TempDir(), "Shared_control_set")
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(other, "d.json"),
		[]byte(`{"name": "Another control", "controlMappingSources": [{"sourceName": "s", "sourceType": "MANUAL"}]}`), 0o644)
	symlink(t, other, filepath.Join(dir, "Shared_control_set"))
	fw, diags, err := Open(dir)
	if err != nil || diags.HasErrors() {
		t.Fatalf("Open: %v\n%s", err, diags)
	}
	if len(fw.ControlSets) != 2 || fw.Control("Shared/d") == nil {
		t.Errorf("control sets %d, control Shared/d %v; want the linked set read", len(fw.ControlSets), fw.Control("Shared/d"))
	}
}

func TestUpstreamSetLinksThatLoopAreReported(t *testing.T) {
	dir := upstreamFolder(t)
	symlink(t, "B_control_set", filepath.Join(dir, "A_control_set"))
	symlink(t, "A_control_set", filepath.Join(dir, "B_control_set"))
	_, diags, _ := Open(dir)
	if !strings.Contains(diags.String(), "A_control_set: error: cannot open") {
		t.Errorf("diagnostics:\n%s\nwant the loop of links reported", diags)
	}
}
