package auditmanager

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/framework"
)

// pageSize is the largest page the list operations return (maxResults,
// 1 to 1000 in the API model), so that most lists take one call.
const pageSize = 1000

// Current returns what hdsctl owns for fw in every Region, read within the
// budget the package documents. Objects found by name but not tagged as
// hdsctl's are left out, whatever their name.
func (t *Target) Current(ctx context.Context, fw *framework.Framework) ([]deploy.Existing, error) {
	return t.current(ctx, fw, false)
}

// CurrentAll is Current for destroy: it also checks the tags of every
// custom control, framework and assessment, so that objects an interrupted
// run left out of the framework, under any name, go too.
func (t *Target) CurrentAll(ctx context.Context, fw *framework.Framework) ([]deploy.Existing, error) {
	return t.current(ctx, fw, true)
}

func (t *Target) current(ctx context.Context, fw *framework.Framework, deep bool) ([]deploy.Existing, error) {
	var out []deploy.Existing
	for _, region := range t.regions {
		s := &scan{t: t, c: t.readers[region], region: region, fw: fw, deep: deep,
			names: namesOf(fw), seen: map[string]bool{}}
		found, err := s.run(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}

// names holds every name the framework's objects may have, in each of its
// languages, to pick candidates out of lists without reading each object.
type names struct {
	framework map[string]bool
	controls  map[string]bool
}

func namesOf(fw *framework.Framework) names {
	n := names{framework: map[string]bool{}, controls: map[string]bool{}}
	for _, l := range []string{framework.French, framework.English} {
		n.framework[fw.Name.Get(l)] = true
		for _, c := range fw.Controls() {
			n.controls[c.Name.Get(l)] = true
		}
	}
	return n
}

// scan reads what hdsctl owns in one Region.
type scan struct {
	t      *Target
	c      *auditmanager.Client
	region string
	fw     *framework.Framework
	deep   bool
	names  names
	// seen holds the IDs of the controls already accounted for.
	seen map[string]bool
	out  []deploy.Existing
	// stale reports that no owned framework is up to date with the
	// framework, so that an interrupted run may have left controls under
	// any name; since is when the owned framework was last written.
	stale bool
	since time.Time
}

func (s *scan) run(ctx context.Context) ([]deploy.Existing, error) {
	frameworks, err := s.ownedFrameworks(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range frameworks {
		if err := s.addFramework(ctx, f); err != nil {
			return nil, err
		}
	}
	s.judgeFrameworks(frameworks)
	if err := s.otherControls(ctx); err != nil {
		return nil, err
	}
	if s.t.opts.Assessment != nil || s.deep {
		if err := s.assessments(ctx); err != nil {
			return nil, err
		}
	}
	if s.t.opts.Adopt != nil && !s.deep {
		if err := s.adopt(ctx); err != nil {
			return nil, err
		}
	}
	return s.out, nil
}

// ownedFrameworks finds the custom frameworks hdsctl created for the
// framework: among those named like it, and, when none of them is hdsctl's
// (a first apply, a framework renamed by hand) or for destroy, among all by
// their tags.
func (s *scan) ownedFrameworks(ctx context.Context) ([]*types.Framework, error) {
	var metas []types.AssessmentFrameworkMetadata
	p := auditmanager.NewListAssessmentFrameworksPaginator(s.c, &auditmanager.ListAssessmentFrameworksInput{
		FrameworkType: types.FrameworkTypeCustom, MaxResults: aws.Int32(pageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, explain(err, "listing the custom frameworks in "+s.region)
		}
		metas = append(metas, page.FrameworkMetadataList...)
	}

	var mine []*types.Framework
	checked := map[string]bool{}
	for _, m := range metas {
		if !s.names.framework[aws.ToString(m.Name)] {
			continue
		}
		checked[aws.ToString(m.Id)] = true
		f, err := s.getFramework(ctx, aws.ToString(m.Id))
		if err != nil {
			return nil, err
		}
		if f == nil {
			continue
		}
		if _, ok := owned(f.Tags, s.fw.ID); ok {
			mine = append(mine, f)
		}
	}
	if len(mine) > 0 && !s.deep {
		return mine, nil
	}
	for _, m := range metas {
		if checked[aws.ToString(m.Id)] {
			continue
		}
		tags, err := s.tags(ctx, aws.ToString(m.Arn))
		if err != nil {
			return nil, err
		}
		if _, ok := owned(tags, s.fw.ID); !ok {
			continue
		}
		f, err := s.getFramework(ctx, aws.ToString(m.Id))
		if err != nil {
			return nil, err
		}
		if f != nil {
			mine = append(mine, f)
		}
	}
	return mine, nil
}

// getFramework reads a framework; it returns nil when it no longer exists.
func (s *scan) getFramework(ctx context.Context, id string) (*types.Framework, error) {
	out, err := s.c.GetAssessmentFramework(ctx, &auditmanager.GetAssessmentFrameworkInput{FrameworkId: &id})
	if notFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, explain(err, "reading framework "+id+" in "+s.region)
	}
	s.t.rememberARN(out.Framework.Id, out.Framework.Arn)
	s.t.rememberSets(out.Framework)
	return out.Framework, nil
}

func (s *scan) getControl(ctx context.Context, id string) (*types.Control, error) {
	out, err := s.c.GetControl(ctx, &auditmanager.GetControlInput{ControlId: aws.String(id)})
	if notFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, explain(err, "reading control "+id+" in "+s.region)
	}
	s.t.rememberARN(out.Control.Id, out.Control.Arn)
	return out.Control, nil
}

// tags reads the tags of an object; an object gone has none.
func (s *scan) tags(ctx context.Context, arn string) (map[string]string, error) {
	out, err := s.c.ListTagsForResource(ctx, &auditmanager.ListTagsForResourceInput{ResourceArn: &arn})
	if notFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, explain(err, "reading the tags of "+arn)
	}
	return out.Tags, nil
}

// addFramework records an owned framework and the controls it holds. The
// framework's answer carries each control in full with its tags; a control
// answered without tags, or whose content does not match its hash tag, is
// read on its own before it is judged, in case the answer was partial (the
// API reference warns that framework answers may be).
func (s *scan) addFramework(ctx context.Context, f *types.Framework) error {
	var sets []setSpec
	for _, set := range f.ControlSets {
		ss := setSpec{Name: aws.ToString(set.Name)}
		for i := range set.Controls {
			ctl := &set.Controls[i]
			id := aws.ToString(ctl.Id)
			s.t.rememberARN(ctl.Id, ctl.Arn)
			key, ok := owned(ctl.Tags, s.fw.ID)
			if ctl.Tags == nil || (ok && controlHash(ctl) != ctl.Tags[TagHash]) {
				full, err := s.getControl(ctx, id)
				if err != nil {
					return err
				}
				if full != nil {
					ctl = full
					key, ok = owned(ctl.Tags, s.fw.ID)
				}
			}
			if !ok {
				ss.Keys = append(ss.Keys, "foreign:"+id)
				continue
			}
			ss.Keys = append(ss.Keys, key)
			if !s.seen[id] {
				s.seen[id] = true
				e := existingControl(s.region, key, ctl)
				e.InUse = true
				s.out = append(s.out, e)
			}
		}
		sets = append(sets, ss)
	}
	content := canonicalFramework{
		Lang:           f.Tags[TagLang],
		Name:           aws.ToString(f.Name),
		Description:    aws.ToString(f.Description),
		ComplianceType: aws.ToString(f.ComplianceType),
		Sets:           sets,
	}
	key, _ := owned(f.Tags, s.fw.ID)
	s.out = append(s.out, existing(KindFramework, s.region, key, aws.ToString(f.Id), aws.ToString(f.Name),
		f.Tags[TagHash], digest(content.normalize())))
	return nil
}

// existing describes an owned object read from AWS: its recorded hash,
// the hash of its content, and whether they differ.
func existing(kind deploy.Kind, region, key, id, name, recorded, content string) deploy.Existing {
	phase := map[deploy.Kind]int{KindControl: phaseControl, KindFramework: phaseFramework, KindAssessment: phaseAssessment}[kind]
	return deploy.Existing{Kind: kind, Key: key, Name: name, Region: region, Phase: phase, ID: id,
		Hash: recorded, ContentHash: content, Drifted: content != recorded}
}

// existingControl describes an owned control read from AWS.
func existingControl(region, key string, ctl *types.Control) deploy.Existing {
	return existing(KindControl, region, key, aws.ToString(ctl.Id), aws.ToString(ctl.Name),
		ctl.Tags[TagHash], controlHash(ctl))
}

// controlHash hashes a control's content as read from AWS, in the shape
// desired content is hashed.
func controlHash(ctl *types.Control) string {
	c := canonicalControl{
		Lang:                   ctl.Tags[TagLang],
		Name:                   aws.ToString(ctl.Name),
		Description:            aws.ToString(ctl.Description),
		TestingInformation:     aws.ToString(ctl.TestingInformation),
		ActionPlanTitle:        aws.ToString(ctl.ActionPlanTitle),
		ActionPlanInstructions: aws.ToString(ctl.ActionPlanInstructions),
	}
	for _, src := range ctl.ControlMappingSources {
		cs := canonicalSource{
			Type:        string(src.SourceType),
			Name:        aws.ToString(src.SourceName),
			Description: aws.ToString(src.SourceDescription),
			Frequency:   string(src.SourceFrequency),
		}
		if src.SourceKeyword != nil && src.SourceType != types.SourceTypeManual {
			cs.Keyword = aws.ToString(src.SourceKeyword.KeywordValue)
		}
		c.Sources = append(c.Sources, cs)
	}
	return digest(c.normalize())
}

// judgeFrameworks sets what otherControls must look at beyond the names of
// the framework's controls. A run that completes writes the framework last,
// after every control it creates, and deletes the controls it no longer
// wants first. So the controls an interrupted run left outside the
// framework, under names the framework may no longer use (a control since
// renamed or removed), are among those created after the owned framework
// was last written; and when no owned framework is up to date (none yet,
// or one this plan will update), any control may be one.
func (s *scan) judgeFrameworks(frameworks []*types.Framework) {
	want := frameworkSpecOf(s.fw, s.t.lang(s.fw)).hash()
	s.stale = len(frameworks) == 0
	for _, e := range s.out {
		if e.Kind == KindFramework && (e.Drifted || e.Hash != want) {
			s.stale = true
		}
	}
	for _, f := range frameworks {
		if at := aws.ToTime(f.LastUpdatedAt); s.since.IsZero() || at.Before(s.since) {
			s.since = at
		}
	}
}

// mayBeLeftOver reports whether a custom control outside the owned
// frameworks, and not named like a control of the framework, may be one an
// interrupted run left (see judgeFrameworks).
func (s *scan) mayBeLeftOver(m types.ControlMetadata) bool {
	return s.stale || !aws.ToTime(m.CreatedAt).Before(s.since)
}

// otherControls finds owned controls outside the owned frameworks: those
// named like a control of the framework (left by an apply interrupted
// before the framework listed them), those an interrupted run may have left
// under another name (mayBeLeftOver), and for destroy every custom control
// whose tags say it is hdsctl's. Only the first are read without a look at
// their tags first.
func (s *scan) otherControls(ctx context.Context) error {
	p := auditmanager.NewListControlsPaginator(s.c, &auditmanager.ListControlsInput{
		ControlType: types.ControlTypeCustom, MaxResults: aws.Int32(pageSize)})
	var metas []types.ControlMetadata
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return explain(err, "listing the custom controls in "+s.region)
		}
		metas = append(metas, page.ControlMetadataList...)
	}
	for _, m := range metas {
		id := aws.ToString(m.Id)
		if s.seen[id] {
			continue
		}
		s.t.rememberARN(m.Id, m.Arn)
		switch {
		case s.names.controls[aws.ToString(m.Name)]:
			if err := s.keepOwnedControl(ctx, id); err != nil {
				return err
			}
		case s.deep:
			tags, err := s.tags(ctx, aws.ToString(m.Arn))
			if err != nil {
				return err
			}
			if key, ok := owned(tags, s.fw.ID); ok {
				s.seen[id] = true
				e := existing(KindControl, s.region, key, id, aws.ToString(m.Name), tags[TagHash], "")
				e.ContentHash, e.Drifted = "", false // not read: destroy needs no content
				s.out = append(s.out, e)
			}
		case s.mayBeLeftOver(m):
			tags, err := s.tags(ctx, aws.ToString(m.Arn))
			if err != nil {
				return err
			}
			if _, ok := owned(tags, s.fw.ID); !ok {
				continue
			}
			if err := s.keepOwnedControl(ctx, id); err != nil {
				return err
			}
		}
	}
	return nil
}

