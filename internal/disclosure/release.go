package disclosure

// Released is how many of n live answers may be published under
// threshold: nothing below the threshold, then whole steps of it, so two
// successive releases differ by at least the threshold of respondents and
// no single answer can be read off the difference.
func Released(threshold, n int) int {
	if threshold <= 0 {
		return n
	}
	if n < threshold {
		return 0
	}
	return n / threshold * threshold
}
