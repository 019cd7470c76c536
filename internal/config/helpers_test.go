package config

import (
	"os"
	"path/filepath"
	"testing"
)

// writeTemp writes content to a new file in a temporary directory and
// returns its path.
func writeTemp(t *testing.T, content string) string {
	t.Helper()
	return writeFile(t, t.TempDir(), "test.conf", content)
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