// keepOwnedControl reads a control, and adds it to the objects found when
// its tags say hdsctl owns it for the framework. A control gone since the
// listing is left out.
func (s *scan) keepOwnedControl(ctx context.Context, id string) error {
	ctl, err := s.getControl(ctx, id)
	if err != nil || ctl == nil {
		return err
	}
	if key, ok := owned(ctl.Tags, s.fw.ID); ok {
		s.seen[id] = true
		s.out = append(s.out, existingControl(s.region, key, ctl))
	}
	return nil
}

// assessments finds the assessment hdsctl created on the framework: by the
// name asked for, and when none of that name is hdsctl's (first apply,
// renamed) or for destroy, by the tags of every assessment.
func (s *scan) assessments(ctx context.Context) error {
	p := auditmanager.NewListAssessmentsPaginator(s.c, &auditmanager.ListAssessmentsInput{
		MaxResults: aws.Int32(pageSize)})
	var metas []types.AssessmentMetadataItem
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return explain(err, "listing the assessments in "+s.region)
		}
		metas = append(metas, page.AssessmentMetadata...)
	}
	want := ""
	if s.t.opts.Assessment != nil {
		want = s.t.opts.Assessment.Name
	}
	found := false
	checked := map[string]bool{}
	look := func(id string) error {
		checked[id] = true
		out, err := s.c.GetAssessment(ctx, &auditmanager.GetAssessmentInput{AssessmentId: &id})
		if notFound(err) {
			return nil
		}
		if err != nil {
			return explain(err, "reading assessment "+id+" in "+s.region)
		}
		a := out.Assessment
		key, ok := owned(a.Tags, s.fw.ID)
		if !ok || a.Metadata == nil {
			return nil
		}
		found = true
		s.t.rememberARN(a.Metadata.Id, a.Arn)
		s.out = append(s.out, existingAssessment(s.region, key, a))
		return nil
	}
	for _, m := range metas {
		if want != "" && aws.ToString(m.Name) == want {
			if err := look(aws.ToString(m.Id)); err != nil {
				return err
			}
		}
	}
	if found && !s.deep {
		return nil
	}
	for _, m := range metas {
		if !checked[aws.ToString(m.Id)] {
			if err := look(aws.ToString(m.Id)); err != nil {
				return err
			}
		}
	}
	return nil
}

func existingAssessment(region, key string, a *types.Assessment) deploy.Existing {
	md := a.Metadata
	c := canonicalAssessment{Name: aws.ToString(md.Name), Description: aws.ToString(md.Description)}
	if md.Scope != nil {
		for _, acct := range md.Scope.AwsAccounts {
			c.Accounts = append(c.Accounts, aws.ToString(acct.Id))
		}
	}
	for _, r := range md.Roles {
		if r.RoleType == types.RoleTypeProcessOwner {
			c.Owners = append(c.Owners, aws.ToString(r.RoleArn))
		}
	}
	if md.AssessmentReportsDestination != nil {
		c.Destination = aws.ToString(md.AssessmentReportsDestination.Destination)
	}
	return existing(KindAssessment, region, key, aws.ToString(md.Id), aws.ToString(md.Name),
		a.Tags[TagHash], digest(c.normalize()))
}

// notFound reports whether err says the object does not exist.
func notFound(err error) bool {
	var nf *types.ResourceNotFoundException
	return err != nil && errors.As(err, &nf)
}
