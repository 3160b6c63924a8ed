/**
 * Whole checks of docs-repository copies for rule tests: each copy checked with --docs-repo
 * (Prism's example runs off; the client's calls when asked), the copies and reports removed after
 * the file's tests.
 */
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, expect } from "vitest";
import type { ContractResult } from "../report/contract-result.js";
import { runContract } from "../run-contract.js";
import type { RuleId } from "../rules/finding.js";
import { editedDocs } from "./docs-copy.js";
import { docsRepoCopy, type DocsRepoCopy } from "./docs-repo-copy.js";

/** What fix-verification.ts's sideOutcome gives for a side that holds (toMatchObject). */
export const HOLDS = { gone: true, newFindings: [], failures: [], conflicts: [], responseChecks: expect.objectContaining({ failed: 0 }) };

/**
 * Today's docs repository (an unedited copy) checked as onRepo checks a copy, once per process:
 * the rule files that read today's findings share the run (a worker that runs several of them
 * checks it once). Nothing changes the result; the copy and its reports are removed once it is made.
 */
let todays: Promise<ContractResult> | undefined;

export function todaysRepoCheck(): Promise<ContractResult> {
  return (todays ??= (async () => {
    const copy = docsRepoCopy();
    const reportsDir = editedDocs([]);
    try {
      return await runContract({ docsRepo: copy.repo, pagesDir: copy.pages, reportsDir, responses: false, prism: false });
    } finally {
      for (const dir of [dirname(copy.repo), reportsDir]) rmSync(dir, { recursive: true, force: true });
    }
  })());
}

export function repoChecks(): { onRepo: (copy: DocsRepoCopy, responses?: boolean) => Promise<ContractResult>; of: (result: ContractResult, rule: RuleId) => ContractResult["findings"] } {
  const temporary: string[] = [];
  afterAll(() => {
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });
  const reportsDir = editedDocs([]);
  temporary.push(reportsDir);
  return {
    onRepo: (copy, responses = false) => {
      temporary.push(dirname(copy.repo));
      return runContract({ docsRepo: copy.repo, pagesDir: copy.pages, reportsDir, responses, prism: false });
    },
    of: (result, rule) => result.findings.filter((f) => f.rule === rule),
  };
}
