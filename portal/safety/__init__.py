"""Content safety: rich text passes an allowlist sanitiser; uploads are checked by their content."""
