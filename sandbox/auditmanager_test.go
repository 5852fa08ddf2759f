package sandbox

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
)

func configSource(name, keyword string) types.CreateControlMappingSource {
	return types.CreateControlMappingSource{
		SourceName:    aws.String(name),
		SourceType:    types.SourceTypeAwsConfig,
		SourceKeyword: &types.SourceKeyword{KeywordInputType: types.KeywordInputTypeSelectFromList, KeywordValue: aws.String(keyword)},
	}
}

func manualSource(name string) types.CreateControlMappingSource {
	return types.CreateControlMappingSource{
		SourceName:    aws.String(name),
		SourceType:    types.SourceTypeManual,
		SourceKeyword: &types.SourceKeyword{KeywordInputType: types.KeywordInputTypeUploadFile},
	}
}

func createControl(t *testing.T, am *auditmanager.Client, name string) *types.Control {
	t.Helper()
	out, err := am.CreateControl(ctx, &auditmanager.CreateControlInput{
		Name:                  aws.String(name),
		ControlMappingSources: []types.CreateControlMappingSource{configSource("ssh", "INCOMING_SSH_DISABLED")},
	})
	if err != nil {
		t.Fatalf("CreateControl %s: %v", name, err)
	}
	return out.Control
}

func TestControlRoundTrip(t *testing.T) {
	sb := startSandbox(t, Options{})
	am := sb.auditManager("eu-west-1")

	created, err := am.CreateControl(ctx, &auditmanager.CreateControlInput{
		Name:                   aws.String("HDS EXI 28 — données de santé dans l’EEE"),
		Description:            aws.String("Hébergement dans l’Espace économique européen"),
		TestingInformation:     aws.String("Vérifier les Régions"),
		ActionPlanTitle:        aws.String("Plan"),
		ActionPlanInstructions: aws.String("Déplacer les données"),
		ControlMappingSources:  []types.CreateControlMappingSource{configSource("ssh", "INCOMING_SSH_DISABLED"), manualSource("attestation")},
		Tags:                   map[string]string{"managed-by": "hdsctl"},
	})
	if err != nil {
		t.Fatalf("CreateControl: %v", err)
	}
	ctl := created.Control
	if ctl.Type != types.ControlTypeCustom || !strings.HasPrefix(*ctl.Arn, "arn:aws:auditmanager:eu-west-1:123456789012:control/") {
		t.Errorf("created control: type %s, arn %s", ctl.Type, *ctl.Arn)
	}
	if ctl.CreatedAt == nil || ctl.CreatedAt.IsZero() || len(ctl.ControlMappingSources) != 2 {
		t.Fatalf("created control lacks createdAt or sources: %+v", ctl)
	}
	if got := ctl.ControlMappingSources[1].SourceSetUpOption; got != types.SourceSetUpOptionProceduralControlsMapping {
		t.Errorf("manual source set-up option = %s, want Procedural_Controls_Mapping", got)
	}

	got, err := am.GetControl(ctx, &auditmanager.GetControlInput{ControlId: ctl.Id})
	if err != nil {
		t.Fatalf("GetControl: %v", err)
	}
	if *got.Control.Name != *ctl.Name || got.Control.Tags["managed-by"] != "hdsctl" {
		t.Errorf("GetControl = %q tags %v, want the created control", *got.Control.Name, got.Control.Tags)
	}

	updated, err := am.UpdateControl(ctx, &auditmanager.UpdateControlInput{
		ControlId: ctl.Id,
		Name:      aws.String("renamed"),
		ControlMappingSources: []types.ControlMappingSource{{
			SourceName:    aws.String("api"),
			SourceType:    types.SourceTypeAwsApiCall,
			SourceKeyword: &types.SourceKeyword{KeywordInputType: types.KeywordInputTypeSelectFromList, KeywordValue: aws.String("iam_GetAccountPasswordPolicy")},
		}},
	})
	if err != nil {
		t.Fatalf("UpdateControl: %v", err)
	}
	srcs := updated.Control.ControlMappingSources
	if len(srcs) != 1 || srcs[0].SourceType != types.SourceTypeAwsApiCall || srcs[0].SourceFrequency != types.SourceFrequencyDaily {
		t.Errorf("UpdateControl must replace the whole list of sources; got %+v", srcs)
	}
	if updated.Control.Description != nil {
		t.Errorf("UpdateControl without a description kept %q", *updated.Control.Description)
	}

	list, err := am.ListControls(ctx, &auditmanager.ListControlsInput{ControlType: types.ControlTypeCustom})
	if err != nil {
		t.Fatalf("ListControls: %v", err)
	}
	if len(list.ControlMetadataList) != 1 || *list.ControlMetadataList[0].Name != "renamed" {
		t.Errorf("ListControls Custom = %+v, want the one renamed control", list.ControlMetadataList)
	}

	if _, err := am.DeleteControl(ctx, &auditmanager.DeleteControlInput{ControlId: ctl.Id}); err != nil {
		t.Fatalf("DeleteControl: %v", err)
	}
	_, err = am.GetControl(ctx, &auditmanager.GetControlInput{ControlId: ctl.Id})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("GetControl after delete: got %v, want ResourceNotFoundException", err)
	}
}

