package auditmanager

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/sandbox"
)

func TestThrottleAt20RPSPassesWithNoCallFailing(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 9 s: hds-v2's 157 controls at 19 requests per second; runs without -short")
	}
	e := startSandbox(t, sandbox.Options{RPS: sandbox.DefaultRPS})
	fw := readFramework(t, "hds-v2")
	tg, calls := e.target(Options{Limiter: deploy.NewLimiter(deploy.AuditManagerRPS, 1)})

	p := plan(t, tg, fw)
	start := time.Now()
	res, err := deploy.Apply(context.Background(), tg, p, deploy.ApplyOptions{})
	if err != nil {
		t.Fatalf("Apply at 20 requests per second: %v", err)
	}
	elapsed := time.Since(start)
	n := len(fw.Controls())
	limit := time.Duration(float64(n+1) / sandbox.DefaultRPS * float64(time.Second))
	t.Logf("apply of %d controls: %v, %.2f times the physical limit of %v; %d calls, %d throttled",
		n, elapsed.Round(time.Millisecond), elapsed.Seconds()/limit.Seconds(), limit, calls.Total(), calls.Throttled())
	if th := e.sb.Stats().Throttled; th != 0 {
		t.Errorf("the sandbox throttled %d calls; the limiter must stay below the quota", th)
	}
	if res.Retries != 0 {
		t.Errorf("%d retries, want none", res.Retries)
	}
	e.checkDeployed(testRegion, fw, "fr")
}

func TestThrottlingIsAbsorbedByTheAdaptiveLimiter(t *testing.T) {
	// A limiter set far above the quota: the sandbox throttles, the limiter
	// slows down, and the engine retries, with no change failing.
	e := startSandbox(t, sandbox.Options{RPS: sandbox.DefaultRPS})
	fw := trimmed(readFramework(t, "hds-v2"), 40)
	tg, calls := e.target(Options{Limiter: deploy.NewLimiter(60, 5)})
	converge(t, tg, fw)
	if calls.Throttled() == 0 {
		t.Errorf("no call was throttled; the test does not exercise throttling")
	}
	t.Logf("%d calls, %d throttled and retried", calls.Total(), calls.Throttled())
	e.checkDeployed(testRegion, fw, "fr")
}

func TestInjectedFaultsStillConvergeWithoutDuplicates(t *testing.T) {
	seeds := []int64{42, 7, 2026}
	if testing.Short() {
		seeds = seeds[:1]
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { faultyApply(t, seed) })
	}
}

