#!/usr/bin/env bash
# Scaffolds a library or service project in the workspace's shape.
# Usage: tools/scripts/new-project.sh <dir> <nx-name> <scope> <type> <import-alias|-> [library|application]
# Example: tools/scripts/new-project.sh libs/intake intake intake feature @rre/intake
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$1 name=$2 scope=$3 type=$4 alias=$5 kind=${6:-library}
[ -e "$dir/project.json" ] && { echo "$dir/project.json exists" >&2; exit 1; }
mkdir -p "$dir/src"
rel=$(realpath --relative-to="$dir" .)
cat > "$dir/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "$rel/node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$dir/src",
  "projectType": "$kind",
  "tags": ["scope:$scope", "type:$type"],
  "targets": {
    "lint": { "executor": "nx:run-commands", "options": { "command": "eslint --max-warnings 0 $dir", "cwd": "{workspaceRoot}" } },
    "test": { "executor": "nx:run-commands", "options": { "command": "bash tools/scripts/jest.sh --config $dir/jest.config.cjs", "cwd": "{workspaceRoot}" } },
    "integration": {
      "executor": "nx:run-commands",
      "options": { "command": "bash tools/scripts/jest.sh --config $dir/jest.integration.config.cjs --runInBand --passWithNoTests", "cwd": "{workspaceRoot}" }
    }
  }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "$rel/tsconfig.base.json",
  "include": ["src/**/*.ts"]
}
JSON
cat > "$dir/tsconfig.spec.json" <<JSON
{
  "extends": "./tsconfig.json",
  "compilerOptions": { "isolatedModules": true, "types": ["node", "jest"] },
  "include": ["src/**/*.ts"]
}
JSON
for layer in "" integration; do
  file="$dir/jest${layer:+.$layer}.config.cjs"
  {
    echo "module.exports = {"
    echo "  displayName: '$name${layer:+ ($layer)}',"
    echo "  preset: '$rel/jest.preset.js',"
    echo "  rootDir: __dirname,"
    [ -n "$layer" ] && echo "  testTimeout: 60_000,"
    [ -n "$layer" ] && echo "  testMatch: ['**/*.integration-spec.ts'],"
    echo "};"
  } > "$file"
done
[ -e "$dir/src/index.ts" ] || echo "export {};" > "$dir/src/index.ts"
if [ "$alias" != "-" ]; then
  node -e '
const fs=require("fs");const f="tsconfig.base.json";const j=JSON.parse(fs.readFileSync(f));
j.compilerOptions.paths[process.argv[1]]=[process.argv[2]+"/src/index.ts"];
j.compilerOptions.paths=Object.fromEntries(Object.entries(j.compilerOptions.paths).sort());
fs.writeFileSync(f,JSON.stringify(j,null,2)+"\n")' "$alias" "$dir"
fi
npx prettier --write "$dir" tsconfig.base.json >/dev/null
echo "created $dir ($name, scope:$scope, type:$type${alias:+, $alias})"
