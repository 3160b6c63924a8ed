/**
 * ModelsLab's own SDKs against a mock of the merged document: their recorded request bodies
 * (test/fixtures/sdk-requests.json: SDK, version, file) sent to the run's in-process Prism. The
 * requests the API takes are answered 200 with an answer the document allows; the ones it refuses
 * get a 400 that says the request is invalid (not "Invalid API key"), with Prism's violation on
 * the field at fault.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedPrism } from "../contract-tests/harness/shared-servers.js";
import { MERGED_DOCUMENT } from "../contract-tests/harness/scripted-server.js";
import { parseViolations } from "../contract-tests/rules/example-prism.js";
import { BodyValidator } from "../contract-tests/specs/body-validator.js";
import { readYaml } from "../scripts/yaml-io.js";

interface RecordedRequest {
  name: string;
  sdk: string;
  version: string;
  file: string;
  path: string;
  body: Record<string, unknown>;
  expect: { status: 200 | 400; field?: string };
}

const { requests } = JSON.parse(readFileSync(new URL("./fixtures/sdk-requests.json", import.meta.url), "utf8")) as { requests: RecordedRequest[] };
const document = readYaml(MERGED_DOCUMENT, "generated/openapi.yaml") as Record<string, unknown>;
const validator = new BodyValidator();
/** The document's path template a concrete path is served by (`/v6/video/fetch/a1` → `/v6/video/fetch/{id}`). */
const templateOf = (path: string) =>
  Object.keys(document.paths as object).find((template) => new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path)) ?? path;

describe("the official SDKs' requests on a mock of the merged document", () => {
  it("records each request with the SDK, version and file it comes from", () => {
    expect(requests.length).toBeGreaterThanOrEqual(10);
    for (const request of requests) expect(request, request.name).toMatchObject({ sdk: expect.stringMatching(/^modelslab-(py|js)$/), version: expect.stringMatching(/^\d+\.\d+\.\d+$/), file: expect.any(String) });
    expect(new Set(requests.map((request) => request.expect.status))).toEqual(new Set([200, 400]));
  });

  it.each(requests.map((request) => [`${request.sdk} ${request.version}: ${request.name}`, request] as const))("%s", async (_name, request) => {
    const response = await fetch(`${sharedPrism().url}${request.path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request.body) });
    const answer = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(request.expect.status);
    const violations = parseViolations(response.headers.get("sl-violations"));
    const validate = validator.validator({ label: "generated/openapi.yaml", document: document as never, path: templateOf(request.path), method: "post", which: String(request.expect.status) }, { closed: false });
    expect(validate, `the document answers ${request.expect.status} on ${request.path}`).toBeDefined();
    expect(validate!(answer), JSON.stringify(validate!.errors)).toBe(true);
    if (request.expect.status === 200) {
      expect(violations).toEqual([]);
      expect(answer.status).toMatch(/^(processing|success)$/);
      return;
    }
    expect(answer).toEqual({ status: "error", message: "Invalid request parameters" });
    expect(violations.map((violation) => violation.location.join("."))).toContainEqual(expect.stringMatching(new RegExp(`^request\\.body(\\.|$).*${request.expect.field === "key" ? "" : request.expect.field}`)));
  });
});
