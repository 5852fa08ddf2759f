package auditmanager

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"

	"github.com/hdsctl/hdsctl/deploy"
)

// adoptingHash is the hash tag of an object being taken over, between the
// call that tags it as hdsctl's and the one that writes its content: it
// matches no content, so that the next plan updates the object if the run
// stops in between.
const adoptingHash = "adopting"

// Apply carries out one change with the API's create, update and delete
// operations. Updates use UpdateControl, UpdateAssessmentFramework and
// UpdateAssessment, so that the objects keep their IDs and whatever refers
// to them, then record the new content hash with TagResource; a run
// stopped between the two is recognised by the next plan, which compares
// the content read from AWS with the desired content. Deleting an object
// already gone succeeds.
func (t *Target) Apply(ctx context.Context, ch deploy.Change, ids deploy.IDs) (string, error) {
	c, ok := t.clients[ch.Region]
	if !ok {
		return "", fmt.Errorf("%s %s: no client for Region %q", ch.Kind, ch.Key, ch.Region)
	}
	switch ch.Kind {
	case KindControl:
		return t.applyControl(ctx, c, ch)
	case KindFramework:
		return t.applyFramework(ctx, c, ch, ids)
	case KindAssessment:
		return t.applyAssessment(ctx, c, ch, ids)
	}
	return "", fmt.Errorf("unknown kind %q", ch.Kind)
}

// deleted is the outcome of a delete: an object already gone is deleted.
func deleted(ch deploy.Change, what string, err error) (string, error) {
	if err != nil && !notFound(err) {
		return "", explain(err, what)
	}
	return ch.ID, nil
}

func (t *Target) applyControl(ctx context.Context, c *auditmanager.Client, ch deploy.Change) (string, error) {
	what := fmt.Sprintf("%s control %s in %s", verb(ch.Action), ch.Key, ch.Region)
	if ch.Action == deploy.Delete {
		_, err := c.DeleteControl(ctx, &auditmanager.DeleteControlInput{ControlId: &ch.ID})
		return deleted(ch, what, err)
	}
	s := ch.Desired.Spec.(*controlSpec)
	tags := ownTags(s.FrameworkID, ch.Key, ch.Desired.Hash, s.Lang, s.Tags)
	if ch.Action == deploy.Create {
		out, err := c.CreateControl(ctx, &auditmanager.CreateControlInput{
			Name:                   aws.String(s.Name),
			Description:            optional(s.Description),
			TestingInformation:     optional(s.TestingInformation),
			ActionPlanTitle:        optional(s.ActionPlanTitle),
			ActionPlanInstructions: optional(s.ActionPlanInstructions),
			ControlMappingSources:  createSources(s.Sources),
			Tags:                   tags,
		})
		if err != nil {
			return "", explain(err, what)
		}
		t.rememberARN(out.Control.Id, out.Control.Arn)
		return aws.ToString(out.Control.Id), nil
	}

	if ch.Adopt {
		adopting := ownTags(s.FrameworkID, ch.Key, adoptingHash, s.Lang, s.Tags)
		if err := t.tag(ctx, c, ch.ID, adopting, what); err != nil {
			return "", err
		}
	}
	out, err := c.UpdateControl(ctx, &auditmanager.UpdateControlInput{
		ControlId:              aws.String(ch.ID),
		Name:                   aws.String(s.Name),
		Description:            optional(s.Description),
		TestingInformation:     optional(s.TestingInformation),
		ActionPlanTitle:        optional(s.ActionPlanTitle),
		ActionPlanInstructions: optional(s.ActionPlanInstructions),
		ControlMappingSources:  updateSources(s.Sources),
	})
	if err != nil {
		return "", explain(err, what)
	}
	t.rememberARN(out.Control.Id, out.Control.Arn)
	return ch.ID, t.tag(ctx, c, ch.ID, tags, what)
}