func TestControlTags(t *testing.T) {
	sb := startSandbox(t, Options{})
	am := sb.auditManager("us-east-1")
	ctl := createControl(t, am, "tagged")

	if _, err := am.TagResource(ctx, &auditmanager.TagResourceInput{ResourceArn: ctl.Arn, Tags: map[string]string{"a": "1", "b": "2"}}); err != nil {
		t.Fatalf("TagResource: %v", err)
	}
	if _, err := am.UntagResource(ctx, &auditmanager.UntagResourceInput{ResourceArn: ctl.Arn, TagKeys: []string{"a"}}); err != nil {
		t.Fatalf("UntagResource: %v", err)
	}
	out, err := am.ListTagsForResource(ctx, &auditmanager.ListTagsForResourceInput{ResourceArn: ctl.Arn})
	if err != nil {
		t.Fatalf("ListTagsForResource: %v", err)
	}
	if len(out.Tags) != 1 || out.Tags["b"] != "2" {
		t.Errorf("tags = %v, want map[b:2]", out.Tags)
	}
	_, err = am.TagResource(ctx, &auditmanager.TagResourceInput{ResourceArn: ctl.Arn, Tags: map[string]string{"aws:owner": "x"}})
	var ve *types.ValidationException
	if !errors.As(err, &ve) {
		t.Errorf("a tag key starting with aws: gave %v, want ValidationException", err)
	}
	missing := strings.Replace(*ctl.Arn, (*ctl.Id)[:8], "00000000", 1)
	_, err = am.ListTagsForResource(ctx, &auditmanager.ListTagsForResourceInput{ResourceArn: &missing})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("tags of a missing control gave %v, want ResourceNotFoundException", err)
	}
}

