// Package iampolicy holds the least-privilege IAM policies hdsctl needs, one
// per job: deploying to AWS Audit Manager, deploying to AWS Config, and
// assessing. Each list names every action with the code path that uses it
// (actions.go); Document renders a list as an IAM policy document, and
// ActionsFor says which IAM actions an API operation needs, so that a test
// can check that the operations hdsctl calls and the actions the policy
// allows are the same sets.
package iampolicy

import (
	"fmt"
	"slices"
	"strings"
)

// Target is a job that needs a policy.
type Target string

// The targets of hdsctl iam-policy.
const (
	AuditManager Target = "auditmanager"
	Config       Target = "config"
	Assess       Target = "assess"
)

// Targets lists every target.
var Targets = []Target{AuditManager, Config, Assess}

// Action is one IAM action a policy allows, and why hdsctl needs it.
type Action struct {
	// Name is the IAM action, such as auditmanager:CreateControl.
	Name string
	// UsedBy names the code path that calls it, for people reviewing the
	// policy.
	UsedBy string
}

// Statement is a group of actions that share their resources and
// condition.
type Statement struct {
	Sid     string
	Actions []Action
	// Resources are ARN patterns, with ${Partition}, ${Account} and
	// ${Role} standing for what Options gives; "*" when the actions take no
	// resource type.
	Resources []string
	// Condition is the statement's IAM condition, if any.
	Condition map[string]map[string]string
	// Note says what cannot be narrowed, and why.
	Note string
	// Organization marks the statements of organization-wide deployments,
	// which a policy holds only when Options.Organization is set.
	Organization bool
}

// Options fill the placeholders of the resources.
type Options struct {
	// Partition is aws when empty.
	Partition string
	// Account is the account ID the resources belong to; "*" when empty.
	Account string
	// Role is the role assess assumes in each account; Statement resources
	// name it ${Role}. OrganizationAccountAccessRole when empty.
	Role string
	// Organization adds what deploying organization conformance packs needs
	// (hdsctl apply --target config --organization).
	Organization bool
}

// DefaultRole is the role assess assumes unless told otherwise, the role
// AWS Organizations creates in the accounts it creates.
const DefaultRole = "OrganizationAccountAccessRole"

// Statements returns the statements of a target's policy, with those of
// organization-wide deployments when opts asks for them.
func Statements(t Target, opts Options) ([]Statement, error) {
	var all []Statement
	switch t {
	case AuditManager:
		all = auditManagerPolicy
	case Config:
		all = configPolicy
	case Assess:
		all = assessPolicy
	default:
		return nil, fmt.Errorf("unknown target %q: use auditmanager, config or assess", t)
	}
	var out []Statement
	for _, s := range all {
		if !s.Organization || opts.Organization {
			out = append(out, s)
		}
	}
	return out, nil
}

// Document is an IAM policy document, in the field order AWS prints.
type Document struct {
	Version   string              `json:"Version"`
	Statement []DocumentStatement `json:"Statement"`
}

// DocumentStatement is one statement of a Document.
type DocumentStatement struct {
	Sid       string                       `json:"Sid"`
	Effect    string                       `json:"Effect"`
	Action    []string                     `json:"Action"`
	Resource  any                          `json:"Resource"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

// Policy renders the policy of a target, with the placeholders of its
// resources filled from opts. Actions are sorted within each statement.
func Policy(t Target, opts Options) (Document, error) {
	statements, err := Statements(t, opts)
	if err != nil {
		return Document{}, err
	}
	fill := strings.NewReplacer("${Partition}", cmpOr(opts.Partition, "aws"), "${Account}", cmpOr(opts.Account, "*"),
		"${Role}", cmpOr(opts.Role, DefaultRole))
	doc := Document{Version: "2012-10-17"}
	for _, s := range statements {
		ds := DocumentStatement{Sid: s.Sid, Effect: "Allow", Condition: s.Condition}
		for _, a := range s.Actions {
			ds.Action = append(ds.Action, a.Name)
		}
		slices.Sort(ds.Action)
		var resources []string
		for _, r := range s.Resources {
			resources = append(resources, fill.Replace(r))
		}
		ds.Resource = resources
		if len(resources) == 1 {
			ds.Resource = resources[0]
		}
		doc.Statement = append(doc.Statement, ds)
	}
	return doc, nil
}

// AllowedActions returns every action of a target's policy, sorted.
func AllowedActions(t Target, opts Options) ([]string, error) {
	statements, err := Statements(t, opts)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range statements {
		for _, a := range s.Actions {
			out = append(out, a.Name)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// ActionsFor returns the IAM actions an API operation needs, for an
// operation named service.Operation as the sandbox and deploy.Calls name
// them (auditmanager.CreateControl, s3control.GetPublicAccessBlock). Most
// operations need the action of the same name; the exceptions are listed in
// operationActions.
func ActionsFor(operation string) []string {
	if actions, ok := operationActions[operation]; ok {
		return actions
	}
	service, op, _ := strings.Cut(operation, ".")
	if prefix, ok := servicePrefixes[service]; ok {
		service = prefix
	}
	return []string{service + ":" + op}
}

func cmpOr(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