func (t *Target) applyFramework(ctx context.Context, c *auditmanager.Client, ch deploy.Change,
	ids deploy.IDs) (string, error) {
	what := fmt.Sprintf("%s framework %s in %s", verb(ch.Action), ch.Key, ch.Region)
	if ch.Action == deploy.Delete {
		_, err := c.DeleteAssessmentFramework(ctx, &auditmanager.DeleteAssessmentFrameworkInput{FrameworkId: &ch.ID})
		return deleted(ch, what, err)
	}
	s := ch.Desired.Spec.(*frameworkSpec)
	tags := ownTags(s.FrameworkID, ch.Key, ch.Desired.Hash, s.Lang, s.Tags)
	var sets [][]types.CreateAssessmentFrameworkControl
	for _, set := range s.Sets {
		var controls []types.CreateAssessmentFrameworkControl
		for _, key := range set.Keys {
			id, ok := ids.Lookup(KindControl, ch.Region, key)
			if !ok {
				return "", fmt.Errorf("%s: %w", what, deploy.MissingID(KindControl, key))
			}
			controls = append(controls, types.CreateAssessmentFrameworkControl{Id: aws.String(id)})
		}
		sets = append(sets, controls)
	}

	if ch.Action == deploy.Create {
		in := &auditmanager.CreateAssessmentFrameworkInput{
			Name:           aws.String(s.Name),
			Description:    optional(s.Description),
			ComplianceType: optional(s.ComplianceType),
			Tags:           tags,
		}
		for i, set := range s.Sets {
			in.ControlSets = append(in.ControlSets, types.CreateAssessmentFrameworkControlSet{
				Name: aws.String(set.Name), Controls: sets[i]})
		}
		out, err := c.CreateAssessmentFramework(ctx, in)
		if err != nil {
			return "", explain(err, what)
		}
		t.rememberARN(out.Framework.Id, out.Framework.Arn)
		return aws.ToString(out.Framework.Id), nil
	}

	if ch.Adopt {
		adopting := ownTags(s.FrameworkID, ch.Key, adoptingHash, s.Lang, s.Tags)
		if err := t.tag(ctx, c, ch.ID, adopting, what); err != nil {
			return "", err
		}
	}
	in := &auditmanager.UpdateAssessmentFrameworkInput{
		FrameworkId:    aws.String(ch.ID),
		Name:           aws.String(s.Name),
		Description:    optional(s.Description),
		ComplianceType: optional(s.ComplianceType),
	}
	for i, set := range s.Sets {
		in.ControlSets = append(in.ControlSets, types.UpdateAssessmentFrameworkControlSet{
			Id: t.setID(ch.ID, set.Name), Name: aws.String(set.Name), Controls: sets[i]})
	}
	out, err := c.UpdateAssessmentFramework(ctx, in)
	if err != nil {
		return "", explain(err, what)
	}
	t.rememberARN(out.Framework.Id, out.Framework.Arn)
	return ch.ID, t.tag(ctx, c, ch.ID, tags, what)
}

