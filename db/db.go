// Package db embeds the SQL migrations so the server and the test harness
// apply exactly the schema that sqlc generated code for.
package db

import "embed"

// Migrations holds the numbered goose migrations under migrations/.
//
//go:embed migrations/*.sql
var Migrations embed.FS
