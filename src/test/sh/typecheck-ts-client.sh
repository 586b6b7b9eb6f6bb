#!/usr/bin/env bash
# Type-checks the TypeScript (typescript-fetch) client that the build generates from the OpenAPI document, with
# tsc from the npm registry. Run by `./mvnw verify` after test compilation; skipped (with a message) when Node.js
# and npm are not installed, as the issue allows.
# Usage: typecheck-ts-client.sh <generated client directory> <work directory for tsc>
set -euo pipefail

client=$1
work=$2
typescript_version=5.9.3

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "typecheck-ts-client: Node.js/npm not found: the TypeScript client is not type-checked" >&2
  exit 0
fi
mkdir -p "$work"
if [ ! -x "$work/node_modules/.bin/tsc" ] || ! "$work/node_modules/.bin/tsc" --version | grep -q "$typescript_version"; then
  npm install --silent --no-audit --no-fund --prefix "$work" "typescript@$typescript_version" >&2
fi
cat > "$work/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "target": "ES2020",
    "module": "ES2020",
    "moduleResolution": "node",
    "lib": ["ES2020", "DOM"],
    "strict": true,
    "noEmit": true,
    "skipLibCheck": false
  },
  "include": ["$client/**/*.ts"]
}
JSON
"$work/node_modules/.bin/tsc" -p "$work/tsconfig.json"
echo "typecheck-ts-client: $(find "$client" -name '*.ts' | wc -l) files of the TypeScript client type-check" >&2
