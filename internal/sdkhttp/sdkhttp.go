// Package sdkhttp holds the HTTP client hdsctl gives the AWS SDK.
//
// The SDK (smithy-go) wraps each request body in a closer that it closes as
// soon as the response headers arrive, and a closed body answers io.EOF to
// WriteTo. net/http, once it has sent Content-Length bytes, copies the body
// once more to make sure nothing is left; when that copy runs after the
// SDK's close, which a busy machine makes likely, net/http takes the io.EOF
// for a failed write and closes the connection under the response being
// read. The call then fails with "use of closed network connection" on an
// HTTP 200, after AWS did what it was asked (aws/aws-sdk-go-v2 issues 1825
// and 2737). Hiding WriteTo makes net/http read the body instead, and a
// closed body's Read answers a clean end of stream.
package sdkhttp

import (
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// Client returns base, or the SDK's default client when base is nil, made
// to send request bodies by reading them, so that a response is never cut
// short by the SDK closing its request body.
func Client(base aws.HTTPClient) aws.HTTPClient {
	if base == nil {
		base = awshttp.NewBuildableClient()
	}
	if c, ok := base.(client); ok {
		return c
	}
	return client{base: base}
}

type client struct{ base aws.HTTPClient }

// Do sends r with its body behind a reader that has no WriteTo method.
func (c client) Do(r *http.Request) (*http.Response, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return c.base.Do(r)
	}
	sent := *r
	sent.Body = readCloser{r.Body}
	return c.base.Do(&sent)
}

// readCloser hides every method of its body but Read and Close.
type readCloser struct{ body io.ReadCloser }

func (b readCloser) Read(p []byte) (int, error) { return b.body.Read(p) }
func (b readCloser) Close() error               { return b.body.Close() }
