package framework

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// UpstreamFrameworkFile marks a folder in the layout of the public Node.js
// sample that deploys Audit Manager custom frameworks.
const UpstreamFrameworkFile = "custom_framework.json"

// UpstreamSetSuffix ends the name of every control-set folder of an upstream
// framework; the set's name is the folder name up to the first underscore.
const UpstreamSetSuffix = "_control_set"

// Fields of an Audit Manager CreateControl request, as upstream control files
// hold them.
var (
	upstreamControlFields = []string{"name", "description", "testingInformation", "actionPlanTitle",
		"actionPlanInstructions", "tags", "controlMappingSources"}
	upstreamSourceFields = []string{"sourceName", "sourceDescription", "sourceSetUpOption", "sourceType",
		"sourceKeyword", "sourceFrequency", "troubleshootingText"}
)

// loadUpstream reads a framework in the Node.js sample's layout.
//
// Control sets are the sub-folders whose name ends in _control_set, in the
// order of their names compared character by character (Unicode code points),
// which is the order of ls in the C locale; controls are the files of each
// folder in the same order. A control's ID is its set name, a slash and its
// file name without the .json extension, which stays unique when two sets
// hold files of the same name. As in the sample, each file's own tags are
// set aside: hdsctl tags what it deploys.
func loadUpstream(src *source, id string) *Framework {
	root, doc, ok := src.parseJSONFile(UpstreamFrameworkFile)
	if !ok {
		return nil
	}
	fw := &Framework{ID: id, Pos: doc.pos(root.off), fields: fieldPositions{}}
	for i, k := range root.keys {
		fw.fields[k] = doc.pos(root.keyOff[i])
	}
	src.checkKeys(root, doc, "custom_framework.json", []string{"name", "description", "complianceType"})
	name := src.jsonString(root, doc, "name", true)
	desc := src.jsonString(root, doc, "description", false)
	ctype := src.jsonString(root, doc, "complianceType", false)

	entries, err := fs.ReadDir(src.fsys, ".")
	if err != nil {
		src.c.errorf(Position{File: src.name(".")}, "", "check the folder", "cannot list the framework folder: %v", unwrapPathError(err))
		return nil
	}
	var texts []string
	texts = append(texts, name, desc)
	for _, e := range sortedEntries(entries) {
		if !strings.HasSuffix(e.Name(), UpstreamSetSuffix) || !src.isSetFolder(e) {
			continue
		}
		set := src.loadUpstreamSet(e.Name())
		for _, c := range set.Controls {
			texts = append(texts, c.Name.EN, c.Description.EN)
		}
		fw.ControlSets = append(fw.ControlSets, set)
	}
	if len(fw.ControlSets) == 0 {
		src.c.errorf(Position{File: src.name(".")}, "", "add one folder per control set, named <Name>_control_set",
			"no control-set folder (a folder whose name ends in %s)", UpstreamSetSuffix)
	}

	// Upstream files carry one language and do not say which: guess it, and
	// move every text to it.
	lang := detectLanguage(texts...)
	fw.Languages = []string{lang}
	fw.Name, fw.Description, fw.ComplianceType = inLang(lang, name), inLang(lang, desc), inLang(lang, ctype)
	for _, s := range fw.ControlSets {
		s.Name = inLang(lang, s.Name.EN)
		for _, c := range s.Controls {
			for _, t := range []*Text{&c.Name, &c.Description, &c.TestingInformation, &c.ActionPlanTitle, &c.ActionPlanInstructions} {
				*t = inLang(lang, t.EN)
			}
			for i := range c.Sources {
				c.Sources[i].Instructions = inLang(lang, c.Sources[i].Instructions.EN)
			}
		}
	}
	return fw
}

