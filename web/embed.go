// Package web holds the built staff console and panellist app (dist/,
// built from the TypeScript sources in this folder by `make web`), embedded
// in the binary so that running the server needs no Node.
package web

import "embed"

// Dist is the build output: console/ and app/ pages, app/sw.js, and the
// content-hashed files in assets/.
//
//go:embed all:dist
var Dist embed.FS
