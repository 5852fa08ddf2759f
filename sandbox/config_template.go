package sandbox

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// template is what the sandbox reads from a conformance pack template: a
// CloudFormation template (YAML or JSON) whose resources are AWS Config
// rules and remediation configurations.
type template struct {
	Rules []templateRule
	// Parameters maps each declared template parameter to whether it has a
	// default value.
	Parameters map[string]bool
}

// templateRule is one AWS::Config::ConfigRule of a template.
type templateRule struct {
	LogicalID string
	// Name is the ConfigRuleName property, or the logical ID without one.
	Name             string
	Owner            string
	SourceIdentifier string
	// Problem is why CloudFormation would fail to create the rule, found in
	// its properties; "" when it would succeed.
	Problem string
}

var configRuleOwners = []string{"AWS", "CUSTOM_LAMBDA", "CUSTOM_POLICY"}

// parseTemplate reads a template and checks what AWS Config checks before
// accepting it; a returned error becomes a ConformancePackTemplateValidation
// exception.
func parseTemplate(body string) (*template, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(body), &doc); err != nil {
		return nil, fmt.Errorf("the template is neither YAML nor JSON: %v", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("the template is not a CloudFormation template (a mapping with a Resources section)")
	}
	root := doc.Content[0]
	t := &template{Parameters: map[string]bool{}}
	if params := mapValue(root, "Parameters"); params != nil {
		if params.Kind != yaml.MappingNode {
			return nil, errors.New("the Parameters section is not a mapping")
		}
		for i := 0; i+1 < len(params.Content); i += 2 {
			t.Parameters[params.Content[i].Value] = mapValue(params.Content[i+1], "Default") != nil
		}
	}
	resources := mapValue(root, "Resources")
	if resources == nil || resources.Kind != yaml.MappingNode || len(resources.Content) == 0 {
		return nil, errors.New("the template has no Resources")
	}
	names := map[string]bool{}
	for i := 0; i+1 < len(resources.Content); i += 2 {
		id, res := resources.Content[i].Value, resources.Content[i+1]
		typ := scalar(mapValue(res, "Type"))
		switch typ {
		case "AWS::Config::RemediationConfiguration":
			continue
		case "AWS::Config::ConfigRule":
		default:
			return nil, fmt.Errorf("resource %s has type %q; a conformance pack holds only AWS::Config::ConfigRule and AWS::Config::RemediationConfiguration resources", id, typ)
		}
		rule, err := readRule(id, mapValue(res, "Properties"))
		if err != nil {
			return nil, err
		}
		if names[rule.Name] {
			return nil, fmt.Errorf("two rules of the template are named %s", rule.Name)
		}
		names[rule.Name] = true
		t.Rules = append(t.Rules, rule)
	}
	if len(t.Rules) == 0 {
		return nil, errors.New("the template has no AWS::Config::ConfigRule resource")
	}
	return t, nil
}

func readRule(id string, props *yaml.Node) (templateRule, error) {
	rule := templateRule{LogicalID: id, Name: id}
	if props == nil || props.Kind != yaml.MappingNode {
		return rule, fmt.Errorf("rule %s has no Properties", id)
	}
	if name := mapValue(props, "ConfigRuleName"); name != nil {
		// A name computed by an intrinsic function (!Sub, !Ref) is not known
		// before deployment; the logical ID stands for it.
		if name.Kind == yaml.ScalarNode && !intrinsic(name) {
			rule.Name = name.Value
		}
	}
	if len(rule.Name) > 128 {
		return rule, fmt.Errorf("rule %s: ConfigRuleName is longer than 128 characters", id)
	}
	source := mapValue(props, "Source")
	if source == nil || source.Kind != yaml.MappingNode {
		return rule, fmt.Errorf("rule %s has no Source", id)
	}
	rule.Owner = scalar(mapValue(source, "Owner"))
	rule.SourceIdentifier = scalar(mapValue(source, "SourceIdentifier"))
	if !slices.Contains(configRuleOwners, rule.Owner) {
		return rule, fmt.Errorf("rule %s: Source.Owner %q is not one of %s", id, rule.Owner, strings.Join(configRuleOwners, ", "))
	}
	if rule.Owner != "CUSTOM_POLICY" && rule.SourceIdentifier == "" {
		return rule, fmt.Errorf("rule %s: an %s rule needs Source.SourceIdentifier", id, rule.Owner)
	}
	rule.Problem = propertyProblem(props)
	return rule, nil
}

