package main

// The world of one chaos run: the framework's revisions, the sandbox state
// file, the objects hdsctl does not own, and the checks of what AWS holds.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	am "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	amtypes "github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cftypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/hdsctl/hdsctl/awsref"
	"github.com/hdsctl/hdsctl/deploy/auditmanager"
	"github.com/hdsctl/hdsctl/deploy/conformance"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/sdkhttp"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/sandbox"
)

// chaosRevisions is the number of revisions of the framework a run moves
// between: controls added, removed, changed and renamed, the framework
// renamed, conformance packs added and removed.
const chaosRevisions = 3

// unthrottled serves the test's own reads and seeds, which do not pace
// themselves.
var unthrottled = sandbox.Options{RPS: -1, ConfigRPS: -1}

// chaosFrameworkID is the ID of the framework the runs deploy.
const chaosFrameworkID = "chaos"

// chaosWorld is what one run works on.
type chaosWorld struct {
	t      *testing.T
	target string
	home   string
	state  string
	// dirs and fws are the folders and the frameworks of each revision.
	dirs [chaosRevisions]string
	fws  [chaosRevisions]*framework.Framework
	// regions the config target deploys to.
	regions []string
	servers map[*sandbox.Server]*httptest.Server
	// foreignIDs are the AWS IDs or ARNs of the objects seeded as not
	// hdsctl's: the checks expect no other object outside what hdsctl owns.
	foreignIDs map[string]bool
}

func newChaosWorld(t *testing.T, target string, rng *rand.Rand, long bool) *chaosWorld {
	dir := t.TempDir()
	w := &chaosWorld{
		t:          t,
		target:     target,
		home:       filepath.Join(dir, "home"),
		state:      filepath.Join(dir, "sandbox.json"),
		servers:    map[*sandbox.Server]*httptest.Server{},
		foreignIDs: map[string]bool{},
	}
	t.Cleanup(func() {
		for sb := range w.servers {
			w.closeSandbox(sb)
		}
	})
	w.regions = []string{chaosRegion}
	if target == "config" {
		all := []string{"eu-central-1", "eu-north-1", "eu-west-1", "eu-west-3"}
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		w.regions = all[:2]
		slices.Sort(w.regions)
	}
	n := 6
	if long {
		n = 8 + rng.IntN(53)
	}
	for rev := range chaosRevisions {
		w.dirs[rev] = filepath.Join(dir, fmt.Sprintf("rev%d", rev))
		writeChaosFramework(t, w.dirs[rev], target, n, rev)
		fw, _, err := framework.Read(w.dirs[rev],
			framework.ValidateOptions{Target: framework.Target(target)})
		if err != nil {
			t.Fatalf("revision %d of the chaos framework: %v", rev, err)
		}
		w.fws[rev] = fw
	}
	return w
}

// args returns the command line of op on revision rev.
func (w *chaosWorld) args(op string, rev int) []string {
	args := []string{op, w.dirs[rev], "--target", w.target}
	if op != "plan" {
		args = append(args, "--auto-approve")
	}
	if w.target == "config" {
		args = append(args, "--regions", strings.Join(w.regions, ","))
	}
	return args
}

// chaosControl is one control of a revision.
type chaosControl struct {
	id, name, description, keyword string
}

