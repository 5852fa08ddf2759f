package auditmanager

import (
	"testing"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/framework"
	"github.com/hdsctl/hdsctl/sandbox"
)

// TestControlsLeftByAnInterruptedApplyUnderOldNamesAreFound interrupts a
// first apply after its controls and before the framework, then applies an
// edited framework: one control renamed, one removed. The controls the
// first run left under names the framework no longer uses are found by
// their tags: the renamed one is updated, not created twice, and the
// removed one is deleted, not left as an orphan.
func TestControlsLeftByAnInterruptedApplyUnderOldNamesAreFound(t *testing.T) {
	dir := smallFramework(t)
	e := startSandbox(t, sandbox.Options{})
	tg, _ := e.target(Options{})
	apply(t, tg, onlyKind(plan(t, tg, readFramework(t, dir)), KindControl))

	edited := readFramework(t, dir)
	set := edited.ControlSets[0]
	set.Controls[0].Name = framework.Text{FR: "Contrôle un, renommé", EN: "Control one, renamed"}
	set.Controls = set.Controls[:2]
	p := plan(t, tg, edited)
	if s := p.Summary(); s.Create != 1 || s.Update != 1 || s.Delete != 1 || s.Noop != 1 {
		t.Errorf("plan = %+v, want the framework created, the renamed control updated, the removed one deleted", s)
	}
	converge(t, tg, edited)
	e.checkDeployed(testRegion, edited, "fr")
}

// TestControlCreatedByAnInterruptedApplyOfAnotherRevisionIsDeleted
// deploys a framework, interrupts the apply of a revision that adds a
// control after that control's creation, and applies the first revision
// again: the framework is up to date, yet the control created since it was
// last written is found by its tags and deleted.
func TestControlCreatedByAnInterruptedApplyOfAnotherRevisionIsDeleted(t *testing.T) {
	dir := smallFramework(t)
	e := startSandbox(t, sandbox.Options{})
	tg, _ := e.target(Options{})
	fw := readFramework(t, dir)
	converge(t, tg, fw)

	next := readFramework(t, dir)
	added := *next.ControlSets[0].Controls[0]
	added.ID, added.Name = "C-4", framework.Text{FR: "Contrôle quatre", EN: "Control four"}
	next.ControlSets[0].Controls = append(next.ControlSets[0].Controls, &added)
	apply(t, tg, onlyKind(plan(t, tg, next), KindControl))

	p := plan(t, tg, fw)
	if s := p.Summary(); s.Delete != 1 || s.Create+s.Update != 0 {
		t.Errorf("plan = %+v, want the control of the interrupted run deleted", s)
	}
	converge(t, tg, fw)
	e.checkDeployed(testRegion, fw, "fr")
}

// onlyKind returns the changes of p on objects of one kind, as an apply
// interrupted before the next phase carried them out.
func onlyKind(p *deploy.Plan, kind deploy.Kind) *deploy.Plan {
	out := &deploy.Plan{Target: p.Target, Framework: p.Framework}
	for _, ch := range p.Changes {
		if ch.Kind == kind && ch.Action != deploy.Noop {
			out.Changes = append(out.Changes, ch)
		}
	}
	return out
}
