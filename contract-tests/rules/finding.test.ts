import { describe, expect, it } from "vitest";
import { mergeDrafts, type FindingDraft } from "./finding.js";

const draft = (overrides: Partial<FindingDraft>): FindingDraft => ({
  rule: "example-schema",
  severity: "error",
  endpoints: ["POST /v6/video/img2video"],
  field: "model_id",
  aspect: "enum",
  message: "m",
  statements: [],
  ...overrides,
});

describe("findings", () => {
  const prose = { role: "prose" as const, location: { page: "p.md", line: 7 }, says: "the page says: wan2.2" };
  const example = { role: "example" as const, location: { page: "p.md", line: 29 }, says: 'sends "model_id": "wan2.2"' };
  const schema = { role: "schema" as const, location: { page: "p.md", line: 110 }, says: "enum: svd" };

  it("merges drafts about one field and aspect into one finding citing every place once, led by the first rule", () => {
    const findings = mergeDrafts([
      draft({ statements: [example, schema] }),
      draft({ rule: "claim-vs-schema", message: "lead", statements: [prose, schema] }),
      draft({ rule: "example-prism", statements: [{ role: "prism", location: example.location, says: "Prism answers 400" }] }),
      draft({ field: "webhook", aspect: "type", severity: "warning", statements: [example] }),
    ]);
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({ rule: "claim-vs-schema", rules: ["claim-vs-schema", "example-schema", "example-prism"], message: "lead" });
    expect(findings[0]!.locations.map((l) => l.line)).toEqual([7, 29, 110]);
    expect(findings[0]!.evidence.map((s) => s.role)).toEqual(["prose", "example", "schema"]);
    expect(findings[0]!.toolEvidence.map((s) => s.role)).toEqual(["prism"]);
    expect(findings[0]!.evidence.map((s) => s.where)).toEqual(["p.md (line 7)", "the example on p.md (line 29)", "the OpenAPI block of p.md (line 110)"]);
  });

  it("merges drafts of one cause across fields and endpoints, with every fix's edits, and names a transcription by its spec line", () => {
    const edit = (line: number) => ({ page: "p.md", line, before: "a", after: "b" });
    const fix = (line: number) => ({ follows: "x", why: "y", edits: [edit(line)] });
    const [finding] = mergeDrafts([
      draft({ field: "webhook", cause: "nulls", statements: [example], fix: fix(38) }),
      draft({ field: "track_id", endpoints: ["POST /v1/enterprise/video/img2video"], cause: "nulls", statements: [schema], fix: fix(39) }),
    ]);
    expect(finding).toMatchObject({ field: "webhook, track_id", endpoints: ["POST /v1/enterprise/video/img2video", "POST /v6/video/img2video"], kind: "docs" });
    expect(finding!.fix!.edits).toEqual([edit(38), edit(39)]);
    const [transcribed] = mergeDrafts([draft({ kind: "transcription", statements: [{ role: "spec", location: { page: "e.md", line: 61, spec: { file: "openapi/specs/e.yaml", line: 176 } }, says: "default: 0" }] })]);
    expect(transcribed!.evidence[0]!.where).toBe("the project's transcription of e.md (openapi/specs/e.yaml:176)");
    expect(transcribed!.fix).toBeUndefined();
  });

  it("gives an id from what the finding is about (rule, field, endpoints, aspect, pages), never from lines or words", () => {
    const [a] = mergeDrafts([draft({ statements: [example, schema] })]);
    const [moved] = mergeDrafts([draft({ statements: [{ ...example, location: { page: "p.md", line: 31 } }, { ...schema, location: { page: "p.md", line: 120 } }] })]);
    const [reworded] = mergeDrafts([draft({ statements: [{ ...example, says: 'sends "model_id": "ltx-2.3"' }, schema] })]);
    const [otherPage] = mergeDrafts([draft({ statements: [{ ...example, location: { page: "q.md", line: 4 } }, schema] })]);
    const [otherField] = mergeDrafts([draft({ field: "resolution", statements: [example, schema] })]);
    expect(moved!.id).toBe(a!.id);
    expect(reworded!.id).toBe(a!.id);
    expect(otherPage!.id).not.toBe(a!.id);
    expect(otherField!.id).not.toBe(a!.id);
    expect(a!.id).toMatch(/^example-schema-[0-9a-f]{10}$/);
  });
});
