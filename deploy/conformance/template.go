package conformance

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// HashParameter is the template parameter through which hdsctl records a
// pack's content hash. The template declares it, with an empty default so
// that an exported template deploys by hand as it is; hdsctl passes it as a
// ConformancePackInputParameter, which DescribeConformancePacks returns.
const HashParameter = "HdsctlContentHash"

// packTemplate writes the CloudFormation template of a pack. It is the
// header followed by one resource per rule, so that a template's size is the
// sum of its parts' sizes.
func packTemplate(name, framework string, rules []Rule) string {
	var b strings.Builder
	b.WriteString(templateHeader(name, framework))
	for _, r := range rules {
		b.WriteString(ruleResource(r))
	}
	return b.String()
}

// templateHeader writes what precedes the rules: a comment saying what the
// template is, the hash parameter and the Resources key. It names neither
// the framework's version nor the number of parts, so that a pack's
// content changes only when its rules do.
func templateHeader(name, framework string) string {
	return "# " + name + ": AWS Config rules that evidence controls of the " + framework + " framework.\n" +
		"# Written by hdsctl from the framework's AWS_Config sources; deploy it with\n" +
		"# hdsctl apply " + framework + " --target config, which records the pack's content hash.\n" +
		"AWSTemplateFormatVersion: \"2010-09-09\"\n" +
		"Parameters:\n" +
		"  " + HashParameter + ":\n" +
		"    Type: String\n" +
		"    Default: \"\"\n" +
		"    Description: Digest of this pack's content, recorded by hdsctl to tell changes.\n" +
		"Resources:\n"
}

// ruleResource writes the AWS::Config::ConfigRule resource of a rule.
func ruleResource(r Rule) string {
	var b strings.Builder
	b.WriteString("  " + r.LogicalID + ":\n")
	b.WriteString("    Type: AWS::Config::ConfigRule\n")
	b.WriteString("    Properties:\n")
	b.WriteString("      ConfigRuleName: " + r.Name + "\n")
	b.WriteString("      Description: " + yamlString(r.Description) + "\n")
	if len(r.Parameters) > 0 {
		b.WriteString("      InputParameters:\n")
		for _, k := range slices.Sorted(maps.Keys(r.Parameters)) {
			b.WriteString("        " + yamlKey(k) + ": " + yamlString(r.Parameters[k]) + "\n")
		}
	}
	if len(r.Scope) > 0 {
		b.WriteString("      Scope:\n")
		b.WriteString("        ComplianceResourceTypes:\n")
		for _, t := range r.Scope {
			b.WriteString("          - " + t + "\n")
		}
	}
	b.WriteString("      Source:\n")
	b.WriteString("        Owner: AWS\n")
	b.WriteString("        SourceIdentifier: " + r.Identifier + "\n")
	return b.String()
}

// yamlString quotes a string for YAML: a JSON string is a valid YAML
// double-quoted scalar, and keeps accents as they are.
func yamlString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

var plainKeyRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// yamlKey writes a mapping key, quoted unless it is a plain identifier.
func yamlKey(k string) string {
	if plainKeyRe.MatchString(k) {
		return k
	}
	return yamlString(k)
}