func (t *Target) applyAssessment(ctx context.Context, c *auditmanager.Client, ch deploy.Change,
	ids deploy.IDs) (string, error) {
	what := fmt.Sprintf("%s assessment %q in %s", verb(ch.Action), ch.Name, ch.Region)
	if ch.Action == deploy.Delete {
		_, err := c.DeleteAssessment(ctx, &auditmanager.DeleteAssessmentInput{AssessmentId: &ch.ID})
		return deleted(ch, what, err)
	}
	s := ch.Desired.Spec.(*assessmentSpec)
	if len(s.Accounts) == 0 {
		return "", fmt.Errorf("%s: no account in scope", what)
	}
	scope := &types.Scope{}
	for _, a := range s.Accounts {
		scope.AwsAccounts = append(scope.AwsAccounts, types.AWSAccount{Id: aws.String(a)})
	}
	var roles []types.Role
	for _, arn := range s.Owners {
		roles = append(roles, types.Role{RoleType: types.RoleTypeProcessOwner, RoleArn: aws.String(arn)})
	}
	dest := &types.AssessmentReportsDestination{DestinationType: types.AssessmentReportDestinationTypeS3,
		Destination: aws.String(s.Destination)}
	tags := ownTags(s.FrameworkID, ch.Key, ch.Desired.Hash, s.Lang, s.Tags)

	if ch.Action == deploy.Create {
		fwID, ok := ids.Lookup(KindFramework, ch.Region, s.FrameworkID)
		if !ok {
			return "", fmt.Errorf("%s: %w", what, deploy.MissingID(KindFramework, s.FrameworkID))
		}
		out, err := c.CreateAssessment(ctx, &auditmanager.CreateAssessmentInput{
			Name:                         aws.String(s.Name),
			Description:                  optional(s.Description),
			FrameworkId:                  aws.String(fwID),
			Scope:                        scope,
			Roles:                        roles,
			AssessmentReportsDestination: dest,
			Tags:                         tags,
		})
		if err != nil {
			return "", explain(err, what)
		}
		t.rememberARN(out.Assessment.Metadata.Id, out.Assessment.Arn)
		return aws.ToString(out.Assessment.Metadata.Id), nil
	}
	out, err := c.UpdateAssessment(ctx, &auditmanager.UpdateAssessmentInput{
		AssessmentId:                 aws.String(ch.ID),
		AssessmentName:               aws.String(s.Name),
		AssessmentDescription:        optional(s.Description),
		Scope:                        scope,
		Roles:                        roles,
		AssessmentReportsDestination: dest,
	})
	if err != nil {
		return "", explain(err, what)
	}
	t.rememberARN(out.Assessment.Metadata.Id, out.Assessment.Arn)
	return ch.ID, t.tag(ctx, c, ch.ID, tags, what)
}

// tag sets tags on the object with AWS ID id, whose ARN a read or a write
// of this run learnt.
func (t *Target) tag(ctx context.Context, c *auditmanager.Client, id string, tags map[string]string,
	what string) error {
	arn := t.arn(id)
	if arn == "" {
		return fmt.Errorf("%s: the ARN of %s is unknown; run the command again", what, id)
	}
	in := &auditmanager.TagResourceInput{ResourceArn: aws.String(arn), Tags: tags}
	if _, err := c.TagResource(ctx, in); err != nil {
		return explain(err, what+": recording its tags")
	}
	return nil
}

// Find looks for the object a create may have made although its call
// failed: an object of the change's kind and name whose tags say it is
// hdsctl's, with the change's key.
func (t *Target) Find(ctx context.Context, ch deploy.Change) (string, bool, error) {
	c, ok := t.readers[ch.Region]
	if !ok {
		return "", false, nil
	}
	f := &finder{s: &scan{t: t, c: c, region: ch.Region}, ch: ch, fwID: frameworkIDOf(ch)}
	switch ch.Kind {
	case KindControl:
		return f.control(ctx)
	case KindFramework:
		return f.framework(ctx)
	case KindAssessment:
		return f.assessment(ctx)
	}
	return "", false, nil
}

// finder looks for the object of one create.
type finder struct {
	s    *scan
	ch   deploy.Change
	fwID string
}

func (f *finder) match(tags map[string]string) bool {
	key, ok := owned(tags, f.fwID)
	return ok && key == f.ch.Key
}

