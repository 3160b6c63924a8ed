/**
 * The whole contract run on real Prism servers: the project's docs against the committed
 * baseline, and copies of the docs with one inconsistency fixed, one introduced, and every
 * one fixed.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { layoutOf } from "../scripts/layout.js";
import { editedDocs, type PageEdit } from "./test-support/docs-copy.js";
import { runContract } from "./run-contract.js";

const temporary: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe("npm run contract", () => {
  it("passes on the project's docs with the committed baseline, writes both reports and cites svd vs wan2.2 once", async () => {
    const reportsDir = tempDir("reports-");
    const result = await runContract({ reportsDir });
    expect(result.failures).toEqual([]);
    expect(result.stale).toEqual([]);
    expect(result.findings.filter((f) => f.status === "new")).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.counts.findings).toBeGreaterThan(15);
    expect(result.counts.responseChecks).toEqual({ passed: 28, failed: 0 });
    const svd = result.findings.filter((f) => f.endpoints.includes("POST /v6/video/img2video") && f.field === "model_id" && f.aspect === "enum");
    expect(svd).toHaveLength(1);
    expect(svd[0]!.locations).toEqual([
      { page: "v6-img2video.md", line: 7 },
      { page: "v6-img2video.md", line: 29 },
      { page: "v6-img2video.md", line: 63 },
      { page: "v6-img2video.md", line: 110 },
    ]);
    expect(svd[0]!.rules).toEqual(["claim-vs-schema", "example-schema", "example-prism"]);
    expect(svd[0]!.toolEvidence.map((s) => s.role)).toEqual(["prism"]);
    expect(svd[0]!.fix).toMatchObject({ resolvedBy: ["openapi/overlays/model-ids.overlay.yaml#1", "openapi/overlays/model-ids.overlay.yaml#2"] });
    expect(existsSync(join(reportsDir, "contract-report.json"))).toBe(true);
    const markdown = readFileSync(join(reportsDir, "contract-report.md"), "utf8");
    expect(markdown).toContain('the OpenAPI block of v6-img2video.md (line 110): enum: "svd"');
    expect(markdown).not.toMatch(/\*\*new\*\*/);
  });

  it("fails for a stale baseline entry when a docs copy fixes one inconsistency", async () => {
    const docsDir = editedDocs([{ file: "v6-img2video-ultra-legacy.txt", from: '"shift_sample":3', to: '"sample_shift":3' }]);
    temporary.push(docsDir);
    const result = await runContract({ docsDir, reportsDir: tempDir("reports-"), responses: false });
    expect(result.exitCode).toBe(1);
    expect(result.findings.filter((f) => f.status === "new")).toEqual([]);
    expect(result.stale.map((entry) => entry.field)).toEqual(["shift_sample"]);
    expect(result.failures).toEqual([]);
  });

  it("fails for the new finding when a docs copy introduces one", async () => {
    const docsDir = editedDocs([{ file: "v6-img2video.md", from: '"num_frames":25,', to: '"num_frames":30,' }]);
    temporary.push(docsDir);
    const result = await runContract({ docsDir, reportsDir: tempDir("reports-"), responses: false });
    expect(result.exitCode).toBe(1);
    expect(result.stale).toEqual([]);
    const added = result.findings.filter((f) => f.status === "new");
    expect(added.map((f) => [f.field, f.aspect, f.locations])).toEqual([
      [
        "num_frames",
        "maximum",
        [
          { page: "v6-img2video.md", line: 32 },
          { page: "v6-img2video.md", line: 133 },
        ],
      ],
    ]);
  });

  it("finds nothing in a consistent docs directory", async () => {
    // The two img2video_ultra pages, every inconsistency between them and with their schema fixed.
    const fixes: PageEdit[] = [
      { file: "v6-img2video-ultra.md", from: '    "guidance_scale":1.0,\n    "webhook": null,\n    "track_id":null\n', to: '    "guidance_scale":1.0\n' },
      { file: "v6-img2video-ultra.md", from: "        - prompt\n        - model_id\n", to: "        - prompt\n" },
      { file: "v6-img2video-ultra.md", from: "          type: integer\n          description: Output video resolution.", to: "          type: integer\n          maximum: 720\n          description: Output video resolution." },
      { file: "v6-img2video-ultra-legacy.txt", from: "The maximum is 480 .", to: "The maximum is 720 ." },
      { file: "v6-img2video-ultra-legacy.txt", from: "Default is 20. Maximum is 25.Integer (Default: 20, Max: 25).", to: "Default is 25. Maximum is 25.Integer (Default: 25, Max: 25)." },
      { file: "v6-img2video-ultra-legacy.txt", from: "When the model_id is cogvideox,", to: "When the model_id is wan2.2," },
      { file: "v6-img2video-ultra-legacy.txt", from: '"num_inference_steps":31,\n"guidance_scale":7,\n"webhook": null,\n"track_id":null\n', to: '"num_inference_steps":20,\n"guidance_scale":7\n' },
      { file: "v6-img2video-ultra-legacy.txt", from: '"num_inference_steps":30,', to: '"num_inference_steps":20,' },
      { file: "v6-img2video-ultra-legacy.txt", from: '"shift_sample":3,\n"fps":16,\n"webhook": null,\n"track_id":null\n', to: '"sample_shift":3,\n"fps":16\n' },
    ];
    const docsDir = editedDocs(fixes, ["v6-img2video-ultra.md", "v6-img2video-ultra-legacy.txt"]);
    temporary.push(docsDir);
    // A project of its own: the v6 fetch spec (whose components the page's merge with), no overlays, no baseline.
    const root = tempDir("project-");
    const source = layoutOf();
    mkdirSync(join(root, "openapi", "specs"), { recursive: true });
    mkdirSync(join(root, "openapi", "overlays"), { recursive: true });
    cpSync(join(source.specsDir, "v6-video-fetch.yaml"), join(root, "openapi", "specs", "v6-video-fetch.yaml"));
    mkdirSync(join(root, "contract-tests"));
    writeFileSync(join(root, "contract-tests", "baseline.yaml"), "findings: []\n");
    const result = await runContract({ root, docsDir, responses: false });
    expect(result.failures).toEqual([]);
    expect(result.findings).toEqual([]);
    expect(result.checks.examplesSentToPrism).toBe(3);
    expect(result.checks.examplesAcceptedByPrism).toBe(3);
    expect(result.exitCode).toBe(0);
  });
});
