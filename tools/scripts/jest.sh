#!/usr/bin/env bash
# Runs Jest the way every project's test targets do. PGlite loads parts of itself with dynamic
# import(), which Jest's module system only allows under --experimental-vm-modules.
exec node --experimental-vm-modules --disable-warning=ExperimentalWarning "$(dirname "$0")/../../node_modules/jest/bin/jest.js" "$@"
