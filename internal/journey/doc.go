// Package journey holds the browser tests of the web clients: each test is
// one journey of a staff member or panellist through the real pages in
// Chromium (internal/browsertest) against a whole PanelPulse process on a
// fake clock (internal/apptest). The package runs without the race detector,
// in its own make step (make browser).
package journey