// maxExecutionFrequencies are the values of MaximumExecutionFrequency.
var maxExecutionFrequencies = []string{
	"One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours",
}

// propertyProblem checks the properties of an AWS::Config::ConfigRule that
// CloudFormation validates only when it creates the rule, against the
// limits of the ConfigRule API type (AWS Config API Reference): a
// Description of at most 256 characters, InputParameters a JSON object,
// at most 100 ComplianceResourceTypes, a known MaximumExecutionFrequency.
// Values computed by intrinsic functions are not checked.
func propertyProblem(props *yaml.Node) string {
	literal := func(n *yaml.Node) bool { return n != nil && n.Kind == yaml.ScalarNode && !intrinsic(n) }
	if d := mapValue(props, "Description"); literal(d) && len([]rune(d.Value)) > 256 {
		return fmt.Sprintf("Description is %d characters long; the limit is 256", len([]rune(d.Value)))
	}
	if p := mapValue(props, "InputParameters"); p != nil && !intrinsic(p) && p.Kind != yaml.MappingNode {
		return "InputParameters is not a JSON object"
	}
	types := mapValue(mapValue(props, "Scope"), "ComplianceResourceTypes")
	if types != nil && types.Kind == yaml.SequenceNode && len(types.Content) > 100 {
		return fmt.Sprintf("Scope.ComplianceResourceTypes lists %d resource types; the limit is 100", len(types.Content))
	}
	if f := mapValue(props, "MaximumExecutionFrequency"); literal(f) && !slices.Contains(maxExecutionFrequencies, f.Value) {
		return fmt.Sprintf("MaximumExecutionFrequency %q is not one of %s",
			f.Value, strings.Join(maxExecutionFrequencies, ", "))
	}
	return ""
}

// deploymentProblem returns why CloudFormation would fail to deploy the
// template with these input parameters, or "" when it would succeed. AWS
// reports these problems only once the pack's deployment fails.
func (t *template) deploymentProblem(inputs []inputParameter) string {
	given := map[string]bool{}
	var undeclared []string
	for _, p := range inputs {
		given[*p.ParameterName] = true
		if _, ok := t.Parameters[*p.ParameterName]; !ok {
			undeclared = append(undeclared, *p.ParameterName)
		}
	}
	if len(undeclared) > 0 {
		return fmt.Sprintf("Parameters: [%s] do not exist in the template", strings.Join(undeclared, ", "))
	}
	var missing []string
	for name, hasDefault := range t.Parameters {
		if !hasDefault && !given[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Sprintf("Parameters: [%s] must have values", strings.Join(missing, ", "))
	}
	for _, r := range t.Rules {
		if r.Problem != "" {
			return fmt.Sprintf("Embedded stack failed: rule %s: %s", r.Name, r.Problem)
		}
		if r.Owner == "AWS" && !managedRule(r.SourceIdentifier) {
			return fmt.Sprintf("Embedded stack failed: rule %s: %s is not an AWS Config managed rule identifier", r.Name, r.SourceIdentifier)
		}
	}
	return ""
}

var managedRules = func() map[string]bool {
	m := make(map[string]bool, len(configManagedRuleIdentifiers))
	for _, id := range configManagedRuleIdentifiers {
		m[id] = true
	}
	return m
}()

func managedRule(identifier string) bool { return managedRules[identifier] }

// mapValue returns the value of key in a mapping node, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// intrinsic reports whether a node is a CloudFormation short-form intrinsic
// function (!Ref, !Sub), whose local tag has one exclamation mark.
func intrinsic(n *yaml.Node) bool {
	return strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!")
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}
