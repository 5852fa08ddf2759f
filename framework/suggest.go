package framework

import "strings"

// Closest returns the candidate nearest to s, ignoring case, when it is
// close enough to be a plausible typo of it: within an edit distance of a
// third of s's length (at least 1), or, for s of four bytes or more, a
// candidate that s begins (testingInfo for testingInformation). It returns
// "" when no candidate is that close. Among equally near candidates the
// first wins. It is what every "did you mean" of hdsctl is computed with.
func Closest(s string, candidates []string) string {
	best, bestDist := "", -1
	ls := strings.ToLower(s)
	limit := max(1, len(s)/3)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if diff := len(lc) - len(ls); diff > limit || -diff > limit {
			// The distance is at least the difference in length: c is
			// too far to be a typo, and a long s is never compared.
			continue
		}
		if d := editDistance(ls, lc); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist >= 0 && bestDist <= limit {
		return best
	}
	if len(s) >= 4 {
		for _, c := range candidates {
			if strings.HasPrefix(strings.ToLower(c), ls) {
				return c
			}
		}
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, over bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
