package artifact

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// maxDocument bounds a downloaded document; AWS's reports are a few
// megabytes.
const maxDocument = 256 << 20

// Download fetches the document at a presigned URL into the file name,
// through a temporary file renamed into place. The URL is a secret for a
// short while: errors name the host only.
func Download(ctx context.Context, client aws.HTTPClient, presigned, name string) error {
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, presigned, nil)
	if err != nil {
		return fmt.Errorf("downloading %s: the URL AWS Artifact gave is invalid", name)
	}
	resp, err := client.Do(req)
	if err != nil {
		// A *url.Error quotes the URL, with its signature: keep its cause.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return fmt.Errorf("downloading %s from %s: %w", name, req.URL.Host, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("downloading %s from %s: HTTP %s", name, req.URL.Host, resp.Status)
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".hdsctl-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, io.LimitReader(resp.Body, maxDocument+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		return fmt.Errorf("downloading %s from %s: %w", name, req.URL.Host, err)
	case n > maxDocument:
		return fmt.Errorf("downloading %s from %s: the document is larger than 256 MiB",
			name, req.URL.Host)
	}
	return os.Rename(tmp.Name(), name)
}
