package framework

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hdsctl/hdsctl/frameworks"
)

// NotFoundError is returned when a framework reference names neither an
// embedded framework nor a framework folder.
type NotFoundError struct {
	Ref    string
	Reason string
}

// Error names the framework not found and the ones that exist.
func (e *NotFoundError) Error() string {
	return fmt.Sprintf("framework %q: %s; name an embedded framework (%s) or a framework folder",
		e.Ref, e.Reason, strings.Join(frameworks.Names(), ", "))
}

// Open reads the framework ref names: an embedded framework (hds-v2) or a
// folder in the catalog or the upstream layout. It returns every problem found
// while reading; the framework is nil when nothing usable could be read. The
// error is a *NotFoundError when ref names nothing hdsctl can read.
//
// Open does not validate: see Validate, and Read for both.
func Open(ref string) (*Framework, Diagnostics, error) {
	if fsys, ok := frameworks.FS(ref); ok {
		fw, diags := Load(fsys, "frameworks/"+ref)
		if fw != nil {
			fw.Origin.Embedded = true
		}
		return fw, diags, nil
	}
	st, err := os.Stat(ref)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, &NotFoundError{Ref: ref, Reason: "no such embedded framework or folder"}
	case err != nil:
		return nil, nil, &NotFoundError{Ref: ref, Reason: unwrapPathError(err).Error()}
	case !st.IsDir():
		return nil, nil, &NotFoundError{Ref: ref, Reason: "is a file; name the folder that holds " + FrameworkFile + " or " + UpstreamFrameworkFile}
	}
	fw, diags := Load(os.DirFS(ref), filepath.ToSlash(filepath.Clean(ref)))
	return fw, diags, nil
}

// Load reads a framework folder from fsys, detecting its layout. display names
// the folder in diagnostics.
func Load(fsys fs.FS, display string) (*Framework, Diagnostics) {
	c := &collector{}
	src := &source{fsys: fsys, display: display, c: c}
	var fw *Framework
	switch {
	case exists(fsys, FrameworkFile):
		fw = loadCatalog(src)
		if fw != nil {
			fw.Origin.Format = FormatCatalog
		}
	case exists(fsys, UpstreamFrameworkFile):
		fw = loadUpstream(src, slug(filepath.Base(display)))
		if fw != nil {
			fw.Origin.Format = FormatUpstream
		}
	default:
		c.errorf(Position{File: display}, "", fmt.Sprintf("add a %s (catalog layout) or a %s (upstream layout)", FrameworkFile, UpstreamFrameworkFile),
			"folder holds no framework")
	}
	if fw != nil {
		fw.Origin.Path = display
	}
	c.diags.Sort()
	return fw, c.diags
}

// Read opens the framework ref names and validates it. The error is a
// *NotFoundError, or an *InvalidError holding every diagnostic when any is an
// error; warnings alone come back with the framework.
func Read(ref string, opts ValidateOptions) (*Framework, Diagnostics, error) {
	fw, diags, err := Open(ref)
	if err != nil {
		return nil, nil, err
	}
	if fw != nil {
		diags = append(diags, Validate(fw, opts)...)
		diags.Sort()
	}
	if fw == nil || diags.HasErrors() {
		return nil, diags, &InvalidError{Path: ref, Diagnostics: diags}
	}
	return fw, diags, nil
}

func exists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}