func TestCreateControlValidation(t *testing.T) {
	sb := startSandbox(t, Options{})
	am := sb.auditManager("eu-central-1")
	valid := func() *auditmanager.CreateControlInput {
		return &auditmanager.CreateControlInput{
			Name:                  aws.String("valid"),
			ControlMappingSources: []types.CreateControlMappingSource{configSource("s", "INCOMING_SSH_DISABLED")},
		}
	}
	many := make([]types.CreateControlMappingSource, 101)
	for i := range many {
		many[i] = manualSource(fmt.Sprint(i))
	}
	tests := []struct {
		name   string
		change func(*auditmanager.CreateControlInput)
		field  string
	}{
		{"name too long", func(in *auditmanager.CreateControlInput) { in.Name = aws.String(strings.Repeat("n", 301)) }, "name"},
		{"name with backslash", func(in *auditmanager.CreateControlInput) { in.Name = aws.String(`a\b`) }, "name"},
		{"description too long", func(in *auditmanager.CreateControlInput) { in.Description = aws.String(strings.Repeat("d", 1001)) }, "description"},
		{"testing information too long", func(in *auditmanager.CreateControlInput) {
			in.TestingInformation = aws.String(strings.Repeat("t", 1001))
		}, "testingInformation"},
		{"action plan title too long", func(in *auditmanager.CreateControlInput) { in.ActionPlanTitle = aws.String(strings.Repeat("t", 301)) }, "actionPlanTitle"},
		{"no sources", func(in *auditmanager.CreateControlInput) {
			in.ControlMappingSources = []types.CreateControlMappingSource{}
		}, "controlMappingSources"},
		{"101 sources", func(in *auditmanager.CreateControlInput) { in.ControlMappingSources = many }, "controlMappingSources"},
		{"keyword with a comma", func(in *auditmanager.CreateControlInput) {
			in.ControlMappingSources = []types.CreateControlMappingSource{configSource("s", "A,B")}
		}, "controlMappingSources.1.member.sourceKeyword.keywordValue"},
		{"keyword of 101 characters", func(in *auditmanager.CreateControlInput) {
			in.ControlMappingSources = []types.CreateControlMappingSource{configSource("s", strings.Repeat("K", 101))}
		}, "controlMappingSources.1.member.sourceKeyword.keywordValue"},
		{"frequency on a Config source", func(in *auditmanager.CreateControlInput) {
			src := configSource("s", "INCOMING_SSH_DISABLED")
			src.SourceFrequency = types.SourceFrequencyDaily
			in.ControlMappingSources = []types.CreateControlMappingSource{src}
		}, "controlMappingSources.1.member.sourceFrequency"},
		{"automated source without keyword", func(in *auditmanager.CreateControlInput) {
			in.ControlMappingSources = []types.CreateControlMappingSource{{SourceName: aws.String("s"), SourceType: types.SourceTypeAwsSecurityHub}}
		}, "controlMappingSources.1.member.sourceKeyword"},
		{"reserved tag key", func(in *auditmanager.CreateControlInput) { in.Tags = map[string]string{"aws:x": "y"} }, "tags.key"},
		{"51 tags", func(in *auditmanager.CreateControlInput) {
			in.Tags = map[string]string{}
			for i := range 51 {
				in.Tags[fmt.Sprint("k", i)] = "v"
			}
		}, "tags"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid()
			tt.change(in)
			_, err := am.CreateControl(ctx, in)
			var ve *types.ValidationException
			if !errors.As(err, &ve) {
				t.Fatalf("got %v, want ValidationException", err)
			}
			if !slices.ContainsFunc(ve.Fields, func(f types.ValidationExceptionField) bool { return *f.Name == tt.field }) {
				t.Errorf("fields = %v, want one named %s", fieldNames(ve.Fields), tt.field)
			}
		})
	}
	if _, err := am.CreateControl(ctx, valid()); err != nil {
		t.Errorf("the valid control was refused: %v", err)
	}
}

func fieldNames(fields []types.ValidationExceptionField) []string {
	var out []string
	for _, f := range fields {
		out = append(out, *f.Name)
	}
	return out
}

func TestListControlsPaginates(t *testing.T) {
	sb := startSandbox(t, Options{})
	am := sb.auditManager("us-west-2")
	for i := range 25 {
		createControl(t, am, fmt.Sprint("c", i))
	}
	p := auditmanager.NewListControlsPaginator(am, &auditmanager.ListControlsInput{ControlType: types.ControlTypeCustom, MaxResults: aws.Int32(10)})
	pages, seen := 0, map[string]bool{}
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		pages++
		for _, m := range out.ControlMetadataList {
			seen[*m.Id] = true
		}
	}
	if pages != 3 || len(seen) != 25 {
		t.Errorf("got %d pages and %d controls, want 3 pages and 25 controls", pages, len(seen))
	}
	_, err := am.ListControls(ctx, &auditmanager.ListControlsInput{ControlType: types.ControlTypeCustom, MaxResults: aws.Int32(1001)})
	var ve *types.ValidationException
	if !errors.As(err, &ve) {
		t.Errorf("maxResults 1001 gave %v, want ValidationException", err)
	}
	_, err = am.ListControls(ctx, &auditmanager.ListControlsInput{ControlType: types.ControlTypeCustom, NextToken: aws.String("bm90IGEgdG9rZW4=")})
	if !errors.As(err, &ve) {
		t.Errorf("a foreign nextToken gave %v, want ValidationException", err)
	}
}

