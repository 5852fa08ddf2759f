package auditmanager

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/sandbox"
)

func TestApplyDeploysEveryControlAndTheFramework(t *testing.T) {
	e := startSandbox(t, sandbox.Options{})
	fw := readFramework(t, "hds-v2")
	tg, _ := e.target(Options{})

	p := plan(t, tg, fw)
	n := len(fw.Controls())
	if s := p.Summary(); s.Create != n+1 || s.Update+s.Delete+s.Noop != 0 {
		t.Fatalf("first plan = %+v, want %d creates", s, n+1)
	}
	if len(p.Notes) == 0 {
		t.Errorf("hds-v2 has sources Audit Manager refuses (hdsctl checks); the plan has no note")
	}
	res := apply(t, tg, p)
	if got := res.Summary().Create; got != n+1 {
		t.Errorf("apply created %d objects, want %d", got, n+1)
	}
	e.checkDeployed(testRegion, fw, "fr")
	if st := e.state(testRegion); st.standard != 5 {
		t.Errorf("%d standard controls after apply, want the 5 the sandbox seeds", st.standard)
	}
}

func TestSecondApplyMakesNoWriteAndAtMostOneReadPerPagePlusThree(t *testing.T) {
	e := startSandbox(t, sandbox.Options{})
	fw := readFramework(t, "hds-v2")
	tg, _ := e.target(Options{})
	converge(t, tg, fw)
	before := e.sb.Stats()

	tg2, calls := e.target(Options{})
	p := plan(t, tg2, fw)
	if !p.Empty() {
		t.Fatalf("second plan = %+v, want nothing to do", p.Summary())
	}
	res, err := deploy.Apply(context.Background(), tg2, p, deploy.ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Outcomes) != 0 {
		t.Errorf("apply of an empty plan carried out %d changes", len(res.Outcomes))
	}
	reads, writes, byOp := auditManagerCalls(diffStats(before, e.sb.Stats()))
	// One page of frameworks and one of controls (157 custom and 5 standard
	// fit in a page of 1000), plus GetAccountStatus and
	// GetAssessmentFramework.
	const pages = 2
	t.Logf("re-apply: %d reads, %d writes: %v", reads, writes, byOp)
	if writes != 0 || reads > pages+3 {
		t.Errorf("re-apply made %d writes and %d reads (%v), want 0 writes and at most %d reads", writes, reads, byOp, pages+3)
	}
	if got := calls.Total(); int64(got) != reads+writes {
		t.Errorf("hdsctl counted %d calls, the sandbox %d", got, reads+writes)
	}
}

func TestConsoleEditShowsAsOneUpdateChangedOutsideHdsctl(t *testing.T) {
	e := startSandbox(t, sandbox.Options{})
	fw := readFramework(t, "hds-v2")
	tg, _ := e.target(Options{})
	converge(t, tg, fw)

	// A user edits one control in the console: UpdateControl with a new
	// description, everything else as it was.
	ctx := context.Background()
	c := e.client()
	victim := e.ownedControl(fw.ID, "HDS-EXI-28")
	_, err := c.UpdateControl(ctx, &auditmanager.UpdateControlInput{
		ControlId: victim.Id, Name: victim.Name, Description: aws.String("Edited by hand in the console"),
		TestingInformation: victim.TestingInformation, ActionPlanTitle: victim.ActionPlanTitle,
		ActionPlanInstructions: victim.ActionPlanInstructions, ControlMappingSources: victim.ControlMappingSources,
	})
	if err != nil {
		t.Fatal(err)
	}

	p := plan(t, tg, fw)
	updates := changesOf(p, deploy.Update)
	if len(updates) != 1 || updates[0].Key != "HDS-EXI-28" || updates[0].Reason != "changed outside hdsctl" {
		t.Fatalf("plan updates %v, want HDS-EXI-28 changed outside hdsctl", updates)
	}
	if s := p.Summary(); s.Create+s.Delete != 0 {
		t.Errorf("plan = %+v, want only the update", s)
	}
	converge(t, tg, fw)
	if got := aws.ToString(e.ownedControl(fw.ID, "HDS-EXI-28").Description); got == "Edited by hand in the console" {
		t.Errorf("the control still holds the console's edit")
	}
	if got := aws.ToString(e.ownedControl(fw.ID, "HDS-EXI-28").Id); got != aws.ToString(victim.Id) {
		t.Errorf("the control was replaced (%s, was %s); it must be updated in place", got, aws.ToString(victim.Id))
	}
}

