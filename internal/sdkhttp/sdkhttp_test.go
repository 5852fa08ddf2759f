package sdkhttp

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// sdkBody behaves as the SDK's request body: once closed, Read and WriteTo
// answer io.EOF. Its WriteTo also waits for the close, so that the copy
// net/http makes after the last byte always comes after the SDK closed the
// body: the interleaving a busy machine gives now and then.
type sdkBody struct {
	r      *bytes.Reader
	mu     sync.Mutex
	closed chan struct{}
}

func newSDKBody(data []byte) *sdkBody {
	return &sdkBody{r: bytes.NewReader(data), closed: make(chan struct{})}
}

func (b *sdkBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case <-b.closed:
		return 0, io.EOF
	default:
		return b.r.Read(p)
	}
}

func (b *sdkBody) WriteTo(w io.Writer) (int64, error) {
	<-b.closed
	return 0, io.EOF
}

func (b *sdkBody) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case <-b.closed:
	default:
		close(b.closed)
	}
	return nil
}

func TestAResponseOutlivesTheClosingOfItsRequestBody(t *testing.T) {
	// The request is larger than net/http's write buffer, so all of it is
	// on the wire before net/http checks that the body has no more bytes;
	// the response is large enough to still be read after the SDK's close.
	request := bytes.Repeat([]byte("r"), 64<<10)
	response := strings.Repeat("a", 1<<20)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n, err := io.Copy(io.Discard, r.Body); err != nil || n != int64(len(request)) {
			t.Errorf("the server read %d bytes of the request (%v), want %d", n, err, len(request))
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(response)))
		io.WriteString(w, response[:1000])
		w.(http.Flusher).Flush()
		<-release
		io.WriteString(w, response[1000:])
	}))
	defer srv.Close()
	defer close(release)

	wrote := make(chan error, 1)
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) { wrote <- info.Err },
	})
	body := newSDKBody(request)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = int64(len(request))

	resp, err := Client(&http.Client{Transport: &http.Transport{}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body.Close() // as the SDK does once the response headers are in
	select {
	case err := <-wrote:
		if err != nil {
			t.Fatalf("net/http failed to write the request after the SDK closed its body: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("net/http did not finish writing the request")
	}
	release <- struct{}{}
	got, err := io.ReadAll(resp.Body)
	if err != nil || len(got) != len(response) {
		t.Fatalf("read %d bytes of the response (%v), want %d", len(got), err, len(response))
	}
}

func TestClientKeepsTheBaseAndWrapsOnce(t *testing.T) {
	base := &http.Client{}
	c := Client(base)
	if c.(client).base != base {
		t.Errorf("Client(base) sends through %v, want the base", c.(client).base)
	}
	if again := Client(c); again.(client).base != base {
		t.Errorf("Client(Client(base)) wraps twice")
	}
	if Client(nil).(client).base == nil {
		t.Errorf("Client(nil) has no base")
	}
}