// faultyApply applies hds-v2 with 10% of the calls answered by a fault,
// then checks with a clean run that nothing is left to fix.
func faultyApply(t *testing.T, seed int64) {
	fw := readFramework(t, "hds-v2")
	state := filepath.Join(t.TempDir(), "sandbox.json")
	faulty := startSandbox(t, sandbox.Options{StatePath: state, FaultRate: 0.1, Seed: seed})
	tg, _ := faulty.target(Options{})
	p := plan(t, tg, fw)
	var log bytes.Buffer
	res, err := deploy.Apply(context.Background(), tg, p, deploy.ApplyOptions{Retry: fastRetry,
		Logger: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatalf("Apply with 10%% faults: %v", err)
	}
	stats := faulty.sb.Stats()
	t.Logf("%d requests, %d faults injected, %d retries, %d creates found after their answer was lost",
		stats.Requests, stats.Faulted, res.Retries, strings.Count(log.String(), "create had taken effect"))
	if stats.Faulted == 0 {
		t.Fatalf("no fault injected")
	}
	faulty.close()

	// A final run without faults finds nothing to fix: no duplicate was
	// created when a dropped connection hid a create that took effect.
	clean := startSandbox(t, sandbox.Options{StatePath: state})
	tg, _ = clean.target(Options{})
	if p := plan(t, tg, fw); !p.Empty() {
		t.Errorf("plan after the faulty apply = %+v (%v), want nothing to do", p.Summary(), changesOf(p, deploy.Delete))
	}
	converge(t, tg, fw)
	clean.checkDeployed(testRegion, fw, "fr")
}

func TestSampleFoldersDeployUnchanged(t *testing.T) {
	dir := samples(t)
	for _, name := range []string{"HDS", "PSSIE"} {
		t.Run(name, func(t *testing.T) {
			e := startSandbox(t, sandbox.Options{})
			fw := readFramework(t, filepath.Join(dir, name))
			if fw.Origin.Format != framework.FormatUpstream {
				t.Fatalf("%s read as %s, want the upstream layout", name, fw.Origin.Format)
			}
			tg, _ := e.target(Options{})
			converge(t, tg, fw)
			e.checkDeployed(testRegion, fw, fw.Languages[0])
			destroy(t, tg, fw)
			if st := e.state(testRegion); len(st.custom)+len(st.frameworks) != 0 {
				t.Errorf("after destroy: %d custom controls, %d custom frameworks", len(st.custom), len(st.frameworks))
			}
		})
	}
}

func TestAdoptTakesOverWhatTheSampleCreated(t *testing.T) {
	dir := filepath.Join(samples(t), "HDS")
	e := startSandbox(t, sandbox.Options{})
	outFile := deployLikeTheSample(t, e, dir)

	so, err := ReadSampleOutput(outFile)
	if err != nil {
		t.Fatal(err)
	}
	fw := readFramework(t, dir)
	tg, _ := e.target(Options{Adopt: so})
	p := plan(t, tg, fw)
	if s := p.Summary(); s.Create != 0 || s.Delete != 0 || s.Update != len(fw.Controls())+1 {
		t.Fatalf("adoption plan = %+v, want every object updated, none created", s)
	}
	for _, ch := range p.Changes {
		if !ch.Adopt || !strings.Contains(ch.Reason, "adopted") {
			t.Errorf("change %s %s: adopt=%v reason %q, want an adoption", ch.Kind, ch.Key, ch.Adopt, ch.Reason)
		}
	}
	apply(t, tg, p)

	// Afterwards hdsctl owns them without the file, and nothing doubled.
	plain, _ := e.target(Options{})
	if p := plan(t, plain, fw); !p.Empty() {
		t.Errorf("plan after adoption = %+v, want nothing to do", p.Summary())
	}
	e.checkDeployed(testRegion, fw, fw.Languages[0])
	st := e.state(testRegion)
	if len(st.custom) != len(fw.Controls()) {
		t.Errorf("%d custom controls, want the sample's %d", len(st.custom), len(fw.Controls()))
	}
	var kept []string
	for _, c := range st.custom {
		kept = append(kept, aws.ToString(c.Id))
		if c.Tags["Project_Tags"] != "hds-sample" {
			t.Errorf("control %s lost the sample's own tag", aws.ToString(c.Id))
		}
	}
	for _, set := range so.ControlSets {
		for _, c := range set.Controls {
			if !slices.Contains(kept, c.ID) {
				t.Errorf("control %s of the sample was replaced instead of adopted", c.ID)
			}
		}
	}

	// Adopting again is harmless.
	again, _ := e.target(Options{Adopt: so})
	if p := plan(t, again, fw); !p.Empty() {
		t.Errorf("second adoption plan = %+v, want nothing to do", p.Summary())
	}
}

func TestAdoptRefusesObjectsThatDoNotMatchByName(t *testing.T) {
	dir := filepath.Join(samples(t), "HDS")
	e := startSandbox(t, sandbox.Options{})
	outFile := deployLikeTheSample(t, e, dir)
	so, err := ReadSampleOutput(outFile)
	if err != nil {
		t.Fatal(err)
	}
	victim := so.ControlSets[0].Controls[0]
	if _, err := e.client().UpdateControl(context.Background(), &auditmanager.UpdateControlInput{
		ControlId: aws.String(victim.ID), Name: aws.String("Renamed by hand"),
		ControlMappingSources: []types.ControlMappingSource{{SourceName: aws.String("x"), SourceType: types.SourceTypeManual}},
	}); err != nil {
		t.Fatal(err)
	}
	tg, _ := e.target(Options{Adopt: so})
	_, err = deploy.MakePlan(context.Background(), tg, readFramework(t, dir))
	if err == nil || !strings.Contains(err.Error(), victim.ID) || !strings.Contains(err.Error(), "Renamed by hand") {
		t.Fatalf("MakePlan error = %v, want the mismatch of %s named", err, victim.ID)
	}
	if _, writes, _ := auditManagerCalls(e.sb.Stats()); writes != int64(1+len(allSampleControls(so))+1) {
		t.Errorf("%d writes, want only those of the sample and the test", writes)
	}
}

func TestReadSampleOutputRejectsOtherFiles(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"not-json":      "{",
		"other-shape":   `{"frameworks": []}`,
		"empty":         `{"security_framework_control_set": [], "framework_id": ""}`,
		"bad-control":   `{"security_framework_control_set": [{"name": "A", "controls": [{"id": "x", "name": "n"}]}]}`,
		"bad-framework": `{"security_framework_control_set": [], "framework_id": "nope"}`,
	} {
		path := filepath.Join(dir, name+".json")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadSampleOutput(path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error = %v, want one naming the file", name, err)
		}
	}
}