func (f *finder) control(ctx context.Context) (string, bool, error) {
	p := auditmanager.NewListControlsPaginator(f.s.c, &auditmanager.ListControlsInput{
		ControlType: types.ControlTypeCustom, MaxResults: aws.Int32(pageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return "", false, explain(err, "looking for control "+f.ch.Key)
		}
		for _, m := range page.ControlMetadataList {
			if aws.ToString(m.Name) != f.ch.Name {
				continue
			}
			ctl, err := f.s.getControl(ctx, aws.ToString(m.Id))
			if err != nil {
				return "", false, err
			}
			if ctl != nil && f.match(ctl.Tags) {
				return aws.ToString(ctl.Id), true, nil
			}
		}
	}
	return "", false, nil
}

func (f *finder) framework(ctx context.Context) (string, bool, error) {
	p := auditmanager.NewListAssessmentFrameworksPaginator(f.s.c, &auditmanager.ListAssessmentFrameworksInput{
		FrameworkType: types.FrameworkTypeCustom, MaxResults: aws.Int32(pageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return "", false, explain(err, "looking for framework "+f.ch.Key)
		}
		for _, m := range page.FrameworkMetadataList {
			if aws.ToString(m.Name) != f.ch.Name {
				continue
			}
			fw, err := f.s.getFramework(ctx, aws.ToString(m.Id))
			if err != nil {
				return "", false, err
			}
			if fw != nil && f.match(fw.Tags) {
				return aws.ToString(fw.Id), true, nil
			}
		}
	}
	return "", false, nil
}

func (f *finder) assessment(ctx context.Context) (string, bool, error) {
	p := auditmanager.NewListAssessmentsPaginator(f.s.c, &auditmanager.ListAssessmentsInput{
		MaxResults: aws.Int32(pageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return "", false, explain(err, "looking for assessment "+f.ch.Name)
		}
		for _, m := range page.AssessmentMetadata {
			if aws.ToString(m.Name) != f.ch.Name {
				continue
			}
			out, err := f.s.c.GetAssessment(ctx, &auditmanager.GetAssessmentInput{AssessmentId: m.Id})
			if notFound(err) {
				continue
			}
			if err != nil {
				return "", false, explain(err, "looking for assessment "+f.ch.Name)
			}
			if f.match(out.Assessment.Tags) {
				f.s.t.rememberARN(m.Id, out.Assessment.Arn)
				return aws.ToString(m.Id), true, nil
			}
		}
	}
	return "", false, nil
}

// frameworkIDOf returns the framework ID a change's object belongs to.
func frameworkIDOf(ch deploy.Change) string {
	if ch.Desired != nil {
		switch s := ch.Desired.Spec.(type) {
		case *controlSpec:
			return s.FrameworkID
		case *frameworkSpec:
			return s.FrameworkID
		case *assessmentSpec:
			return s.FrameworkID
		}
	}
	return ch.Key
}

func createSources(srcs []sourceSpec) []types.CreateControlMappingSource {
	out := make([]types.CreateControlMappingSource, len(srcs))
	for i, s := range srcs {
		out[i] = types.CreateControlMappingSource{
			SourceName:        aws.String(s.Name),
			SourceDescription: optional(s.Description),
			SourceType:        types.SourceType(s.Type),
			SourceSetUpOption: setUpOption(s.Type),
			SourceFrequency:   types.SourceFrequency(s.Frequency),
			SourceKeyword:     keyword(s),
		}
	}
	return out
}

func updateSources(srcs []sourceSpec) []types.ControlMappingSource {
	out := make([]types.ControlMappingSource, len(srcs))
	for i, s := range srcs {
		out[i] = types.ControlMappingSource{
			SourceName:        aws.String(s.Name),
			SourceDescription: optional(s.Description),
			SourceType:        types.SourceType(s.Type),
			SourceSetUpOption: setUpOption(s.Type),
			SourceFrequency:   types.SourceFrequency(s.Frequency),
			SourceKeyword:     keyword(s),
		}
	}
	return out
}

func setUpOption(sourceType string) types.SourceSetUpOption {
	if sourceType == string(types.SourceTypeManual) {
		return types.SourceSetUpOptionProceduralControlsMapping
	}
	return types.SourceSetUpOptionSystemControlsMapping
}

func keyword(s sourceSpec) *types.SourceKeyword {
	if s.Type == string(types.SourceTypeManual) {
		return nil
	}
	return &types.SourceKeyword{KeywordInputType: types.KeywordInputTypeSelectFromList,
		KeywordValue: aws.String(s.Keyword)}
}

// optional returns nil for an empty text, which Audit Manager takes as
// absent.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

func verb(a deploy.Action) string {
	switch a {
	case deploy.Create:
		return "creating"
	case deploy.Update:
		return "updating"
	case deploy.Delete:
		return "deleting"
	}
	return string(a)
}
