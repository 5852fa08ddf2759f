// Package frameworks holds the frameworks compiled into hdsctl. Each folder is
// one framework in the catalog layout that package framework reads; the data
// is reviewed like code.
package frameworks

import (
	"embed"
	"io/fs"
	"sort"
)

//go:embed hds-v2
var files embed.FS

// Names returns the names of the embedded frameworks, sorted.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// FS returns the files of the embedded framework with the given name.
func FS(name string) (fs.FS, bool) {
	if name == "" || name == "." {
		return nil, false
	}
	if st, err := fs.Stat(files, name); err != nil || !st.IsDir() {
		return nil, false
	}
	sub, err := fs.Sub(files, name)
	return sub, err == nil
}