// chaosRevision returns the name and the controls of revision rev of a
// framework of about n controls. For the config target each control
// evidences one AWS Config rule: 140 rules make two packs, 60 one.
func chaosRevision(target string, n, rev int) (string, []chaosControl) {
	var out []chaosControl
	if target == "config" {
		rules := configRulesWithoutParameters()
		span := [chaosRevisions][2]int{{0, 140}, {20, 80}, {10, 145}}[rev]
		for i := span[0]; i < span[1]; i++ {
			out = append(out, chaosControl{id: fmt.Sprintf("R-%03d", i), name: "Rule " + rules[i],
				description: "Evidenced by " + rules[i] + ".", keyword: rules[i]})
		}
		return "Chaos", out
	}
	name := "Chaos"
	switch rev {
	case 0:
		for i := 1; i <= n; i++ {
			out = append(out, chaosControl{id: fmt.Sprintf("K-%02d", i), name: fmt.Sprintf("Control %d", i),
				description: "First edition."})
		}
	case 1:
		for i := 1; i <= n+3; i++ {
			if i%5 == 0 {
				continue
			}
			c := chaosControl{id: fmt.Sprintf("K-%02d", i), name: fmt.Sprintf("Control %d", i),
				description: "First edition."}
			if i%3 == 0 {
				c.description = "Second edition."
			}
			out = append(out, c)
		}
	default:
		name = "Chaos, second edition"
		for i := 1; i <= n-2; i++ {
			c := chaosControl{id: fmt.Sprintf("K-%02d", i), name: fmt.Sprintf("Control %d", i),
				description: "Third edition."}
			if i%4 == 0 {
				c.name += " (renamed)"
			}
			out = append(out, c)
		}
	}
	return name, out
}

var (
	rulesOnce sync.Once
	rulesList []string
)

// configRulesWithoutParameters lists the managed rules that take no
// parameter, by identifier.
func configRulesWithoutParameters() []string {
	rulesOnce.Do(func() {
		for _, r := range awsref.ConfigRules() {
			if len(r.Parameters) == 0 {
				rulesList = append(rulesList, r.Identifier)
			}
		}
		sort.Strings(rulesList)
	})
	return rulesList
}