func TestQuotasOfControlsAndFrameworks(t *testing.T) {
	sb := startSandbox(t, Options{})
	am := sb.auditManager("eu-west-2")
	var ids []string
	for i := range maxCustomControls {
		ids = append(ids, *createControl(t, am, fmt.Sprint("c", i)).Id)
	}
	_, err := am.CreateControl(ctx, &auditmanager.CreateControlInput{
		Name:                  aws.String("one too many"),
		ControlMappingSources: []types.CreateControlMappingSource{manualSource("m")},
	})
	var qe *types.ServiceQuotaExceededException
	if !errors.As(err, &qe) {
		t.Fatalf("control 501 gave %v, want ServiceQuotaExceededException", err)
	}

	// Three sets holding all 500 controls make 1,500 controls in one framework.
	var sets []types.CreateAssessmentFrameworkControlSet
	for i := range 3 {
		set := types.CreateAssessmentFrameworkControlSet{Name: aws.String(fmt.Sprint("set ", i))}
		for _, id := range ids {
			set.Controls = append(set.Controls, types.CreateAssessmentFrameworkControl{Id: aws.String(id)})
		}
		sets = append(sets, set)
	}
	_, err = am.CreateAssessmentFramework(ctx, &auditmanager.CreateAssessmentFrameworkInput{Name: aws.String("too big"), ControlSets: sets})
	if !errors.As(err, &qe) {
		t.Fatalf("a framework of 1,500 controls gave %v, want ServiceQuotaExceededException", err)
	}

	small := []types.CreateAssessmentFrameworkControlSet{{Name: aws.String("s"), Controls: []types.CreateAssessmentFrameworkControl{{Id: aws.String(ids[0])}}}}
	for i := range maxCustomFrameworks {
		if _, err := am.CreateAssessmentFramework(ctx, &auditmanager.CreateAssessmentFrameworkInput{Name: aws.String(fmt.Sprint("f", i)), ControlSets: small}); err != nil {
			t.Fatalf("framework %d: %v", i, err)
		}
	}
	_, err = am.CreateAssessmentFramework(ctx, &auditmanager.CreateAssessmentFrameworkInput{Name: aws.String("f101"), ControlSets: small})
	if !errors.As(err, &qe) {
		t.Errorf("framework 101 gave %v, want ServiceQuotaExceededException", err)
	}
}

func TestFrameworkRoundTrip(t *testing.T) {
	sb := startSandbox(t, Options{})
	am := sb.auditManager("eu-west-1")
	a, b := createControl(t, am, "a"), createControl(t, am, "b")

	created, err := am.CreateAssessmentFramework(ctx, &auditmanager.CreateAssessmentFrameworkInput{
		Name:           aws.String("HDS v2"),
		ComplianceType: aws.String("HDS"),
		ControlSets: []types.CreateAssessmentFrameworkControlSet{
			{Name: aws.String("Exigences"), Controls: []types.CreateAssessmentFrameworkControl{{Id: a.Id}, {Id: b.Id}}},
			{Name: aws.String("ISO 27001"), Controls: []types.CreateAssessmentFrameworkControl{{Id: b.Id}}},
		},
		Tags: map[string]string{"managed-by": "hdsctl"},
	})
	if err != nil {
		t.Fatalf("CreateAssessmentFramework: %v", err)
	}
	fw := created.Framework
	got, err := am.GetAssessmentFramework(ctx, &auditmanager.GetAssessmentFrameworkInput{FrameworkId: fw.Id})
	if err != nil {
		t.Fatalf("GetAssessmentFramework: %v", err)
	}
	sets := got.Framework.ControlSets
	if len(sets) != 2 || len(sets[0].Controls) != 2 || *sets[0].Controls[0].Name != "a" || len(sets[0].Controls[0].ControlMappingSources) != 1 {
		t.Fatalf("GetAssessmentFramework must return the full controls of each set; got %+v", sets)
	}

	_, err = am.UpdateAssessmentFramework(ctx, &auditmanager.UpdateAssessmentFrameworkInput{
		FrameworkId: fw.Id,
		Name:        aws.String("HDS v2.1"),
		ControlSets: []types.UpdateAssessmentFrameworkControlSet{
			{Id: sets[0].Id, Name: aws.String("Exigences"), Controls: []types.CreateAssessmentFrameworkControl{{Id: a.Id}}},
		},
	})
	if err != nil {
		t.Fatalf("UpdateAssessmentFramework: %v", err)
	}
	if _, err := am.DeleteControl(ctx, &auditmanager.DeleteControlInput{ControlId: a.Id}); err != nil {
		t.Fatalf("DeleteControl: %v", err)
	}
	got, err = am.GetAssessmentFramework(ctx, &auditmanager.GetAssessmentFrameworkInput{FrameworkId: fw.Id})
	if err != nil {
		t.Fatalf("GetAssessmentFramework: %v", err)
	}
	if *got.Framework.Name != "HDS v2.1" || len(got.Framework.ControlSets) != 1 || *got.Framework.ControlSets[0].Id != *sets[0].Id {
		t.Errorf("after update: %+v", got.Framework)
	}
	if n := len(got.Framework.ControlSets[0].Controls); n != 0 {
		t.Errorf("DeleteControl must remove the control from the framework; %d controls left", n)
	}

	list, err := am.ListAssessmentFrameworks(ctx, &auditmanager.ListAssessmentFrameworksInput{FrameworkType: types.FrameworkTypeCustom})
	if err != nil || len(list.FrameworkMetadataList) != 1 || list.FrameworkMetadataList[0].ControlSetsCount != 1 {
		t.Errorf("ListAssessmentFrameworks Custom = %+v, %v", list, err)
	}
	if _, err := am.DeleteAssessmentFramework(ctx, &auditmanager.DeleteAssessmentFrameworkInput{FrameworkId: fw.Id}); err != nil {
		t.Fatalf("DeleteAssessmentFramework: %v", err)
	}
}

