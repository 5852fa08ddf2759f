package auditmanager

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/hdsctl/hdsctl/deploy"
	"github.com/hdsctl/hdsctl/framework"
)

// SampleOutput is the output file of the Node.js sample
// (github.com/aws-samples/audit-manager-custom-security-frameworks). After
// deploying, its create_framework.js writes
// out/<directory>-<framework>-framework_output.json, and delete_framework.js
// reads it back to delete what it lists:
//
//	{"security_framework_control_set": [
//	   {"name": "ANS-PPHD", "controls": [{"id": "<control UUID>", "name": "<control name>"}]}],
//	 "framework_id": "<framework UUID>",
//	 "framework_name": "AWS HDS"}
//
// Controls whose creation failed are missing from it; the framework ID is
// missing when the framework's creation failed.
type SampleOutput struct {
	ControlSets []SampleControlSet `json:"security_framework_control_set"`
	// FrameworkID and FrameworkName describe the framework the sample
	// created.
	FrameworkID   string `json:"framework_id"`
	FrameworkName string `json:"framework_name"`
	// Path is the file the output was read from.
	Path string `json:"-"`
}

// SampleControlSet is one control set of a SampleOutput.
type SampleControlSet struct {
	Name     string          `json:"name"`
	Controls []SampleControl `json:"controls"`
}

// SampleControl is one control the sample created.
type SampleControl struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

var uuidRe = regexp.MustCompile(`^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$`)

// ReadSampleOutput reads and checks the sample's output file, reporting
// every problem at once. It makes no AWS call.
func ReadSampleOutput(path string) (*SampleOutput, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the sample's output file: %w", err)
	}
	return ParseSampleOutput(path, data)
}

// ParseSampleOutput reads the sample's output file from data, as
// ReadSampleOutput does; path names the file in errors.
func ParseSampleOutput(path string, data []byte) (*SampleOutput, error) {
	var out SampleOutput
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("%s: not an output file of the Node.js sample "+
			"(out/<directory>-<framework>-framework_output.json): %v", path, err)
	}
	out.Path = path
	var problems []string
	if out.FrameworkID != "" && !uuidRe.MatchString(out.FrameworkID) {
		problems = append(problems, fmt.Sprintf("framework_id %q is not an Audit Manager ID",
			out.FrameworkID))
	}
	n := 0
	for _, set := range out.ControlSets {
		for _, c := range set.Controls {
			n++
			if !uuidRe.MatchString(c.ID) {
				problems = append(problems, fmt.Sprintf("control %q of set %q has ID %q, which is not an Audit Manager ID",
					c.Name, set.Name, c.ID))
			}
		}
	}
	if n == 0 && out.FrameworkID == "" {
		problems = append(problems, "it lists no control and no framework")
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s: %s", path, strings.Join(problems, "; "))
	}
	return &out, nil
}

// AdoptError lists the objects of the sample's output file that cannot be
// taken over because they do not match the framework by name.
type AdoptError struct {
	Path     string
	Problems []string
}

// Error lists the mismatches and says how to resolve them.
func (e *AdoptError) Error() string {
	return fmt.Sprintf("adopting from %s: %s; deploy the same framework folder the sample deployed, "+
		"or remove those entries from the file", e.Path, strings.Join(e.Problems, "; "))
}

// adopt adds the sample's objects that hdsctl does not own yet, after
// checking that each still has the name the file gives it and that the
// framework has an object of that name. Objects gone from AWS are skipped:
// the plan creates them again.
func (s *scan) adopt(ctx context.Context) error {
	a := s.t.opts.Adopt
	keyByName := map[string]string{}
	for _, c := range s.fw.Controls() {
		for _, l := range []string{framework.French, framework.English} {
			keyByName[c.Name.Get(l)] = c.ID
		}
	}
	var problems []string
	for _, set := range a.ControlSets {
		for _, sc := range set.Controls {
			if s.seen[sc.ID] {
				continue
			}
			ctl, err := s.getControl(ctx, sc.ID)
			if err != nil {
				return err
			}
			if ctl == nil {
				continue
			}
			name := aws.ToString(ctl.Name)
			if key, ok := owned(ctl.Tags, s.fw.ID); ok {
				s.seen[sc.ID] = true
				s.out = append(s.out, existingControl(s.region, key, ctl))
				continue
			}
			key, ok := keyByName[name]
			switch {
			case name != sc.Name:
				problems = append(problems, fmt.Sprintf("control %s is named %q in AWS, not %q",
					sc.ID, name, sc.Name))
				continue
			case !ok:
				problems = append(problems, fmt.Sprintf("control %s (%q) matches no control of %s by name",
					sc.ID, name, s.fw.ID))
				continue
			}
			s.seen[sc.ID] = true
			e := existingControl(s.region, key, ctl)
			e.Hash, e.Drifted, e.Adopt = "", false, true
			s.out = append(s.out, e)
		}
	}
	if err := s.adoptFramework(ctx, a, &problems); err != nil {
		return err
	}
	if len(problems) > 0 {
		return &AdoptError{Path: a.Path, Problems: problems}
	}
	return nil
}

func (s *scan) adoptFramework(ctx context.Context, a *SampleOutput, problems *[]string) error {
	if a.FrameworkID == "" {
		return nil
	}
	for _, e := range s.out {
		if e.Kind == KindFramework && e.ID == a.FrameworkID {
			return nil
		}
	}
	f, err := s.getFramework(ctx, a.FrameworkID)
	if err != nil || f == nil {
		return err
	}
	name := aws.ToString(f.Name)
	switch {
	case name != a.FrameworkName:
		*problems = append(*problems, fmt.Sprintf("framework %s is named %q in AWS, not %q",
			a.FrameworkID, name, a.FrameworkName))
		return nil
	case !s.names.framework[name]:
		*problems = append(*problems, fmt.Sprintf("framework %s (%q) is not named like %s",
			a.FrameworkID, name, s.fw.ID))
		return nil
	}
	s.out = append(s.out, existingFrameworkToAdopt(s.region, s.fw.ID, f.Id, f.Name))
	return nil
}

// existingFrameworkToAdopt describes the sample's framework, to be taken
// over.
func existingFrameworkToAdopt(region, fwID string, id, name *string) deploy.Existing {
	return deploy.Existing{Kind: KindFramework, Key: fwID, Name: aws.ToString(name), Region: region,
		Phase: phaseFramework, ID: aws.ToString(id), Adopt: true}
}