// writeChaosFramework writes revision rev as a catalog folder in dir, in
// two control sets.
func writeChaosFramework(t *testing.T, dir, target string, n, rev int) {
	t.Helper()
	name, controls := chaosRevision(target, n, rev)
	if err := os.MkdirAll(filepath.Join(dir, "sets"), 0o755); err != nil {
		t.Fatal(err)
	}
	fw := fmt.Sprintf("id: %s\nversion: \"%d\"\nlanguages: [en]\nname: {en: %q}\n"+
		"description: {en: Chaos suite.}\ncontrolSets: [sets/a.yaml, sets/b.yaml]\n",
		chaosFrameworkID, rev+1, name)
	sets := [2]strings.Builder{}
	for i, s := range []string{"A", "B"} {
		fmt.Fprintf(&sets[i], "id: %s\nname: {en: Set %s}\ncontrols:\n", s, s)
	}
	for i, c := range controls {
		src := "{type: MANUAL, owner: {en: CISO}, instructions: {en: Provide it.}}"
		if c.keyword != "" {
			src = "{type: AWS_Config, keyword: " + c.keyword + "}"
		}
		fmt.Fprintf(&sets[i%2], "  - id: %s\n    name: {en: %q}\n    description: {en: %q}\n"+
			"    testingInformation: {en: Check it.}\n"+
			"    actionPlan: {title: {en: Fix}, instructions: {en: Fix it.}}\n"+
			"    references: [{scheme: hds-v2, id: EXI 01}]\n    sources: [%s]\n",
			c.id, c.name, c.description, src)
	}
	files := map[string]string{
		"framework.yaml": fw,
		"sets/a.yaml":    sets[0].String(),
		"sets/b.yaml":    sets[1].String(),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// rawRecorder is an HTTP client that keeps the body of the last answer, to
// compare objects byte for byte.
type rawRecorder struct {
	last []byte
}

func (r *rawRecorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	r.last = body
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// sdkConfig reaches the sandbox at url without retries, through client
// when it is not nil.
func (w *chaosWorld) sdkConfig(url string, client aws.HTTPClient) aws.Config {
	cfg := testenv.Config(url, chaosRegion, "AKIAHDSCTLCHAOSCHECK")
	cfg.HTTPClient = sdkhttp.Client(client)
	return cfg
}

// foreignTags mark an object as hdsctl's, but for another framework.
var foreignTags = map[string]string{
	auditmanager.TagManagedBy: "hdsctl",
	auditmanager.TagFramework: "other",
	auditmanager.TagKey:       "O-1",
	auditmanager.TagHash:      "0000",
	auditmanager.TagLang:      "en",
}

// seedForeign creates what a user made by hand or with another tool, some
// of it named like hdsctl's objects: custom controls and frameworks in
// Audit Manager, conformance packs in AWS Config. The sandbox adds Audit
// Manager's standard controls and framework.
func (w *chaosWorld) seedForeign() {
	t := w.t
	ctx := context.Background()
	srv, url := w.serve(unthrottled)
	defer w.closeSandbox(srv)
	cfg := w.sdkConfig(url, nil)
	amc := am.NewFromConfig(cfg)

	manual := []amtypes.CreateControlMappingSource{{
		SourceName:        aws.String("Evidence"),
		SourceType:        amtypes.SourceTypeManual,
		SourceSetUpOption: amtypes.SourceSetUpOptionProceduralControlsMapping,
	}}
	var ids []string
	for _, c := range []struct {
		name string
		tags map[string]string
	}{
		{"Control 1", nil}, // named like a control of the framework
		{"Customer access review", map[string]string{"owner": "customer"}},
		{"Control 2", foreignTags}, // hdsctl's, for another framework
	} {
		out, err := amc.CreateControl(ctx, &am.CreateControlInput{Name: aws.String(c.name),
			ControlMappingSources: manual, Tags: c.tags})
		if err != nil {
			t.Fatalf("seeding control %q: %v", c.name, err)
		}
		ids = append(ids, aws.ToString(out.Control.Id))
	}
	for _, f := range []struct {
		name string
		ids  []string
		tags map[string]string
	}{
		{"Chaos", ids[:2], map[string]string{"owner": "customer"}}, // named like the framework
		{"Chaos, second edition", ids[2:], foreignTags},
	} {
		var controls []amtypes.CreateAssessmentFrameworkControl
		for _, id := range f.ids {
			controls = append(controls, amtypes.CreateAssessmentFrameworkControl{Id: aws.String(id)})
		}
		out, err := amc.CreateAssessmentFramework(ctx, &am.CreateAssessmentFrameworkInput{
			Name: aws.String(f.name),
			ControlSets: []amtypes.CreateAssessmentFrameworkControlSet{{
				Name:     aws.String("Customer set"),
				Controls: controls,
			}},
			Tags: f.tags,
		})
		if err != nil {
			t.Fatalf("seeding framework %q: %v", f.name, err)
		}
		ids = append(ids, aws.ToString(out.Framework.Id))
	}
	for _, id := range ids {
		w.foreignIDs[id] = true
	}

	for _, region := range w.regions {
		cf := configservice.NewFromConfig(cfg, func(o *configservice.Options) { o.Region = region })
		for _, p := range []struct {
			name string
			tags []cftypes.Tag
		}{
			{"customer-baseline", []cftypes.Tag{{Key: aws.String("owner"), Value: aws.String("customer")}}},
			{"hdsctl-other-part-1", []cftypes.Tag{
				{Key: aws.String(conformance.TagManagedBy), Value: aws.String("hdsctl")},
				{Key: aws.String(conformance.TagFramework), Value: aws.String("other")},
			}},
		} {
			body := "Resources:\n  CustomerRule:\n    Type: AWS::Config::ConfigRule\n    Properties:\n" +
				"      ConfigRuleName: " + p.name + "-rule\n" +
				"      Source: {Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED}\n"
			out, err := cf.PutConformancePack(ctx, &configservice.PutConformancePackInput{
				ConformancePackName: aws.String(p.name),
				TemplateBody:        aws.String(body),
				Tags:                p.tags,
			})
			if err != nil {
				t.Fatalf("seeding pack %s in %s: %v", p.name, region, err)
			}
			w.foreignIDs[aws.ToString(out.ConformancePackArn)] = true
		}
	}
	time.Sleep(100 * time.Millisecond) // the packs' deployment completes
}

// snapshotForeign returns, byte for byte, what AWS answers about every
// object hdsctl does not own.
func (w *chaosWorld) snapshotForeign() map[string]string {
	t := w.t
	ctx := context.Background()
	srv, url := w.serve(unthrottled)
	defer w.closeSandbox(srv)
	rec := &rawRecorder{}
	cfg := w.sdkConfig(url, rec)
	snap := map[string]string{}
	keep := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		snap[what] = string(rec.last)
	}

	amc := am.NewFromConfig(cfg)
	for _, typ := range []amtypes.ControlType{amtypes.ControlTypeCustom, amtypes.ControlTypeStandard} {
		list, err := amc.ListControls(ctx,
			&am.ListControlsInput{ControlType: typ, MaxResults: aws.Int32(1000)})
		if err != nil {
			t.Fatal(err)
		}
		if typ == amtypes.ControlTypeStandard {
			snap["standard controls"] = string(rec.last)
		}
		for _, m := range list.ControlMetadataList {
			if !w.foreign(typ == amtypes.ControlTypeStandard, aws.ToString(m.Id)) {
				continue
			}
			_, err := amc.GetControl(ctx, &am.GetControlInput{ControlId: m.Id})
			keep("control "+aws.ToString(m.Id), err)
			_, err = amc.ListTagsForResource(ctx, &am.ListTagsForResourceInput{ResourceArn: m.Arn})
			keep("tags of control "+aws.ToString(m.Id), err)
		}
	}
	for _, typ := range []amtypes.FrameworkType{
		amtypes.FrameworkTypeCustom,
		amtypes.FrameworkTypeStandard,
	} {
		list, err := amc.ListAssessmentFrameworks(ctx,
			&am.ListAssessmentFrameworksInput{FrameworkType: typ})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range list.FrameworkMetadataList {
			if !w.foreign(typ == amtypes.FrameworkTypeStandard, aws.ToString(m.Id)) {
				continue
			}
			_, err := amc.GetAssessmentFramework(ctx, &am.GetAssessmentFrameworkInput{FrameworkId: m.Id})
			keep("framework "+aws.ToString(m.Id), err)
		}
	}
	for _, region := range w.regions {
		cf := configservice.NewFromConfig(cfg, func(o *configservice.Options) { o.Region = region })
		list, err := cf.DescribeConformancePacks(ctx, &configservice.DescribeConformancePacksInput{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range list.ConformancePackDetails {
			if !w.foreignIDs[aws.ToString(d.ConformancePackArn)] {
				continue
			}
			name := aws.ToString(d.ConformancePackName)
			names := []string{name}
			_, err := cf.DescribeConformancePacks(ctx,
				&configservice.DescribeConformancePacksInput{ConformancePackNames: names})
			keep(region+" pack "+name, err)
			_, err = cf.DescribeConformancePackStatus(ctx,
				&configservice.DescribeConformancePackStatusInput{ConformancePackNames: names})
			keep(region+" status of pack "+name, err)
			_, err = cf.ListTagsForResource(ctx,
				&configservice.ListTagsForResourceInput{ResourceArn: d.ConformancePackArn})
			keep(region+" tags of pack "+name, err)
		}
	}
	return snap
}

// foreign reports whether the object of that ID is one the test seeded or
// a standard one.
func (w *chaosWorld) foreign(standard bool, id string) bool {
	return standard || w.foreignIDs[id]
}

// checkForeign compares the objects hdsctl does not own with a snapshot,
// and checks that no object appeared that is neither hdsctl's nor seeded.
func (w *chaosWorld) checkForeign(before map[string]string, when string) {
	t := w.t
	t.Helper()
	after := w.snapshotForeign()
	for _, k := range slices.Sorted(maps.Keys(before)) {
		switch got, ok := after[k]; {
		case !ok:
			t.Errorf("%s: %s is gone", when, k)
		case got != before[k]:
			t.Errorf("%s: %s changed:\nbefore: %s\nafter:  %s", when, k, before[k], got)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("%s: %s appeared", when, k)
		}
	}
	w.checkNoStranger(when)
}

// checkNoStranger fails when AWS holds an object that is neither seeded nor
// tagged as hdsctl's for the framework: an object hdsctl created without
// its tags.
func (w *chaosWorld) checkNoStranger(when string) {
	t := w.t
	t.Helper()
	srv, url := w.serve(unthrottled)
	defer w.closeSandbox(srv)
	st := w.read(url)
	for id, tags := range st.controlTags {
		if !w.foreignIDs[id] && !ownsChaos(tags) {
			t.Errorf("%s: custom control %s is neither hdsctl's nor the user's: tags %v", when, id, tags)
		}
	}
	for id, f := range st.frameworks {
		if !w.foreignIDs[id] && !ownsChaos(f.Tags) {
			t.Errorf("%s: custom framework %s is neither hdsctl's nor the user's: tags %v", when, id, f.Tags)
		}
	}
	for _, p := range st.packs {
		if !w.foreignIDs[p.arn] && !p.owned {
			t.Errorf("%s: conformance pack %s in %s is neither hdsctl's nor the user's",
				when, p.name, p.region)
		}
	}
	if st.assessments != 0 {
		t.Errorf("%s: %d assessments, want none", when, st.assessments)
	}
}

func ownsChaos(tags map[string]string) bool {
	return tags[auditmanager.TagManagedBy] == "hdsctl" &&
		tags[auditmanager.TagFramework] == chaosFrameworkID
}

// awsState is what the sandbox holds, read through the SDK.
type awsState struct {
	controls    map[string]amtypes.Control // custom controls by ID
	controlTags map[string]map[string]string
	frameworks  map[string]amtypes.Framework // custom frameworks by ID
	assessments int
	packs       []packState
}

type packState struct {
	region, name, arn, state, hash string
	owned                          bool
}

// read reads every custom control, custom framework and assessment of
// Audit Manager, and every conformance pack of the world's Regions.
func (w *chaosWorld) read(url string) awsState {
	t := w.t
	t.Helper()
	ctx := context.Background()
	cfg := w.sdkConfig(url, nil)
	amc := am.NewFromConfig(cfg)
	st := awsState{controls: map[string]amtypes.Control{}, controlTags: map[string]map[string]string{},
		frameworks: map[string]amtypes.Framework{}}
	list, err := amc.ListControls(ctx, &am.ListControlsInput{
		ControlType: amtypes.ControlTypeCustom,
		MaxResults:  aws.Int32(1000),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list.ControlMetadataList {
		out, err := amc.GetControl(ctx, &am.GetControlInput{ControlId: m.Id})
		if err != nil {
			t.Fatal(err)
		}
		st.controls[aws.ToString(m.Id)] = *out.Control
		st.controlTags[aws.ToString(m.Id)] = out.Control.Tags
	}
	fws, err := amc.ListAssessmentFrameworks(ctx,
		&am.ListAssessmentFrameworksInput{FrameworkType: amtypes.FrameworkTypeCustom})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range fws.FrameworkMetadataList {
		out, err := amc.GetAssessmentFramework(ctx, &am.GetAssessmentFrameworkInput{FrameworkId: m.Id})
		if err != nil {
			t.Fatal(err)
		}
		st.frameworks[aws.ToString(m.Id)] = *out.Framework
	}
	as, err := amc.ListAssessments(ctx, &am.ListAssessmentsInput{})
	if err != nil {
		t.Fatal(err)
	}
	st.assessments = len(as.AssessmentMetadata)

	for _, region := range w.regions {
		cf := configservice.NewFromConfig(cfg, func(o *configservice.Options) { o.Region = region })
		p := configservice.NewDescribeConformancePacksPaginator(cf,
			&configservice.DescribeConformancePacksInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range page.ConformancePackDetails {
				ps := packState{
					region: region,
					name:   aws.ToString(d.ConformancePackName),
					arn:    aws.ToString(d.ConformancePackArn),
				}
				for _, param := range d.ConformancePackInputParameters {
					if aws.ToString(param.ParameterName) == conformance.HashParameter {
						ps.hash = aws.ToString(param.ParameterValue)
					}
				}
				tags, err := cf.ListTagsForResource(ctx,
					&configservice.ListTagsForResourceInput{ResourceArn: d.ConformancePackArn})
				if err != nil {
					t.Fatal(err)
				}
				m := map[string]string{}
				for _, tg := range tags.Tags {
					m[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
				}
				ps.owned = m[conformance.TagManagedBy] == "hdsctl" &&
					m[conformance.TagFramework] == chaosFrameworkID
				status, err := cf.DescribeConformancePackStatus(ctx,
					&configservice.DescribeConformancePackStatusInput{
						ConformancePackNames: []string{ps.name},
					})
				if err != nil {
					t.Fatal(err)
				}
				if len(status.ConformancePackStatusDetails) == 1 {
					ps.state = string(status.ConformancePackStatusDetails[0].ConformancePackState)
				}
				st.packs = append(st.packs, ps)
			}
		}
	}
	return st
}

// chaosPlan is the JSON of hdsctl plan.
type chaosPlan struct {
	Changes []struct {
		Action, Kind, ID, Name, Region, AWSID string
	}
	Summary struct{ Create, Update, Delete, Noop int }
}

// plan runs hdsctl plan -o json on revision rev.
func (w *chaosWorld) plan(url string, rev int) chaosPlan {
	w.t.Helper()
	args := append(w.args("plan", rev), "-o", "json")
	res := w.hdsctlArgs(url, args)
	if res.code != exitOK {
		w.t.Fatalf("hdsctl %s: exit %d\n%s", strings.Join(args, " "), res.code, res.out)
	}
	var p chaosPlan
	if err := json.Unmarshal([]byte(res.stdout), &p); err != nil {
		w.t.Fatalf("plan JSON: %v\n%s", err, res.stdout)
	}
	return p
}

// checkConverged checks that AWS holds exactly revision rev as the plan
// describes it: every change a no-op, every owned object in the plan with
// its AWS ID, no duplicate, no orphan.
func (w *chaosWorld) checkConverged(rev int) {
	t := w.t
	t.Helper()
	srv, url := w.serve(unthrottled)
	defer w.closeSandbox(srv)
	p := w.plan(url, rev)
	for _, ch := range p.Changes {
		if ch.Action != "noop" {
			t.Errorf("plan after the clean apply: %s %s %s %s", ch.Action, ch.Kind, ch.Region, ch.ID)
		}
	}
	planned := map[string]string{} // kind/region/key -> AWS ID
	for _, ch := range p.Changes {
		planned[ch.Kind+"/"+ch.Region+"/"+ch.ID] = ch.AWSID
	}
	st := w.read(url)
	if w.target == "config" {
		w.checkPacks(st, rev, planned)
	} else {
		w.checkAuditManager(st, rev, planned)
	}
}

// checkAuditManager checks the Audit Manager side against revision rev and
// the plan.
func (w *chaosWorld) checkAuditManager(st awsState, rev int, planned map[string]string) {
	t := w.t
	t.Helper()
	fw := w.fws[rev]
	owned := map[string]string{} // key -> ID
	for id, c := range st.controls {
		if !ownsChaos(c.Tags) {
			continue
		}
		key := c.Tags[auditmanager.TagKey]
		if prev, dup := owned[key]; dup {
			t.Errorf("control %s deployed twice: %s and %s", key, prev, id)
		}
		owned[key] = id
		want := fw.Control(key)
		switch {
		case want == nil:
			t.Errorf("orphan: control %s (%s) is not in revision %d", key, id, rev)
		case aws.ToString(c.Name) != want.Name.EN:
			t.Errorf("control %s is named %q, want %q", key, aws.ToString(c.Name), want.Name.EN)
		}
		if got := planned["control/"+chaosRegion+"/"+key]; got != id {
			t.Errorf("control %s is %s in AWS and %q in the plan", key, id, got)
		}
	}
	if len(owned) != len(fw.Controls()) {
		t.Errorf("%d controls deployed, want the %d of revision %d", len(owned), len(fw.Controls()), rev)
	}
	var mine []amtypes.Framework
	for _, f := range st.frameworks {
		if ownsChaos(f.Tags) {
			mine = append(mine, f)
		}
	}
	if len(mine) != 1 {
		t.Fatalf("%d frameworks deployed, want 1", len(mine))
	}
	f := mine[0]
	if aws.ToString(f.Name) != fw.Name.EN {
		t.Errorf("framework named %q, want %q", aws.ToString(f.Name), fw.Name.EN)
	}
	if got := planned["framework/"+chaosRegion+"/"+chaosFrameworkID]; got != aws.ToString(f.Id) {
		t.Errorf("framework is %s in AWS and %q in the plan", aws.ToString(f.Id), got)
	}
	var listed, want []string
	for _, set := range f.ControlSets {
		for _, c := range set.Controls {
			listed = append(listed, aws.ToString(c.Id))
		}
	}
	for _, id := range owned {
		want = append(want, id)
	}
	slices.Sort(listed)
	slices.Sort(want)
	if !slices.Equal(listed, want) {
		t.Errorf("the framework lists %d controls, want exactly the %d deployed", len(listed), len(want))
	}
	if len(planned) != len(fw.Controls())+1 {
		t.Errorf("the plan has %d objects, want %d", len(planned), len(fw.Controls())+1)
	}
}

// checkPacks checks the AWS Config side against revision rev and the plan.
func (w *chaosWorld) checkPacks(st awsState, rev int, planned map[string]string) {
	t := w.t
	t.Helper()
	r, err := conformance.Render(w.fws[rev], conformance.RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, region := range w.regions {
		for _, p := range r.Packs {
			want[region+"/"+p.Name] = true
		}
	}
	nameRe := regexp.MustCompile(`^hdsctl-` + chaosFrameworkID + `-part-[0-9]+$`)
	got := map[string]bool{}
	for _, p := range st.packs {
		if !nameRe.MatchString(p.name) {
			continue
		}
		k := p.region + "/" + p.name
		got[k] = true
		switch {
		case !p.owned:
			t.Errorf("pack %s has hdsctl's name but not its tags", k)
		case !want[k]:
			t.Errorf("orphan: pack %s is not in revision %d", k, rev)
		case p.state != string(cftypes.ConformancePackStateCreateComplete):
			t.Errorf("pack %s is %s, want CREATE_COMPLETE", k, p.state)
		}
		if a := planned["conformance-pack/"+k]; a != p.arn {
			t.Errorf("pack %s is %s in AWS and %q in the plan", k, p.arn, a)
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("pack %s is missing", k)
		}
	}
	if len(planned) != len(want) {
		t.Errorf("the plan has %d objects, want %d", len(planned), len(want))
	}
}

// checkDestroyed checks that hdsctl owns nothing of the framework any more,
// and that the plan would create it all again.
func (w *chaosWorld) checkDestroyed(rev int) {
	t := w.t
	t.Helper()
	srv, url := w.serve(unthrottled)
	defer w.closeSandbox(srv)
	st := w.read(url)
	for id, tags := range st.controlTags {
		if ownsChaos(tags) {
			t.Errorf("after destroy: control %s (%s) is left", tags[auditmanager.TagKey], id)
		}
	}
	for id, f := range st.frameworks {
		if ownsChaos(f.Tags) {
			t.Errorf("after destroy: framework %s is left", id)
		}
	}
	for _, p := range st.packs {
		if p.owned {
			t.Errorf("after destroy: pack %s in %s is left", p.name, p.region)
		}
	}
	p := w.plan(url, rev)
	if p.Summary.Update+p.Summary.Delete+p.Summary.Noop != 0 || p.Summary.Create == 0 {
		t.Errorf("plan after destroy: %+v, want every object to create", p.Summary)
	}
}

// cmdResult is the outcome of a command run to completion, with stdout
// apart.
type cmdResult struct {
	code        int
	out, stdout string
}

// hdsctlArgs runs hdsctl with args, to completion, pointed at url.
func (w *chaosWorld) hdsctlArgs(url string, args []string) cmdResult {
	w.t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := execHdsctl(args, w.env(url), &stdout, &stderr)
	err := cmd.Run()
	res := cmdResult{out: stdout.String() + stderr.String(), stdout: stdout.String()}
	if err != nil && cmd.ProcessState == nil {
		w.t.Fatal(err)
	}
	res.code = cmd.ProcessState.ExitCode()
	return res
}