func TestFrameworkValidation(t *testing.T) {
	sb := startSandbox(t, Options{})
	am := sb.auditManager("eu-west-1")
	ctl := createControl(t, am, "c")
	set := func(name, id string) []types.CreateAssessmentFrameworkControlSet {
		return []types.CreateAssessmentFrameworkControlSet{{Name: aws.String(name), Controls: []types.CreateAssessmentFrameworkControl{{Id: aws.String(id)}}}}
	}
	_, err := am.CreateAssessmentFramework(ctx, &auditmanager.CreateAssessmentFrameworkInput{Name: aws.String("f"), ControlSets: set("EXI_01", *ctl.Id)})
	var ve *types.ValidationException
	if !errors.As(err, &ve) {
		t.Errorf("a control set name with an underscore gave %v, want ValidationException", err)
	}
	_, err = am.CreateAssessmentFramework(ctx, &auditmanager.CreateAssessmentFrameworkInput{Name: aws.String("f"), ControlSets: set("EXI 01", "00000000-0000-4000-8000-000000000000")})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("an unknown control gave %v, want ResourceNotFoundException", err)
	}
}

func TestStandardResourcesAreSeededAndImmutable(t *testing.T) {
	sb := startSandbox(t, Options{})
	am := sb.auditManager("ca-central-1")
	controls, err := am.ListControls(ctx, &auditmanager.ListControlsInput{ControlType: types.ControlTypeStandard})
	if err != nil {
		t.Fatalf("ListControls Standard: %v", err)
	}
	if len(controls.ControlMetadataList) != len(seedControls) {
		t.Fatalf("%d standard controls, want %d", len(controls.ControlMetadataList), len(seedControls))
	}
	frameworks, err := am.ListAssessmentFrameworks(ctx, &auditmanager.ListAssessmentFrameworksInput{FrameworkType: types.FrameworkTypeStandard})
	if err != nil || len(frameworks.FrameworkMetadataList) != 1 {
		t.Fatalf("ListAssessmentFrameworks Standard = %+v, %v", frameworks, err)
	}
	id := controls.ControlMetadataList[0].Id
	_, err = am.UpdateControl(ctx, &auditmanager.UpdateControlInput{ControlId: id, Name: aws.String("x"),
		ControlMappingSources: []types.ControlMappingSource{{SourceName: aws.String("m"), SourceType: types.SourceTypeManual}}})
	var ve *types.ValidationException
	if !errors.As(err, &ve) {
		t.Errorf("UpdateControl on a standard control gave %v, want ValidationException", err)
	}
	if _, err := am.DeleteAssessmentFramework(ctx, &auditmanager.DeleteAssessmentFrameworkInput{FrameworkId: frameworks.FrameworkMetadataList[0].Id}); !errors.As(err, &ve) {
		t.Errorf("DeleteAssessmentFramework on a standard framework gave %v, want ValidationException", err)
	}
	// A standard control can be part of a custom framework.
	if _, err := am.CreateAssessmentFramework(ctx, &auditmanager.CreateAssessmentFrameworkInput{Name: aws.String("mixed"),
		ControlSets: []types.CreateAssessmentFrameworkControlSet{{Name: aws.String("s"), Controls: []types.CreateAssessmentFrameworkControl{{Id: id}}}}}); err != nil {
		t.Errorf("a framework of a standard control was refused: %v", err)
	}
}