// isSetFolder reports whether entry e of the framework folder is a folder,
// or a symbolic link to one, so that a control set kept elsewhere and
// linked in is read like the others. A link back to the framework folder,
// or to a folder that holds it, would read the framework as one of its own
// control sets: it is reported as a loop, as is a link that cannot be
// followed.
func (src *source) isSetFolder(e fs.DirEntry) bool {
	if e.Type()&fs.ModeSymlink == 0 {
		return e.IsDir()
	}
	pos := Position{File: src.name(e.Name())}
	loop := func(target string) bool {
		src.c.errorf(pos, "", "make it a real folder, or link it to a control-set folder outside the framework folder",
			"symbolic link to %q loops back to the framework folder", target)
		return false
	}
	target, err := fs.ReadLink(src.fsys, e.Name())
	if err == nil && linksToParent(target) {
		return loop(target)
	}
	info, err := fs.Stat(src.fsys, e.Name())
	if err != nil {
		src.c.errorf(pos, "", "correct or remove the symbolic link", "cannot open: %v", unwrapPathError(err))
		return false
	}
	if root, err := fs.Stat(src.fsys, "."); err == nil && os.SameFile(root, info) {
		return loop(target)
	}
	return info.IsDir()
}

// linksToParent reports whether a relative link target names the folder of
// the link or one of its parents: ".", "..", "../..".
func linksToParent(target string) bool {
	target = filepath.ToSlash(target)
	if path.IsAbs(target) {
		return false
	}
	for _, elem := range strings.Split(path.Clean(target), "/") {
		if elem != "." && elem != ".." {
			return false
		}
	}
	return true
}

func inLang(lang, s string) Text {
	if lang == French {
		return Text{FR: s}
	}
	return Text{EN: s}
}

func (src *source) loadUpstreamSet(dir string) *ControlSet {
	name, _, _ := strings.Cut(dir, "_")
	set := &ControlSet{ID: name, Name: Text{EN: name}, Pos: Position{File: src.name(dir)}}
	entries, err := fs.ReadDir(src.fsys, dir)
	if err != nil {
		src.c.errorf(set.Pos, "", "check the folder", "cannot list the control set: %v", unwrapPathError(err))
		return set
	}
	for _, e := range sortedEntries(entries) {
		file := path.Join(dir, e.Name())
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if !strings.HasSuffix(e.Name(), ".json") {
			src.c.warnf(Position{File: src.name(file)}, "", "remove it or give it the .json extension",
				"file is not a .json control file and is ignored")
			continue
		}
		if c := src.loadUpstreamControl(file, name); c != nil {
			set.Controls = append(set.Controls, c)
		}
	}
	return set
}

func (src *source) loadUpstreamControl(file, set string) *Control {
	root, doc, ok := src.parseJSONFile(file)
	if !ok {
		return nil
	}
	src.checkKeys(root, doc, "a control", upstreamControlFields)
	c := &Control{
		ID:                     set + "/" + strings.TrimSpace(strings.TrimSuffix(path.Base(file), ".json")),
		Name:                   Text{EN: src.jsonString(root, doc, "name", true)},
		Description:            Text{EN: src.jsonString(root, doc, "description", false)},
		TestingInformation:     Text{EN: src.jsonString(root, doc, "testingInformation", false)},
		ActionPlanTitle:        Text{EN: src.jsonString(root, doc, "actionPlanTitle", false)},
		ActionPlanInstructions: Text{EN: src.jsonString(root, doc, "actionPlanInstructions", false)},
		References:             []Reference{{Scheme: SchemeUpstream, ID: set}},
		Pos:                    doc.pos(root.off),
		fields:                 fieldPositions{},
	}
	for i, k := range root.keys {
		field := k
		switch k {
		case "actionPlanTitle":
			field = "actionPlan.title"
		case "actionPlanInstructions":
			field = "actionPlan.instructions"
		case "controlMappingSources":
			field = "sources"
		}
		c.fields[field] = doc.pos(root.keyOff[i])
	}
	sources := root.get("controlMappingSources")
	switch {
	case sources == nil:
	case sources.kind != jsonArray:
		src.c.errorf(doc.pos(sources.off), c.ID, "write a list of sources between [ and ]",
			"controlMappingSources must be an array, found %s", sources.kind)
		c.loadFailed = true
	default:
		for _, s := range sources.items {
			if s.kind != jsonObject {
				src.c.errorf(doc.pos(s.off), c.ID, "write each source as an object", "a source must be an object, found %s", s.kind)
				continue
			}
			c.Sources = append(c.Sources, src.upstreamSource(s, doc))
		}
	}
	return c
}

