// Package framework is hdsctl's model of a compliance framework: control
// sets, controls, their evidence sources, references and applicability, with
// French and English text for everything a person reads.
//
// Frameworks come from two folder layouts. The catalog layout is YAML: a
// framework.yaml file listing control-set files, each holding its controls
// inline or naming one file per control; it is described by the JSON Schema
// that Schema returns. The upstream layout is the one of the public Node.js
// sample that deploys Audit Manager frameworks: a custom_framework.json and one
// <Name>_control_set folder per control set, each file the body of a
// CreateControl request. Open reads either, and the frameworks embedded in the
// binary by name.
//
// Loading and validation never stop at the first problem: they return every
// Diagnostic at once, each with its file, line and column, what is wrong and
// how to fix it. Validate knows the limits of the AWS APIs a framework is
// deployed to, so that nothing invalid reaches AWS.
package framework