func TestAssessmentRoundTrip(t *testing.T) {
	sb := startSandbox(t, Options{})
	am := sb.auditManager("eu-west-1")
	ctl := createControl(t, am, "c")
	fw, err := am.CreateAssessmentFramework(ctx, &auditmanager.CreateAssessmentFrameworkInput{Name: aws.String("f"),
		ControlSets: []types.CreateAssessmentFrameworkControlSet{{Name: aws.String("set"), Controls: []types.CreateAssessmentFrameworkControl{{Id: ctl.Id}}}}})
	if err != nil {
		t.Fatal(err)
	}
	in := &auditmanager.CreateAssessmentInput{
		Name:                         aws.String("HDS 2026"),
		FrameworkId:                  fw.Framework.Id,
		AssessmentReportsDestination: &types.AssessmentReportsDestination{DestinationType: types.AssessmentReportDestinationTypeS3, Destination: aws.String("s3://hds-reports")},
		//lint:ignore SA1019 the test proves the sandbox ignores the services in scope, as AWS does
		Scope: &types.Scope{AwsAccounts: []types.AWSAccount{{Id: aws.String("123456789012")}}, AwsServices: []types.AWSService{{ServiceName: aws.String("s3")}}},
		Roles: []types.Role{{RoleType: types.RoleTypeProcessOwner, RoleArn: aws.String("arn:aws:iam::123456789012:role/Auditor")}},
		Tags:  map[string]string{"managed-by": "hdsctl"},
	}
	created, err := am.CreateAssessment(ctx, in)
	if err != nil {
		t.Fatalf("CreateAssessment: %v", err)
	}
	a := created.Assessment
	//lint:ignore SA1019 the services in scope must come back empty, as from AWS
	services := a.Metadata.Scope.AwsServices
	if *a.Metadata.Name != "HDS 2026" || len(a.Framework.ControlSets) != 1 || len(a.Framework.ControlSets[0].Controls) != 1 || len(services) != 0 {
		t.Errorf("created assessment: %+v", a.Metadata)
	}
	in.Roles = []types.Role{{RoleType: types.RoleTypeResourceOwner, RoleArn: aws.String("arn:aws:iam::123456789012:role/Auditor")}}
	var ve *types.ValidationException
	if _, err := am.CreateAssessment(ctx, in); !errors.As(err, &ve) {
		t.Errorf("a RESOURCE_OWNER role in CreateAssessment gave %v, want ValidationException", err)
	}
	if _, err := am.UpdateAssessment(ctx, &auditmanager.UpdateAssessmentInput{AssessmentId: a.Metadata.Id, AssessmentName: aws.String("HDS 2027"), Scope: &types.Scope{}}); err != nil {
		t.Fatalf("UpdateAssessment: %v", err)
	}
	got, err := am.GetAssessment(ctx, &auditmanager.GetAssessmentInput{AssessmentId: a.Metadata.Id})
	if err != nil || *got.Assessment.Metadata.Name != "HDS 2027" {
		t.Fatalf("GetAssessment = %v, %v", got, err)
	}
	list, err := am.ListAssessments(ctx, &auditmanager.ListAssessmentsInput{})
	if err != nil || len(list.AssessmentMetadata) != 1 {
		t.Fatalf("ListAssessments = %+v, %v", list, err)
	}
	// Deleting the framework leaves the assessment its own copy.
	if _, err := am.DeleteAssessmentFramework(ctx, &auditmanager.DeleteAssessmentFrameworkInput{FrameworkId: fw.Framework.Id}); err != nil {
		t.Fatalf("DeleteAssessmentFramework used by an assessment: %v", err)
	}
	if _, err := am.DeleteAssessment(ctx, &auditmanager.DeleteAssessmentInput{AssessmentId: a.Metadata.Id}); err != nil {
		t.Fatalf("DeleteAssessment: %v", err)
	}
}