func TestFrameworkEditGivesOneUpdate(t *testing.T) {
	e := startSandbox(t, sandbox.Options{})
	fw := readFramework(t, "hds-v2")
	tg, _ := e.target(Options{})
	converge(t, tg, fw)

	fw.Control("HDS-EXI-05-A").TestingInformation.FR += " Vérifier aussi les sauvegardes."
	p := plan(t, tg, fw)
	updates := changesOf(p, deploy.Update)
	if len(updates) != 1 || updates[0].Key != "HDS-EXI-05-A" || updates[0].Reason != "changed in the framework" {
		t.Fatalf("plan updates %v, want HDS-EXI-05-A changed in the framework", updates)
	}
	converge(t, tg, fw)
}

func TestUpdateInterruptedBeforeItsHashConverges(t *testing.T) {
	e := startSandbox(t, sandbox.Options{})
	fw := readFramework(t, smallFramework(t))
	tg, _ := e.target(Options{})
	converge(t, tg, fw)

	// The framework changes, and a run is killed after UpdateControl wrote
	// the new content, before TagResource recorded its hash.
	fw.Control("C-1").Description.FR = "Le tout premier."
	p := plan(t, tg, fw)
	ch := changesOf(p, deploy.Update)[0]
	s := ch.Desired.Spec.(*controlSpec)
	if _, err := e.client().UpdateControl(context.Background(), &auditmanager.UpdateControlInput{
		ControlId: aws.String(ch.ID), Name: aws.String(s.Name), Description: aws.String(s.Description),
		TestingInformation: aws.String(s.TestingInformation), ActionPlanTitle: aws.String(s.ActionPlanTitle),
		ActionPlanInstructions: aws.String(s.ActionPlanInstructions), ControlMappingSources: updateSources(s.Sources),
	}); err != nil {
		t.Fatal(err)
	}

	p = plan(t, tg, fw)
	updates := changesOf(p, deploy.Update)
	if len(updates) != 1 || !strings.Contains(updates[0].Reason, "interrupted") {
		t.Fatalf("plan updates %v, want C-1 with its hash to record", updates)
	}
	converge(t, tg, fw)
}

