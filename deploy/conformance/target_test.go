package conformance

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/google/go-cmp/cmp"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/internal/testenv"
	"github.com/hdsctl/hdsctl/sandbox"
)

// The accounts of the sandbox organization in these tests.
const (
	management = sandbox.DefaultAccountID
	member     = "222222222222"
	excluded   = "333333333333"
)

// sandboxEnv is a sandbox served on loopback for one test, with the
// clients to reach it.
type sandboxEnv struct {
	srv *sandbox.Server
	url string
}

// startSandbox starts an in-memory sandbox whose account has enabled the
// opt-in Region eu-south-1 but not eu-south-2, so that the EEA Regions of
// the account are five of the six. Packs take 30 ms to deploy, and the
// sandbox does not throttle unless opts says so.
func startSandbox(t *testing.T, opts sandbox.Options) *sandboxEnv {
	t.Helper()
	if opts.ConformancePackDelay == 0 {
		opts.ConformancePackDelay = 30 * time.Millisecond
	}
	if opts.ConfigRPS == 0 {
		opts.ConfigRPS = -1
	}
	if opts.RPS == 0 {
		opts.RPS = -1
	}
	if opts.OptInRegions == nil {
		opts.OptInRegions = []string{"eu-south-1"}
	}
	opts.Seed = 1
	opts.Accounts = []sandbox.Account{
		{ID: member, AccessKeyIDs: []string{"AKIAMEMBER"}},
		{ID: excluded, AccessKeyIDs: []string{"AKIAEXCLUDED"}},
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	// httptest closes the connections a client opened and never used at
	// once, where http.Server.Shutdown would give them 5 seconds.
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	return &sandboxEnv{srv: srv, url: ts.URL}
}

// eeaRegions are the EEA Regions the sandbox account of these tests has
// enabled.
var eeaRegions = []string{"eu-central-1", "eu-north-1", "eu-south-1", "eu-west-1", "eu-west-3"}

// awsConfig reaches the sandbox as the account of accessKey. The SDK does
// not retry: the engine does.
func (e *sandboxEnv) awsConfig(accessKey string) aws.Config {
	return testenv.Config(e.url, "eu-west-3", accessKey)
}

// config returns an AWS Config client of a Region, as the account of
// accessKey, to look at what the target did and to play the user who
// changes things by hand.
func (e *sandboxEnv) config(region, accessKey string) *configservice.Client {
	return configservice.NewFromConfig(e.awsConfig(accessKey),
		func(o *configservice.Options) { o.Region = region })
}

// target returns a config target on the sandbox that polls every 5 ms.
func (e *sandboxEnv) target(t *testing.T, opts Options) *Target {
	t.Helper()
	opts.PollInterval = 5 * time.Millisecond
	if opts.WaitTimeout == 0 {
		opts.WaitTimeout = 10 * time.Second
	}
	if opts.Limiter == nil {
		opts.Limiter = deploy.NewLimiter(-1, 1)
	}
	opts.Logger = slog.New(slog.DiscardHandler)
	tg, err := New(e.awsConfig("AKIAMANAGEMENT"), opts)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// plan computes a plan with the deploy engine.
func plan(t *testing.T, tg deploy.Target, fw *framework.Framework) *deploy.Plan {
	t.Helper()
	p, err := deploy.MakePlan(context.Background(), tg, fw)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return p
}

// apply plans and applies with the deploy engine, and returns the plan.
func apply(t *testing.T, tg deploy.Target, fw *framework.Framework) *deploy.Plan {
	t.Helper()
	p := plan(t, tg, fw)
	if _, err := deploy.Apply(context.Background(), tg, p, deploy.ApplyOptions{}); err != nil {
		t.Fatalf("apply: %v", err)
	}
	return p
}

// destroy plans the destruction of fw's packs and applies it.
func destroy(t *testing.T, tg deploy.Target, fw *framework.Framework) (*deploy.Plan, error) {
	t.Helper()
	p, err := deploy.DestroyPlan(context.Background(), tg, fw)
	if err != nil {
		t.Fatalf("destroy plan: %v", err)
	}
	_, err = deploy.Apply(context.Background(), tg, p, deploy.ApplyOptions{})
	return p, err
}

// packs lists the packs of a Region with their states, by name.
func (e *sandboxEnv) packs(t *testing.T, region, accessKey string) map[string]types.ConformancePackState {
	t.Helper()
	client := e.config(region, accessKey)
	out := map[string]types.ConformancePackState{}
	p := configservice.NewDescribeConformancePackStatusPaginator(client,
		&configservice.DescribeConformancePackStatusInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("listing the packs of %s: %v", region, err)
		}
		for _, s := range page.ConformancePackStatusDetails {
			out[aws.ToString(s.ConformancePackName)] = s.ConformancePackState
		}
	}
	return out
}

// summary returns a plan's changes as "action region key (reason)" lines.
func summary(p *deploy.Plan) []string {
	var out []string
	for _, ch := range p.Changes {
		line := string(ch.Action) + " " + ch.Region + " " + ch.Key
		if ch.Reason != "" {
			line += " (" + ch.Reason + ")"
		}
		out = append(out, line)
	}
	return out
}

func everyRegion(action, key, reason string) []string {
	var out []string
	for _, r := range eeaRegions {
		line := action + " " + r + " " + key
		if reason != "" {
			line += " (" + reason + ")"
		}
		out = append(out, line)
	}
	return out
}

// writes counts the sandbox's AWS Config write calls.
func writes(s sandbox.Stats) int64 {
	var n int64
	for op, st := range s.Operations {
		name := strings.TrimPrefix(op, "config.")
		if strings.HasPrefix(name, "Put") || strings.HasPrefix(name, "Delete") ||
			strings.HasSuffix(name, "TagResource") {
			n += st.Requests
		}
	}
	return n
}

func TestApplyDeploysEveryEEARegionAndIsIdempotent(t *testing.T) {
	env := startSandbox(t, sandbox.Options{})
	fw := readHDS(t)
	tg := env.target(t, Options{})

	p := apply(t, tg, fw)
	created := everyRegion("create", "hdsctl-hds-v2-part-1", "not deployed")
	if diff := cmp.Diff(created, summary(p)); diff != "" {
		t.Errorf("first plan (-want +got):\n%s", diff)
	}
	if len(p.Notes) == 0 {
		t.Error("the plan has no notes on the controls without a Config rule")
	}
	for _, region := range eeaRegions {
		got := env.packs(t, region, "AKIAMANAGEMENT")
		if got["hdsctl-hds-v2-part-1"] != types.ConformancePackStateCreateComplete {
			t.Errorf("packs of %s = %v, want hdsctl-hds-v2-part-1 deployed", region, got)
		}
	}
	for _, region := range []string{"eu-west-2", "us-east-1"} {
		if got := env.packs(t, region, "AKIAMANAGEMENT"); len(got) > 0 {
			t.Errorf("%s is outside the EEA, yet holds %v", region, got)
		}
	}

	env.srv.ResetStats()
	again := apply(t, env.target(t, Options{}), fw)
	if !again.Empty() {
		t.Errorf("second plan is not empty: %v", summary(again))
	}
	stats := env.srv.Stats()
	if n := writes(stats); n != 0 {
		t.Errorf("a second apply made %d write calls, want none: %v", n, stats.Operations)
	}
	// One page of packs and one of statuses per Region, and the list of
	// the account's Regions.
	want := map[string]int64{
		"account.ListRegions":                  1,
		"config.DescribeConformancePacks":      int64(len(eeaRegions)),
		"config.DescribeConformancePackStatus": int64(len(eeaRegions)),
	}
	got := map[string]int64{}
	for op, st := range stats.Operations {
		got[op] = st.Requests
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("calls of a second apply (-want +got):\n%s", diff)
	}
}

// packRules returns the names of the rules a pack deploys in a Region.
func (e *sandboxEnv) packRules(t *testing.T, region, pack string) []string {
	t.Helper()
	client := e.config(region, "AKIAMANAGEMENT")
	var out []string
	p := configservice.NewDescribeConformancePackCompliancePaginator(client,
		&configservice.DescribeConformancePackComplianceInput{ConformancePackName: aws.String(pack)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("listing the rules of %s in %s: %v", pack, region, err)
		}
		for _, r := range page.ConformancePackRuleComplianceList {
			out = append(out, aws.ToString(r.ConfigRuleName))
		}
	}
	return out
}

// TestPeriodicIAMRulesDeployToOneRegion checks that the rules judging IAM
// on a schedule go to one Region, Paris by default or the one asked for,
// while the others go everywhere, and that moving them converges.
func TestPeriodicIAMRulesDeployToOneRegion(t *testing.T) {
	env := startSandbox(t, sandbox.Options{})
	fw := readHDS(t)
	regions := []string{"eu-central-1", "eu-west-1", "eu-west-3"}
	has := func(region, prefix string) bool {
		return slices.ContainsFunc(env.packRules(t, region, "hdsctl-hds-v2-part-1"),
			func(name string) bool { return strings.HasPrefix(name, prefix) })
	}
	check := func(iamRegion string) {
		t.Helper()
		for _, region := range regions {
			if got, want := has(region, "iam-password-policy"), region == iamRegion; got != want {
				t.Errorf("iam-password-policy in %s: %v, want %v", region, got, want)
			}
			if !has(region, "s3-bucket-versioning-enabled") {
				t.Errorf("%s lacks s3-bucket-versioning-enabled, a regional rule", region)
			}
		}
	}

	p := apply(t, env.target(t, Options{Regions: regions}), fw)
	check("eu-west-3")
	if !slices.ContainsFunc(p.Notes, func(n deploy.Note) bool {
		return strings.Contains(n.Message, "IAM_PASSWORD_POLICY") &&
			strings.Contains(n.Message, "eu-west-3 only")
	}) {
		t.Errorf("no note says where the periodic IAM rules go: %v", p.Notes)
	}

	moved := Options{Regions: regions, IAMRegion: "eu-west-1"}
	p = apply(t, env.target(t, moved), fw)
	if diff := cmp.Diff([]string{
		"noop eu-central-1 hdsctl-hds-v2-part-1",
		"update eu-west-1 hdsctl-hds-v2-part-1 (changed in the framework)",
		"update eu-west-3 hdsctl-hds-v2-part-1 (changed in the framework)",
	}, summary(p)); diff != "" {
		t.Errorf("plan moving the IAM rules (-want +got):\n%s", diff)
	}
	check("eu-west-1")
	if again := plan(t, env.target(t, moved), fw); !again.Empty() {
		t.Errorf("plan after the move: %v", summary(again))
	}
}

func TestIAMRegionMustBeDeployedTo(t *testing.T) {
	_, err := New(aws.Config{}, Options{Regions: []string{"eu-west-1"}, IAMRegion: "eu-west-3"})
	if err == nil || !strings.Contains(err.Error(), "not among the Regions deployed to") {
		t.Errorf("New = %v, want an error on an IAM Region not deployed to", err)
	}
}

func TestExplicitRegions(t *testing.T) {
	env := startSandbox(t, sandbox.Options{})
	tg := env.target(t, Options{Regions: []string{"eu-west-3"}})
	apply(t, tg, readHDS(t))
	if got := env.packs(t, "eu-west-1", "AKIAMANAGEMENT"); len(got) != 0 {
		t.Errorf("--regions eu-west-3 deployed to eu-west-1 too: %v", got)
	}
	if got := env.packs(t, "eu-west-3", "AKIAMANAGEMENT"); len(got) != 1 {
		t.Errorf("eu-west-3 holds %v, want one pack", got)
	}
}

func TestDriftIsShownAndRepaired(t *testing.T) {
	env := startSandbox(t, sandbox.Options{})
	fw := readHDS(t)
	apply(t, env.target(t, Options{Regions: []string{"eu-west-1", "eu-west-3"}}), fw)

	// Someone redeploys the pack of eu-west-3 by hand with another template
	// and no input parameter.
	ctx := context.Background()
	paris := env.config("eu-west-3", "AKIAMANAGEMENT")
	if _, err := paris.PutConformancePack(ctx, &configservice.PutConformancePackInput{
		ConformancePackName: aws.String("hdsctl-hds-v2-part-1"),
		TemplateBody:        aws.String(smallTemplate),
	}); err != nil {
		t.Fatal(err)
	}
	tg := env.target(t, Options{Regions: []string{"eu-west-1", "eu-west-3"}})
	p := plan(t, tg, fw)
	want := []string{
		"noop eu-west-1 hdsctl-hds-v2-part-1",
		"update eu-west-3 hdsctl-hds-v2-part-1 (changed outside hdsctl)",
	}
	if diff := cmp.Diff(want, summary(p)); diff != "" {
		t.Errorf("plan after a change by hand (-want +got):\n%s", diff)
	}
	if _, err := deploy.Apply(ctx, tg, p, deploy.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if p := plan(t, tg, fw); !p.Empty() {
		t.Errorf("the drift was not repaired: %v", summary(p))
	}
}

func TestFailedDeploymentIsRetried(t *testing.T) {
	env := startSandbox(t, sandbox.Options{})
	fw := readHDS(t)
	tg := env.target(t, Options{Regions: []string{"eu-west-3"}})
	apply(t, tg, fw)

	// The pack is redeployed with hdsctl's parameters and a template whose
	// deployment fails: it stands CREATE_FAILED with the hash of the
	// framework.
	ctx := context.Background()
	paris := env.config("eu-west-3", "AKIAMANAGEMENT")
	r, err := Render(fw, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(r.Packs[0].Template,
		"SourceIdentifier: ACCESS_KEYS_ROTATED", "SourceIdentifier: NO_SUCH_RULE", 1)
	if _, err := paris.PutConformancePack(ctx, &configservice.PutConformancePackInput{
		ConformancePackName:            aws.String("hdsctl-hds-v2-part-1"),
		TemplateBody:                   aws.String(broken),
		ConformancePackInputParameters: inputParameters(r.Packs[0].Hash),
	}); err != nil {
		t.Fatal(err)
	}
	waitState(t, paris, "hdsctl-hds-v2-part-1", types.ConformancePackStateCreateFailed)
	p := plan(t, tg, fw)
	if diff := cmp.Diff([]string{
		"update eu-west-3 hdsctl-hds-v2-part-1 (changed outside hdsctl)",
	}, summary(p)); diff != "" {
		t.Errorf("plan of a failed pack (-want +got):\n%s", diff)
	}
	if _, err := deploy.Apply(ctx, tg, p, deploy.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	got := env.packs(t, "eu-west-3", "AKIAMANAGEMENT")
	if got["hdsctl-hds-v2-part-1"] != types.ConformancePackStateCreateComplete {
		t.Errorf("after apply: %v", got)
	}
}

func TestFrameworkChangeUpdatesThePack(t *testing.T) {
	env := startSandbox(t, sandbox.Options{})
	fw := readHDS(t)
	tg := env.target(t, Options{Regions: []string{"eu-west-3"}})
	apply(t, tg, fw)

	c := fw.Control("ISO-A.8.24")
	c.Sources = append(c.Sources,
		framework.Source{Type: framework.SourceConfig, Keyword: "DYNAMODB_TABLE_ENCRYPTED_KMS"})
	p := apply(t, tg, fw)
	if diff := cmp.Diff([]string{
		"update eu-west-3 hdsctl-hds-v2-part-1 (changed in the framework)",
	}, summary(p)); diff != "" {
		t.Errorf("plan after a change of the framework (-want +got):\n%s", diff)
	}
	if p := plan(t, tg, fw); !p.Empty() {
		t.Errorf("plan after the update: %v", summary(p))
	}
}

// smallTemplate is a pack template of one rule, for packs made by hand.
const smallTemplate = `Resources:
  RestrictedSsh:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: restricted-ssh
      Source:
        Owner: AWS
        SourceIdentifier: INCOMING_SSH_DISABLED
`

func TestDestroyRemovesOnlyWhatHdsctlOwns(t *testing.T) {
	env := startSandbox(t, sandbox.Options{})
	fw := readHDS(t)
	ctx := context.Background()
	regions := []string{"eu-west-1", "eu-west-3"}
	apply(t, env.target(t, Options{Regions: regions}), fw)

	// Foreign packs: one with hdsctl's pattern but no tags, one with a
	// similar name, one tagged as hdsctl's but for another framework, and
	// one of the user's own.
	paris := env.config("eu-west-3", "AKIAMANAGEMENT")
	foreign := map[string][]types.Tag{
		"hdsctl-hds-v2-part-2": nil,
		"hdsctl-hds-v2-part-1-old": {
			{Key: aws.String(TagManagedBy), Value: aws.String("hdsctl")},
			{Key: aws.String(TagFramework), Value: aws.String("hds-v2")},
		},
		"hdsctl-hds-part-1": {
			{Key: aws.String(TagManagedBy), Value: aws.String("hdsctl")},
			{Key: aws.String(TagFramework), Value: aws.String("hds")},
		},
		"security-baseline": nil,
	}
	for name, tags := range foreign {
		if _, err := paris.PutConformancePack(ctx, &configservice.PutConformancePackInput{
			ConformancePackName: aws.String(name), TemplateBody: aws.String(smallTemplate), Tags: tags,
		}); err != nil {
			t.Fatal(err)
		}
	}

	tg := env.target(t, Options{Regions: regions})
	if p := plan(t, tg, fw); !p.Empty() {
		t.Errorf("foreign packs changed the plan: %v", summary(p))
	}
	p, err := destroy(t, tg, fw)
	if err != nil {
		t.Fatalf("destroy: %v", err)
	}
	want := []string{
		"delete eu-west-1 hdsctl-hds-v2-part-1 (no longer in the framework)",
		"delete eu-west-3 hdsctl-hds-v2-part-1 (no longer in the framework)",
	}
	if diff := cmp.Diff(want, summary(p)); diff != "" {
		t.Errorf("destroy plan (-want +got):\n%s", diff)
	}
	if got := env.packs(t, "eu-west-1", "AKIAMANAGEMENT"); len(got) != 0 {
		t.Errorf("eu-west-1 still holds %v", got)
	}
	got := env.packs(t, "eu-west-3", "AKIAMANAGEMENT")
	var names []string
	for name := range got {
		names = append(names, name)
	}
	slices.Sort(names)
	if diff := cmp.Diff([]string{
		"hdsctl-hds-part-1", "hdsctl-hds-v2-part-1-old", "hdsctl-hds-v2-part-2", "security-baseline",
	}, names); diff != "" {
		t.Errorf("packs left in eu-west-3 (-want +got):\n%s", diff)
	}
}

func TestForeignPackWithHdsctlsNameIsNeverWritten(t *testing.T) {
	env := startSandbox(t, sandbox.Options{})
	fw := readHDS(t)
	ctx := context.Background()
	paris := env.config("eu-west-3", "AKIAMANAGEMENT")
	// A copy of hdsctl's pack, deployed by hand from an export with the
	// right hash but without tags.
	r, err := Render(fw, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := paris.PutConformancePack(ctx, &configservice.PutConformancePackInput{
		ConformancePackName:            aws.String("hdsctl-hds-v2-part-1"),
		TemplateBody:                   aws.String(r.Packs[0].Template),
		ConformancePackInputParameters: inputParameters(r.Packs[0].Hash),
	}); err != nil {
		t.Fatal(err)
	}
	waitState(t, paris, "hdsctl-hds-v2-part-1", types.ConformancePackStateCreateComplete)
	tg := env.target(t, Options{Regions: []string{"eu-west-3"}})
	if p := plan(t, tg, fw); !p.Empty() {
		t.Errorf("plan over an exact copy: %v", summary(p))
	}
	// Destroy reads the tags before it deletes, and refuses.
	if _, err := destroy(t, tg, fw); err == nil || !strings.Contains(err.Error(), "not its tags") {
		t.Errorf("destroy of an untagged copy gave %v, want a refusal", err)
	}
	if got := env.packs(t, "eu-west-3", "AKIAMANAGEMENT"); len(got) != 1 {
		t.Errorf("the copy was deleted: %v", got)
	}

	// The same pack with other content is not hdsctl's: apply refuses to
	// overwrite it.
	if _, err := paris.PutConformancePack(ctx, &configservice.PutConformancePackInput{
		ConformancePackName: aws.String("hdsctl-hds-v2-part-1"), TemplateBody: aws.String(smallTemplate),
	}); err != nil {
		t.Fatal(err)
	}
	waitState(t, paris, "hdsctl-hds-v2-part-1", types.ConformancePackStateCreateComplete)
	env.srv.ResetStats()
	p := plan(t, tg, fw)
	if diff := cmp.Diff([]string{
		"create eu-west-3 hdsctl-hds-v2-part-1 (not deployed)",
	}, summary(p)); diff != "" {
		t.Errorf("plan over a foreign pack (-want +got):\n%s", diff)
	}
	_, err = deploy.Apply(ctx, tg, p, deploy.ApplyOptions{})
	if err == nil || !strings.Contains(err.Error(), "not its tags") {
		t.Errorf("apply over a foreign pack gave %v, want a refusal", err)
	}
	if n := writes(env.srv.Stats()); n != 0 {
		t.Errorf("%d write calls reached a foreign pack", n)
	}
}

// waitState polls until a pack reaches state.
func waitState(t *testing.T, client *configservice.Client, name string, state types.ConformancePackState) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, found, err := packStatus(context.Background(), client, name)
		if err != nil {
			t.Fatal(err)
		}
		if found && st.ConformancePackState == state {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is %s after 5 s, want %s", name, st.ConformancePackState, state)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestOrganizationDeploymentWithExcludedAccount(t *testing.T) {
	env := startSandbox(t, sandbox.Options{})
	fw := readHDS(t)
	opts := Options{
		Organization:     true,
		ExcludedAccounts: []string{excluded},
		Regions:          []string{"eu-west-3"},
	}
	p := apply(t, env.target(t, opts), fw)
	if diff := cmp.Diff([]string{
		"create eu-west-3 hdsctl-hds-v2-part-1 (not deployed)",
	}, summary(p)); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	if p.Changes[0].Kind != KindOrgPack {
		t.Errorf("kind = %s, want %s", p.Changes[0].Kind, KindOrgPack)
	}
	memberPacks := func(accessKey string) []string {
		var out []string
		for name, st := range env.packs(t, "eu-west-3", accessKey) {
			if strings.HasPrefix(name, "OrgConformsPack-hdsctl-hds-v2-part-1-") &&
				st == types.ConformancePackStateCreateComplete {
				out = append(out, name)
			}
		}
		return out
	}
	if got := memberPacks("AKIAMEMBER"); len(got) != 1 {
		t.Errorf("the member account holds %v, want one pack of the organization pack", got)
	}
	if got := memberPacks("AKIAEXCLUDED"); len(got) != 0 {
		t.Errorf("the excluded account holds %v", got)
	}
	if got := memberPacks("AKIAMANAGEMENT"); len(got) != 1 {
		t.Errorf("the management account holds %v, want one pack of the organization pack", got)
	}

	env.srv.ResetStats()
	if p := plan(t, env.target(t, opts), fw); !p.Empty() {
		t.Errorf("second plan: %v", summary(p))
	}
	if n := writes(env.srv.Stats()); n != 0 {
		t.Errorf("a second plan made %d writes", n)
	}

	// Excluding no account any more updates the organization pack.
	opts.ExcludedAccounts = nil
	p = apply(t, env.target(t, opts), fw)
	if diff := cmp.Diff([]string{
		"update eu-west-3 hdsctl-hds-v2-part-1 (changed in the framework)",
	}, summary(p)); diff != "" {
		t.Errorf("plan without exclusion (-want +got):\n%s", diff)
	}
	if got := memberPacks("AKIAEXCLUDED"); len(got) != 1 {
		t.Errorf("the formerly excluded account holds %v, want the pack", got)
	}

	if _, err := destroy(t, env.target(t, opts), fw); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"AKIAMANAGEMENT", "AKIAMEMBER", "AKIAEXCLUDED"} {
		if got := memberPacks(key); len(got) != 0 {
			t.Errorf("destroy left %v in the account of %s", got, key)
		}
	}
}

func TestOrganizationModeWarnsOfAccountPacksLeftBehind(t *testing.T) {
	env := startSandbox(t, sandbox.Options{})
	fw := readHDS(t)
	apply(t, env.target(t, Options{Regions: []string{"eu-west-3"}}), fw)

	var log bytes.Buffer
	opts := Options{
		Organization: true,
		Regions:      []string{"eu-west-3"},
		PollInterval: 5 * time.Millisecond,
		WaitTimeout:  10 * time.Second,
		Limiter:      deploy.NewLimiter(-1, 1),
		Logger:       slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
	tg, err := New(env.awsConfig("AKIAMANAGEMENT"), opts)
	if err != nil {
		t.Fatal(err)
	}
	p := apply(t, tg, fw)
	// The organization plan creates its own pack and leaves the account's
	// alone, saying so.
	if diff := cmp.Diff([]string{
		"create eu-west-3 hdsctl-hds-v2-part-1 (not deployed)",
	}, summary(p)); diff != "" {
		t.Errorf("organization plan (-want +got):\n%s", diff)
	}
	got := env.packs(t, "eu-west-3", "AKIAMANAGEMENT")
	if got["hdsctl-hds-v2-part-1"] != types.ConformancePackStateCreateComplete {
		t.Errorf("the account pack is gone: %v", got)
	}
	for _, want := range []string{
		"level=WARN", "deployed without --organization", "hdsctl-hds-v2-part-1", "--regions eu-west-3",
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, log.String())
		}
	}

	// Once the account packs are destroyed, the warning stops.
	if _, err := destroy(t, env.target(t, Options{Regions: []string{"eu-west-3"}}), fw); err != nil {
		t.Fatal(err)
	}
	log.Reset()
	if p := plan(t, tg, fw); !p.Empty() {
		t.Errorf("plan after the account packs went: %v", summary(p))
	}
	if log.Len() > 0 {
		t.Errorf("warned with no account pack left:\n%s", log.String())
	}
}

func TestOrganizationModeNeedsTheManagementAccount(t *testing.T) {
	env := startSandbox(t, sandbox.Options{})
	tg, err := New(env.awsConfig("AKIAMEMBER"), Options{
		Organization: true,
		Regions:      []string{"eu-west-3"},
		Logger:       slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = deploy.MakePlan(context.Background(), tg, readHDS(t))
	if err == nil || !strings.Contains(err.Error(), "management account") {
		t.Errorf("a member account's plan gave %v, want an error naming the management account", err)
	}
}

func TestInterruptedApplyConverges(t *testing.T) {
	env := startSandbox(t, sandbox.Options{ConformancePackDelay: 200 * time.Millisecond})
	fw := readHDS(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Stop the apply as soon as two packs are being deployed.
	go func() {
		for ctx.Err() == nil {
			if env.srv.Stats().Operations["config.PutConformancePack"].Requests >= 2 {
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	tg := env.target(t, Options{})
	p := plan(t, tg, fw)
	_, err := deploy.Apply(ctx, tg, p, deploy.ApplyOptions{Concurrency: 1, Grace: time.Millisecond})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted apply gave %v, want context.Canceled", err)
	}

	again := apply(t, env.target(t, Options{}), fw)
	if s := again.Summary(); s.Delete != 0 || s.Create+s.Noop != len(eeaRegions) {
		t.Errorf("plan after the interruption: %v", summary(again))
	}
	for _, region := range eeaRegions {
		got := env.packs(t, region, "AKIAMANAGEMENT")
		if len(got) != 1 || got["hdsctl-hds-v2-part-1"] != types.ConformancePackStateCreateComplete {
			t.Errorf("%s holds %v, want one deployed pack", region, got)
		}
	}
	if p := plan(t, env.target(t, Options{}), fw); !p.Empty() {
		t.Errorf("third plan: %v", summary(p))
	}
}

// TestUpdateWaitsForWorkInProgress starts a deployment by hand and applies
// over it: the target waits until AWS Config is done
// (ResourceInUseException) and then deploys.
func TestUpdateWaitsForWorkInProgress(t *testing.T) {
	env := startSandbox(t, sandbox.Options{ConformancePackDelay: 150 * time.Millisecond})
	fw := readHDS(t)
	tg := env.target(t, Options{Regions: []string{"eu-west-3"}})
	apply(t, tg, fw)
	paris := env.config("eu-west-3", "AKIAMANAGEMENT")
	if _, err := paris.PutConformancePack(context.Background(), &configservice.PutConformancePackInput{
		ConformancePackName: aws.String("hdsctl-hds-v2-part-1"), TemplateBody: aws.String(smallTemplate),
	}); err != nil {
		t.Fatal(err)
	}
	env.srv.ResetStats()
	p := apply(t, tg, fw)
	if diff := cmp.Diff([]string{
		"update eu-west-3 hdsctl-hds-v2-part-1 (changed outside hdsctl)",
	}, summary(p)); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	if n := env.srv.Stats().Operations["config.PutConformancePack"].Errors; n == 0 {
		t.Error("the update never met the work in progress; the test proves nothing")
	}
	if p := plan(t, tg, fw); !p.Empty() {
		t.Errorf("plan after the update: %v", summary(p))
	}
}

func TestThrottlingIsPassedWithoutFailure(t *testing.T) {
	// The sandbox allows 5 requests per second to AWS Config, below the
	// target's pace, and the target polls every 5 ms: AWS Config throttles,
	// the limiter slows down, the waits read again later and the engine
	// retries the calls that change packs.
	env := startSandbox(t, sandbox.Options{ConfigRPS: 5, ConfigBurst: 5})
	fw := readHDS(t)
	tg := env.target(t, Options{Limiter: deploy.NewLimiter(ConfigRPS, 1)})
	apply(t, tg, fw)
	if p := plan(t, tg, fw); !p.Empty() {
		t.Errorf("plan after a throttled apply: %v", summary(p))
	}
	if env.srv.Stats().Throttled == 0 {
		t.Error("the sandbox throttled nothing; the test proves nothing")
	}
}

func TestOptionsAreValidatedBeforeAnyCall(t *testing.T) {
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{Regions: []string{"eu-paris-1"}}, "not an AWS Region"},
		{Options{ExcludedAccounts: []string{excluded}}, "--organization"},
		{Options{Organization: true, ExcludedAccounts: []string{"12345"}}, "12-digit"},
	} {
		if err := tc.opts.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate(%+v) = %v, want an error saying %q", tc.opts, err, tc.want)
		}
	}
}

// TestDestroyLooksInEveryEnabledRegion deploys to London, outside the EEA,
// then destroys without naming Regions: the pack goes too.
func TestDestroyLooksInEveryEnabledRegion(t *testing.T) {
	env := startSandbox(t, sandbox.Options{})
	fw := readHDS(t)
	apply(t, env.target(t, Options{Regions: []string{"eu-west-2", "eu-west-3"}}), fw)
	p, err := destroy(t, env.target(t, Options{}), fw)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"delete eu-west-2 hdsctl-hds-v2-part-1 (no longer in the framework)",
		"delete eu-west-3 hdsctl-hds-v2-part-1 (no longer in the framework)",
	}
	if diff := cmp.Diff(want, summary(p)); diff != "" {
		t.Errorf("destroy plan (-want +got):\n%s", diff)
	}
	for _, region := range []string{"eu-west-2", "eu-west-3"} {
		if got := env.packs(t, region, "AKIAMANAGEMENT"); len(got) != 0 {
			t.Errorf("%s still holds %v", region, got)
		}
	}
}