// trimmed keeps the first n controls of a framework.
func trimmed(fw *framework.Framework, n int) *framework.Framework {
	var sets []*framework.ControlSet
	for _, s := range fw.ControlSets {
		if n <= 0 {
			break
		}
		if len(s.Controls) > n {
			s.Controls = s.Controls[:n]
		}
		n -= len(s.Controls)
		sets = append(sets, s)
	}
	fw.ControlSets = sets
	return fw
}

// deployLikeTheSample does what the Node.js sample's create_framework.js
// does with a framework folder: one CreateControl per control file, with
// the file's payload and its own tag, then the framework; and it writes the
// sample's output file, returning its path.
func deployLikeTheSample(t *testing.T, e *env, dir string) string {
	t.Helper()
	ctx := context.Background()
	c := e.client()
	var payload struct {
		Name, Description, TestingInformation, ActionPlanTitle, ActionPlanInstructions string
		ControlMappingSources                                                          []struct {
			SourceName, SourceDescription, SourceSetUpOption, SourceType, SourceFrequency string
			SourceKeyword                                                                 *struct{ KeywordInputType, KeywordValue string }
		}
	}
	out := SampleOutput{FrameworkName: ""}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var fwSets []types.CreateAssessmentFrameworkControlSet
	for _, setDir := range entries {
		if !setDir.IsDir() || !strings.HasSuffix(setDir.Name(), framework.UpstreamSetSuffix) {
			continue
		}
		name, _, _ := strings.Cut(setDir.Name(), "_")
		set := SampleControlSet{Name: name}
		files, _ := os.ReadDir(filepath.Join(dir, setDir.Name()))
		var ids []types.CreateAssessmentFrameworkControl
		for _, f := range files {
			data, err := os.ReadFile(filepath.Join(dir, setDir.Name(), f.Name()))
			if err != nil {
				t.Fatal(err)
			}
			payload.ControlMappingSources = nil
			if err := json.Unmarshal(data, &payload); err != nil {
				t.Fatalf("%s: %v", f.Name(), err)
			}
			in := &auditmanager.CreateControlInput{
				Name: aws.String(payload.Name), Description: optional(payload.Description),
				TestingInformation: optional(payload.TestingInformation), ActionPlanTitle: optional(payload.ActionPlanTitle),
				ActionPlanInstructions: optional(payload.ActionPlanInstructions),
				Tags:                   map[string]string{"Project_Tags": "hds-sample"},
			}
			for _, s := range payload.ControlMappingSources {
				src := types.CreateControlMappingSource{SourceName: aws.String(s.SourceName), SourceDescription: optional(s.SourceDescription),
					SourceSetUpOption: types.SourceSetUpOption(s.SourceSetUpOption), SourceType: types.SourceType(s.SourceType),
					SourceFrequency: types.SourceFrequency(s.SourceFrequency)}
				if s.SourceKeyword != nil {
					src.SourceKeyword = &types.SourceKeyword{KeywordInputType: types.KeywordInputType(s.SourceKeyword.KeywordInputType),
						KeywordValue: aws.String(s.SourceKeyword.KeywordValue)}
				}
				in.ControlMappingSources = append(in.ControlMappingSources, src)
			}
			res, err := c.CreateControl(ctx, in)
			if err != nil {
				t.Fatalf("CreateControl %s: %v", f.Name(), err)
			}
			set.Controls = append(set.Controls, SampleControl{ID: aws.ToString(res.Control.Id), Name: payload.Name})
			ids = append(ids, types.CreateAssessmentFrameworkControl{Id: res.Control.Id})
		}
		out.ControlSets = append(out.ControlSets, set)
		fwSets = append(fwSets, types.CreateAssessmentFrameworkControlSet{Name: aws.String(name), Controls: ids})
	}
	var custom struct{ Name, Description, ComplianceType string }
	data, err := os.ReadFile(filepath.Join(dir, framework.UpstreamFrameworkFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &custom); err != nil {
		t.Fatal(err)
	}
	res, err := c.CreateAssessmentFramework(ctx, &auditmanager.CreateAssessmentFrameworkInput{
		Name: aws.String(custom.Name), Description: optional(custom.Description), ComplianceType: optional(custom.ComplianceType),
		ControlSets: fwSets, Tags: map[string]string{"Project_Tags": "hds-sample"},
	})
	if err != nil {
		t.Fatal(err)
	}
	out.FrameworkID, out.FrameworkName = aws.ToString(res.Framework.Id), custom.Name

	path := filepath.Join(t.TempDir(), "France-HDS-framework_output.json")
	data, err = json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func allSampleControls(so *SampleOutput) []SampleControl {
	var out []SampleControl
	for _, s := range so.ControlSets {
		out = append(out, s.Controls...)
	}
	return out
}