func TestListKeywordsForDataSource(t *testing.T) {
	sb := startSandbox(t, Options{})
	am := sb.auditManager("eu-west-1")
	count := func(source types.DataSourceType) []string {
		var all []string
		p := auditmanager.NewListKeywordsForDataSourcePaginator(am, &auditmanager.ListKeywordsForDataSourceInput{Source: source, MaxResults: aws.Int32(100)})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("ListKeywordsForDataSource %s: %v", source, err)
			}
			all = append(all, out.Keywords...)
		}
		return all
	}
	cfg := count(types.DataSourceTypeAwsConfig)
	if len(cfg) != 326 || !slices.Contains(cfg, "INCOMING_SSH_DISABLED") || slices.Contains(cfg, "restricted-ssh") {
		t.Errorf("AWS_Config: %d keywords, want the 326 identifiers Audit Manager supports", len(cfg))
	}
	if hub := count(types.DataSourceTypeAwsSecurityHub); !slices.Contains(hub, "S3.1") {
		t.Errorf("AWS_Security_Hub keywords lack S3.1: %d keywords", len(hub))
	}
	if api := count(types.DataSourceTypeAwsApiCall); !slices.Contains(api, "iam_GetAccountPasswordPolicy") {
		t.Errorf("AWS_API_Call keywords lack iam_GetAccountPasswordPolicy")
	}
}

func TestGetSettings(t *testing.T) {
	sb := startSandbox(t, Options{})
	out, err := sb.auditManager("eu-west-1").GetSettings(ctx, &auditmanager.GetSettingsInput{Attribute: types.SettingAttributeAll})
	if err != nil || out.Settings == nil || *out.Settings.KmsKey != "DEFAULT" {
		t.Errorf("GetSettings ALL = %+v, %v", out, err)
	}
}

func TestInactiveAccountIsDenied(t *testing.T) {
	sb := startSandbox(t, Options{AccountStatus: "INACTIVE"})
	am := sb.auditManager("eu-west-1")
	status, err := am.GetAccountStatus(ctx, &auditmanager.GetAccountStatusInput{})
	if err != nil || status.Status != types.AccountStatusInactive {
		t.Fatalf("GetAccountStatus = %v, %v; want INACTIVE", status, err)
	}
	_, err = am.ListControls(ctx, &auditmanager.ListControlsInput{ControlType: types.ControlTypeCustom})
	var ad *types.AccessDeniedException
	if !errors.As(err, &ad) {
		t.Errorf("ListControls on an inactive account gave %v, want AccessDeniedException", err)
	}
	if err := sb.SetAccountStatus(DefaultAccountID, "ACTIVE"); err != nil {
		t.Fatal(err)
	}
	if _, err := am.ListControls(ctx, &auditmanager.ListControlsInput{ControlType: types.ControlTypeCustom}); err != nil {
		t.Errorf("ListControls once ACTIVE: %v", err)
	}
}

func TestUnsupportedRegionFailsLikeAnUnknownEndpoint(t *testing.T) {
	sb := startSandbox(t, Options{})
	cfg := clientConfig(sb.URL, "eu-west-3", "AKIATEST")
	cfg.Retryer = standardRetryer(3)
	_, err := auditmanager.NewFromConfig(cfg).GetAccountStatus(ctx, &auditmanager.GetAccountStatusInput{})
	if errorCode(err) != "UnknownEndpoint" || !strings.Contains(err.Error(), "eu-west-3") {
		t.Fatalf("eu-west-3 gave %v, want UnknownEndpoint", err)
	}
	if n := sb.Stats().Operations["auditmanager.GetAccountStatus"].Requests; n != 1 {
		t.Errorf("the SDK sent %d requests, want 1 (the failure must not be retried)", n)
	}
}
