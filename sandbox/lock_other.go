//go:build !unix

package sandbox

import "os"

// lockFile opens path; on this platform the sandbox cannot lock it, so two
// processes are not kept from sharing one state file.
func lockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
}

func unlockFile(f *os.File) error {
	if f == nil {
		return nil
	}
	return f.Close()
}
