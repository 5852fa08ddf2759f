package sandbox

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
)

// newUUID returns a random version 4 UUID in lower case, as AWS's resource
// IDs are.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	return formatUUID(b)
}

// stableUUID returns a UUID derived from its arguments, the same on every
// run: the IDs of the seeded standard controls and frameworks.
func stableUUID(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	var b [16]byte
	copy(b[:], sum[:16])
	return formatUUID(b)
}

func formatUUID(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// randomSuffix returns n random lower-case letters and digits, as AWS
// appends to the names of the rules and packs it creates.
func randomSuffix(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// randomKey returns an upper-case alphanumeric string of n characters, for
// emulated access key IDs and secrets.
func randomKey(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// page returns the items that follow the position a pagination token names,
// at most limit of them, and the token of the next page ("" on the last).
// Items must be sorted by key; a token holds the key of the last item of the
// previous page, so that pages stay consistent when items come and go.
func page[T any](items []T, key func(T) string, token string, limit int) ([]T, string, bool) {
	start := 0
	if token != "" {
		raw, err := base64.StdEncoding.DecodeString(token)
		if err != nil || !strings.HasPrefix(string(raw), "p1:") {
			return nil, "", false
		}
		after := strings.TrimPrefix(string(raw), "p1:")
		for start < len(items) && key(items[start]) <= after {
			start++
		}
	}
	end := min(len(items), start+limit)
	out := items[start:end]
	if end == len(items) {
		return out, "", true
	}
	return out, base64.StdEncoding.EncodeToString([]byte("p1:" + key(items[end-1]))), true
}
