/** The report formats of one real run (no Prism): SARIF against the SARIF 2.1.0 schema, workflow commands, Markdown. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Ajv as AjvCore } from "ajv";
import AjvDraft04Module from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import { afterAll, describe, expect, it } from "vitest";
import { runContract } from "../run-contract.js";
import { annotations } from "./annotations.js";
import { sarifReport } from "./sarif-report.js";

// Both are CommonJS: under NodeNext the default export arrives as the module object.
type AjvClass = new (options: object) => AjvCore;
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: AjvClass }).default ?? AjvDraft04Module) as unknown as AjvClass;
const addFormats = ((addFormatsModule as unknown as { default?: (ajv: AjvCore) => AjvCore }).default ?? addFormatsModule) as unknown as (ajv: AjvCore) => AjvCore;
const reportsDir = mkdtempSync(join(tmpdir(), "reports-"));
afterAll(() => rmSync(reportsDir, { recursive: true, force: true }));
// The schema is vendored (OASIS sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json): no network in tests.
const schema = JSON.parse(readFileSync(new URL("../test-support/sarif/sarif-schema-2.1.0.json", import.meta.url), "utf8")) as object;

describe("reports", async () => {
  const result = await runContract({ reportsDir, responses: false, prism: false });

  it("writes SARIF that validates against the SARIF 2.1.0 schema, one result per finding with its fix", () => {
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const written = JSON.parse(readFileSync(join(reportsDir, "contract-report.sarif"), "utf8")) as unknown;
    expect(validate(written), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const log = sarifReport(result);
    expect(log.runs[0]!.results).toHaveLength(result.findings.length);
    const svd = log.runs[0]!.results!.find((r) => r.partialFingerprints?.findingId === "claim-vs-schema-cb704ad29a")!;
    // In the files the docs team edits: the page source's description, and the fix in the openapi.json it renders.
    expect(svd.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: "video-api/img-to-video.mdx", uriBaseId: "DOCSROOT" });
    expect(svd.locations![0]!.physicalLocation!.region!.startLine).toBe(4);
    expect(svd.relatedLocations!.map((l) => l.physicalLocation!.artifactLocation!.uri)).toContain("openapi/upstream/v6-img2video.md");
    expect(svd.fixes![0]!.artifactChanges[0]!.artifactLocation).toEqual({ uri: "video-api/openapi.json", uriBaseId: "DOCSROOT" });
    expect(svd.fixes![0]!.artifactChanges[0]!.replacements[0]).toMatchObject({ deletedRegion: { startLine: 194 } });
    expect(log.runs[0]!.originalUriBaseIds!.DOCSROOT!.uri).toMatch(/^file:\/\/.*\/openapi\/upstream\/docs-repo\/$/);
    // A validator that cannot fail would prove nothing.
    expect(validate({ version: "2.1.0", runs: [{ results: [] }] })).toBe(false);
  });

  it("puts a workflow command on the page line of every new finding, escaped, and none for baselined ones", () => {
    expect(annotations(result)).toEqual([]);
    const fresh = { ...result, findings: result.findings.map((f) => ({ ...f, status: "new" as const, message: `${f.message}\n100%` })) };
    const lines = annotations(fresh);
    expect(lines).toHaveLength(result.findings.length);
    expect(lines[0]).toMatch(/^::error file=openapi\/upstream\/docs-repo\/[^,]+,line=\d+,title=docs finding [\w-]+::.*%0A100%25/);
    expect(lines.every((line) => !line.slice(2).includes("\n"))).toBe(true);
  });

  it("opens the Markdown report with a summary by page, then each finding's places, fix and tool evidence", () => {
    const markdown = readFileSync(join(reportsDir, "contract-report.md"), "utf8");
    const lines = markdown.split("\n");
    expect(lines.slice(0, 6).join("\n")).toContain("| Page | Docs errors | Docs warnings | Transcription | New |");
    expect(lines.findIndex((line) => line.startsWith("| `v6-img2video.md`"))).toBeLessThan(15);
    expect(markdown).toContain("- `video-api/openapi.json:811` — the OpenAPI block of v6-img2video.md (line 110): enum: \"svd\"");
    expect(markdown).toContain("**Suggested fix** — follow the page's own list");
  });
});
