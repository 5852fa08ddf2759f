package framework

import (
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// FrameworkFile is the file at the root of a catalog framework folder.
const FrameworkFile = "framework.yaml"

// loadCatalog reads a framework in the YAML catalog layout: framework.yaml
// names the control-set files in order; each set file holds its controls
// inline or names one file per control.
func loadCatalog(src *source) *Framework {
	root, ok := src.parseYAML(FrameworkFile)
	if !ok {
		return nil
	}
	f := root.fields("the framework", "id", "version", "languages", "name", "description",
		"complianceType", "tags", "controlSets")
	fw := &Framework{
		ID:             f["id"].str("id"),
		Version:        f["version"].str("version"),
		Languages:      f["languages"].strings("languages"),
		Name:           f["name"].text("name"),
		Description:    f["description"].text("description"),
		ComplianceType: f["complianceType"].text("complianceType"),
		Tags:           f["tags"].stringMap("tags"),
		Pos:            root.pos(),
		fields:         positions(f),
	}
	if _, ok := f["controlSets"]; !ok {
		src.c.errorf(root.pos(), "", "list the control-set files under controlSets:", "the framework has no controlSets")
	}
	for _, item := range f["controlSets"].list("controlSets") {
		file, ok := relativeFile(item, FrameworkFile)
		if !ok {
			continue
		}
		setRoot, ok := src.parseYAML(file)
		if !ok {
			fw.loadFailed = true
			continue
		}
		fw.ControlSets = append(fw.ControlSets, loadControlSet(src, setRoot, file))
	}
	return fw
}

func loadControlSet(src *source, root node, file string) *ControlSet {
	f := root.fields("a control set", "id", "name", "description", "controls")
	set := &ControlSet{
		ID:          f["id"].str("id"),
		Name:        f["name"].text("name"),
		Description: f["description"].text("description"),
		Pos:         root.pos(),
		fields:      positions(f),
	}
	for _, item := range f["controls"].list("controls") {
		if item.Kind == yaml.ScalarNode {
			cfile, ok := relativeFile(item, file)
			if !ok {
				continue
			}
			croot, ok := src.parseYAML(cfile)
			if !ok {
				continue
			}
			set.Controls = append(set.Controls, loadControl(croot))
			continue
		}
		set.Controls = append(set.Controls, loadControl(item))
	}
	return set
}

var controlFields = []string{"id", "name", "description", "testingInformation", "actionPlan",
	"references", "applicability", "responsibility", "sources", "tags"}

func loadControl(n node) *Control {
	f := n.fields("a control", controlFields...)
	c := &Control{
		ID:                 f["id"].str("id"),
		Name:               f["name"].text("name"),
		Description:        f["description"].text("description"),
		TestingInformation: f["testingInformation"].text("testingInformation"),
		Responsibility:     Responsibility(f["responsibility"].str("responsibility")),
		Tags:               f["tags"].stringMap("tags"),
		Pos:                n.pos(),
		fields:             positions(f),
	}
	if ap, ok := f["actionPlan"]; ok {
		a := ap.fields("actionPlan", "title", "instructions")
		c.fields["actionPlan.title"] = a["title"].pos()
		c.fields["actionPlan.instructions"] = a["instructions"].pos()
		c.ActionPlanTitle = a["title"].text("actionPlan title")
		c.ActionPlanInstructions = a["instructions"].text("actionPlan instructions")
	}
	for _, r := range f["references"].list("references") {
		rf := r.fields("a reference", "scheme", "id")
		c.References = append(c.References, Reference{
			Scheme: rf["scheme"].str("scheme"),
			ID:     rf["id"].str("reference id"),
			Pos:    r.pos(),
		})
	}
	if ap, ok := f["applicability"]; ok {
		a := ap.fields("applicability", "activities", "conditions")
		for _, item := range a["activities"].list("activities") {
			if v, ok := item.integer("an activity"); ok {
				c.Applicability.Activities = append(c.Applicability.Activities, v)
			}
		}
		c.Applicability.Conditions = a["conditions"].strings("conditions")
	}
	if n, ok := f["sources"]; ok && n.Kind != yaml.SequenceNode {
		c.loadFailed = true // list reports the wrong type
	}
	for _, s := range f["sources"].list("sources") {
		c.Sources = append(c.Sources, loadSource(s))
	}
	return c
}

func loadSource(n node) Source {
	f := n.fields("a source", "type", "keyword", "name", "frequency", "parameters", "owner", "instructions")
	return Source{
		Type:         SourceType(f["type"].str("type")),
		Keyword:      f["keyword"].str("keyword"),
		Name:         f["name"].str("name"),
		Frequency:    f["frequency"].str("frequency"),
		Parameters:   f["parameters"].stringMap("parameters"),
		Owner:        f["owner"].text("owner"),
		Instructions: f["instructions"].text("instructions"),
		Pos:          n.pos(),
	}
}

// relativeFile resolves a file named in another file, relative to the folder
// of the naming file, refusing paths that leave the framework folder.
func relativeFile(n node, from string) (string, bool) {
	name := n.str("a file name")
	if name == "" {
		n.c.errorf(n.pos(), "", "write the file's path relative to this file", "empty file name")
		return "", false
	}
	p := path.Join(path.Dir(from), name)
	if strings.HasPrefix(name, "/") || !fs.ValidPath(p) {
		n.c.errorf(n.pos(), "", "name a file inside the framework folder, relative to this file",
			"file %q is outside the framework folder", name)
		return "", false
	}
	return p, true
}