func (src *source) upstreamSource(n *jsonNode, doc *jsonDoc) Source {
	src.checkKeys(n, doc, "a source", upstreamSourceFields)
	s := Source{
		Type:         SourceType(src.jsonString(n, doc, "sourceType", true)),
		Name:         src.jsonString(n, doc, "sourceName", false),
		Frequency:    src.jsonString(n, doc, "sourceFrequency", false),
		Instructions: Text{EN: src.jsonString(n, doc, "sourceDescription", false)},
		Pos:          doc.pos(n.off),
	}
	if kw := n.get("sourceKeyword"); kw != nil {
		if kw.kind != jsonObject {
			src.c.errorf(doc.pos(kw.off), "", `write {"keywordInputType": "SELECT_FROM_LIST", "keywordValue": "..."}`,
				"sourceKeyword must be an object, found %s", kw.kind)
		} else {
			src.checkKeys(kw, doc, "sourceKeyword", []string{"keywordInputType", "keywordValue"})
			s.Keyword = src.jsonString(kw, doc, "keywordValue", true)
		}
	}
	if opt := src.jsonString(n, doc, "sourceSetUpOption", false); opt != "" {
		want := "System_Controls_Mapping"
		if s.Type == SourceManual {
			want = "Procedural_Controls_Mapping"
		}
		if opt != want && slices.Contains(SourceTypes, s.Type) {
			src.c.errorf(doc.pos(n.get("sourceSetUpOption").off), "", fmt.Sprintf("use %q", want),
				"sourceSetUpOption %q does not match sourceType %s", opt, s.Type)
		}
	}
	return s
}

// parseJSONFile reads and parses one JSON file, reporting syntax errors with
// their position.
func (src *source) parseJSONFile(file string) (*jsonNode, *jsonDoc, bool) {
	data, ok := src.read(file)
	if !ok {
		return nil, nil, false
	}
	root, doc, err := parseJSON(data, src.name(file))
	if err != nil {
		je, _ := err.(*jsonError)
		pos := Position{File: src.name(file)}
		fix := "fix the JSON syntax (a missing comma or quote, or a trailing comma)"
		if je != nil {
			pos = doc.pos(je.off)
			fix = cmp.Or(je.fix, fix)
		}
		src.c.errorf(pos, "", fix, "invalid JSON: %v", err)
		return nil, nil, false
	}
	if root.kind != jsonObject {
		src.c.errorf(doc.pos(root.off), "", "write the file as one JSON object", "file must hold a JSON object, found %s", root.kind)
		return nil, nil, false
	}
	return root, doc, true
}

// checkKeys warns about keys that are not fields of the object, and reports
// keys given twice.
func (src *source) checkKeys(n *jsonNode, doc *jsonDoc, what string, known []string) {
	seen := map[string]bool{}
	for i, k := range n.keys {
		if seen[k] {
			src.c.errorf(doc.pos(n.keyOff[i]), "", "keep one", "field %q appears twice in %s", k, what)
		}
		seen[k] = true
		if !slices.Contains(known, k) {
			fix := "remove it"
			if s := Closest(k, known); s != "" {
				fix = fmt.Sprintf("did you mean %q?", s)
			}
			src.c.warnf(doc.pos(n.keyOff[i]), "", fix, "unknown field %q in %s is ignored", k, what)
		}
	}
}

// jsonString returns the string value of a field, reporting a wrong type or,
// when required, a missing field.
func (src *source) jsonString(n *jsonNode, doc *jsonDoc, key string, required bool) string {
	v := n.get(key)
	switch {
	case v == nil:
		if required {
			src.c.errorf(doc.pos(n.off), "", fmt.Sprintf("add \"%s\": \"...\"", key), "missing field %q", key)
		}
		return ""
	case v.kind != jsonString:
		src.c.errorf(doc.pos(v.off), "", "write the value between double quotes", "field %q must be a string, found %s", key, v.kind)
		return ""
	}
	return v.str
}

// sortedEntries orders folder entries by name, comparing Unicode code points.
func sortedEntries(entries []fs.DirEntry) []fs.DirEntry {
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries
}

var slugRe = regexp.MustCompile(`[^a-z0-9]+`)

// slug turns a folder name into a framework ID.
func slug(s string) string {
	s = strings.Trim(slugRe.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if s == "" {
		return "framework"
	}
	return s
}