func TestForeignObjectsAndStandardControlsAreLeftAlone(t *testing.T) {
	e := startSandbox(t, sandbox.Options{})
	fw := readFramework(t, smallFramework(t))
	ctx := context.Background()
	c := e.client()

	// Someone else's custom control named like one of ours, another one,
	// and a framework named like ours built on them.
	var foreign []string
	for _, name := range []string{"Contrôle un", "Someone else's control"} {
		out, err := c.CreateControl(ctx, &auditmanager.CreateControlInput{
			Name: aws.String(name), Tags: map[string]string{"team": "grc"},
			ControlMappingSources: []types.CreateControlMappingSource{{SourceName: aws.String("people"), SourceType: types.SourceTypeManual}},
		})
		if err != nil {
			t.Fatal(err)
		}
		foreign = append(foreign, aws.ToString(out.Control.Id))
	}
	fout, err := c.CreateAssessmentFramework(ctx, &auditmanager.CreateAssessmentFrameworkInput{
		Name: aws.String("Petit cadre"), Tags: map[string]string{"team": "grc"},
		ControlSets: []types.CreateAssessmentFrameworkControlSet{{Name: aws.String("Theirs"),
			Controls: []types.CreateAssessmentFrameworkControl{{Id: aws.String(foreign[0])}, {Id: aws.String(foreign[1])}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	before := e.state(testRegion)

	tg, _ := e.target(Options{})
	converge(t, tg, fw)
	e.checkDeployed(testRegion, fw, "fr")

	destroy(t, tg, fw)
	after := e.state(testRegion)
	if diff := compareForeign(before, after); diff != "" {
		t.Errorf("apply and destroy touched what hdsctl did not create:\n%s", diff)
	}
	for _, ctl := range after.custom {
		if _, ok := owned(ctl.Tags, fw.ID); ok {
			t.Errorf("control %s of hdsctl left after destroy", aws.ToString(ctl.Id))
		}
	}
	if len(after.frameworks) != 1 || aws.ToString(after.frameworks[0].Id) != aws.ToString(fout.Framework.Id) {
		t.Errorf("after destroy, custom frameworks = %d, want only the foreign one", len(after.frameworks))
	}
}

func TestDestroyRemovesOrphansUnderAnyName(t *testing.T) {
	e := startSandbox(t, sandbox.Options{})
	fw := readFramework(t, smallFramework(t))
	tg, _ := e.target(Options{})
	converge(t, tg, fw)

	// An orphan hdsctl created for a control since removed from the
	// framework, under a name the framework no longer has.
	if _, err := e.client().CreateControl(context.Background(), &auditmanager.CreateControlInput{
		Name: aws.String("Contrôle supprimé"), Tags: ownTags(fw.ID, "C-9", "0", "fr", nil),
		ControlMappingSources: []types.CreateControlMappingSource{{SourceName: aws.String("x"), SourceType: types.SourceTypeManual}},
	}); err != nil {
		t.Fatal(err)
	}
	destroy(t, tg, fw)
	st := e.state(testRegion)
	if len(st.custom) != 0 || len(st.frameworks) != 0 {
		t.Errorf("after destroy: %d custom controls, %d custom frameworks; want none", len(st.custom), len(st.frameworks))
	}
	if st.standard != 5 {
		t.Errorf("%d standard controls after destroy, want 5", st.standard)
	}
	if p := destroyPlan(t, tg, fw); !p.Empty() {
		t.Errorf("second destroy plan = %+v, want nothing", p.Summary())
	}
}

func TestOrphanOfAnInterruptedApplyIsFoundNotDuplicated(t *testing.T) {
	e := startSandbox(t, sandbox.Options{})
	fw := readFramework(t, smallFramework(t))
	tg, _ := e.target(Options{})

	// A run killed after creating C-1, before the framework existed.
	p := plan(t, tg, fw)
	first := changesOf(p, deploy.Create)[0]
	if _, err := tg.Apply(context.Background(), first, nil); err != nil {
		t.Fatal(err)
	}
	p = plan(t, tg, fw)
	if s := p.Summary(); s.Noop != 1 || s.Create != len(fw.Controls()) {
		t.Fatalf("plan after the interrupted run = %+v, want C-1 kept and the rest created", s)
	}
	converge(t, tg, fw)
	e.checkDeployed(testRegion, fw, "fr")
}

func TestDuplicateOfAControlIsDeleted(t *testing.T) {
	e := startSandbox(t, sandbox.Options{})
	fw := readFramework(t, smallFramework(t))
	tg, _ := e.target(Options{})
	converge(t, tg, fw)

	// A duplicate of C-1, as two concurrent runs would leave.
	p := plan(t, tg, fw)
	var desired deploy.Change
	for _, ch := range p.Changes {
		if ch.Key == "C-1" {
			desired = ch
			desired.Action, desired.ID = deploy.Create, ""
		}
	}
	if _, err := tg.Apply(context.Background(), desired, nil); err != nil {
		t.Fatal(err)
	}
	p = plan(t, tg, fw)
	deletes := changesOf(p, deploy.Delete)
	if len(deletes) != 1 || deletes[0].Key != "C-1" || !strings.Contains(deletes[0].Reason, "duplicate") {
		t.Fatalf("plan deletes %v, want the duplicate of C-1", deletes)
	}
	converge(t, tg, fw)
	e.checkDeployed(testRegion, fw, "fr")
}

func TestLanguageSwitchUpdatesInPlace(t *testing.T) {
	e := startSandbox(t, sandbox.Options{})
	fw := readFramework(t, smallFramework(t))
	tg, _ := e.target(Options{})
	converge(t, tg, fw)

	en, _ := e.target(Options{Lang: "en"})
	p := plan(t, en, fw)
	if s := p.Summary(); s.Update != len(fw.Controls())+1 || s.Create+s.Delete != 0 {
		t.Fatalf("plan in English = %+v, want every object updated", s)
	}
	converge(t, en, fw)
	e.checkDeployed(testRegion, fw, "en")
}

func TestInactiveAccountIsRefusedBeforeAnyWrite(t *testing.T) {
	e := startSandbox(t, sandbox.Options{AccountStatus: "INACTIVE"})
	fw := readFramework(t, smallFramework(t))
	tg, _ := e.target(Options{})

	_, err := deploy.MakePlan(context.Background(), tg, fw)
	var inactive *InactiveError
	if !errors.As(err, &inactive) {
		t.Fatalf("MakePlan error = %v, want an InactiveError", err)
	}
	for _, want := range []string{"30 April 2026", "--target config"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if _, _, byOp := auditManagerCalls(e.sb.Stats()); len(byOp) != 1 || byOp["GetAccountStatus"] != 1 {
		t.Errorf("calls = %v, want GetAccountStatus only", byOp)
	}
}

func TestUnsupportedRegionIsRefusedBeforeAnyCall(t *testing.T) {
	e := startSandbox(t, sandbox.Options{})
	fw := readFramework(t, smallFramework(t))
	tg, _ := e.target(Options{Regions: []string{"eu-west-1", "eu-west-3"}})

	_, err := deploy.MakePlan(context.Background(), tg, fw)
	var region *RegionError
	if !errors.As(err, &region) || region.Region != "eu-west-3" {
		t.Fatalf("MakePlan error = %v, want a RegionError for eu-west-3", err)
	}
	if !strings.Contains(err.Error(), "eu-central-1") {
		t.Errorf("error %q does not list the Regions where Audit Manager runs", err)
	}
	if n := e.sb.Stats().Requests; n != 0 {
		t.Errorf("%d calls made, want none", n)
	}
}

func TestDeployToSeveralRegions(t *testing.T) {
	e := startSandbox(t, sandbox.Options{})
	fw := readFramework(t, smallFramework(t))
	tg, _ := e.target(Options{Regions: []string{"eu-west-1", "eu-central-1"}})
	converge(t, tg, fw)
	e.checkDeployed("eu-west-1", fw, "fr")
	e.checkDeployed("eu-central-1", fw, "fr")
	destroy(t, tg, fw)
	for _, r := range []string{"eu-west-1", "eu-central-1"} {
		if st := e.state(r); len(st.custom)+len(st.frameworks) != 0 {
			t.Errorf("%s holds %d controls and %d frameworks after destroy", r, len(st.custom), len(st.frameworks))
		}
	}
}

func TestAssessmentIsCreatedKeptAndDestroyed(t *testing.T) {
	e := startSandbox(t, sandbox.Options{})
	fw := readFramework(t, smallFramework(t))
	a := &AssessmentOptions{Name: "HDS 2026", Owners: []string{"arn:aws:iam::123456789012:role/Auditor"},
		ReportsDestination: "s3://audit-reports/hds"}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	tg, _ := e.target(Options{Assessment: a})
	p := plan(t, tg, fw)
	if got := changesOf(p, deploy.Create); got[len(got)-1].Kind != KindAssessment {
		t.Fatalf("the plan creates no assessment last: %v", got)
	}
	converge(t, tg, fw)

	// The steady state reads one more page (the assessments) and one more
	// object (the assessment): still one read per page plus three.
	before := e.sb.Stats()
	steady, _ := e.target(Options{Assessment: a})
	if p := plan(t, steady, fw); !p.Empty() {
		t.Fatalf("plan = %+v, want nothing to do", p.Summary())
	}
	if reads, writes, byOp := auditManagerCalls(diffStats(before, e.sb.Stats())); writes != 0 || reads > 3+3 {
		t.Errorf("steady plan with an assessment: %d reads, %d writes (%v); want at most 6 reads", reads, writes, byOp)
	}

	ctx := context.Background()
	list, err := e.client().ListAssessments(ctx, &auditmanager.ListAssessmentsInput{})
	if err != nil || len(list.AssessmentMetadata) != 1 {
		t.Fatalf("ListAssessments = %v, %v; want one assessment", list, err)
	}
	got, err := e.client().GetAssessment(ctx, &auditmanager.GetAssessmentInput{AssessmentId: list.AssessmentMetadata[0].Id})
	if err != nil {
		t.Fatal(err)
	}
	if acct := got.Assessment.Metadata.Scope.AwsAccounts; len(acct) != 1 || aws.ToString(acct[0].Id) != sandbox.DefaultAccountID {
		t.Errorf("scope = %v, want the caller's account", acct)
	}

	a.Owners = append(a.Owners, "arn:aws:iam::123456789012:role/Security")
	tg2, _ := e.target(Options{Assessment: a})
	if updates := changesOf(plan(t, tg2, fw), deploy.Update); len(updates) != 1 || updates[0].Kind != KindAssessment {
		t.Fatalf("plan updates %v, want the assessment", updates)
	}
	converge(t, tg2, fw)

	// Without the flags, apply leaves the assessment alone; destroy removes it.
	plain, _ := e.target(Options{})
	if p := plan(t, plain, fw); !p.Empty() {
		t.Errorf("plan without assessment flags = %+v, want nothing to do", p.Summary())
	}
	destroy(t, plain, fw)
	if list, _ := e.client().ListAssessments(ctx, &auditmanager.ListAssessmentsInput{}); len(list.AssessmentMetadata) != 0 {
		t.Errorf("%d assessments left after destroy", len(list.AssessmentMetadata))
	}
}

func TestCancelStopsCleanlyAndTheNextApplyConverges(t *testing.T) {
	e := startSandbox(t, sandbox.Options{Latency: 2 * time.Millisecond})
	fw := readFramework(t, "hds-v2")
	tg, _ := e.target(Options{})
	p := plan(t, tg, fw)

	ctx, cancel := context.WithCancel(context.Background())
	res, err := deploy.Apply(ctx, tg, p, deploy.ApplyOptions{Retry: fastRetry, Progress: func(pr deploy.Progress) {
		if pr.Done == 40 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Apply error = %v, want context.Canceled", err)
	}
	done := res.Count(deploy.StatusDone)
	if done < 40 || done >= len(res.Outcomes) || res.Count(deploy.StatusSkipped) == 0 {
		t.Errorf("after cancel: %d done, %d skipped of %d; want some done and the rest skipped",
			done, res.Count(deploy.StatusSkipped), len(res.Outcomes))
	}
	converge(t, tg, fw)
	e.checkDeployed(testRegion, fw, "fr")
}
