/**
 * Prism's dynamic mode on the merged document, read strictly: for every operation, 200 answers
 * generated from the schemas (seeds 0-199) must be JSON the document allows and that a real server
 * could send: a status, no `eta` or `generationTime` below zero, a `success` with at least one
 * output URL, every URL an http(s) one.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModelsLabFetchClient, operationIndex, type OperationId } from "../generated/client.js";
import type { JsonSchemaFakerRandom } from "../contract-tests/harness/pattern-strings.js";
import { startPrism, type PrismServer } from "../contract-tests/harness/prism-server.js";
import { MERGED_DOCUMENT } from "../contract-tests/harness/scripted-server.js";
import { operationCalls } from "../contract-tests/responses/operation-calls.js";
import { BodyValidator } from "../contract-tests/specs/body-validator.js";
import { readYaml } from "../scripts/yaml-io.js";

const ANSWERS = 200;
const document = readYaml(MERGED_DOCUMENT, "generated/openapi.yaml") as Record<string, unknown>;
const validator = new BodyValidator();
let prism: PrismServer;

beforeAll(async () => {
  prism = await startPrism({ document: MERGED_DOCUMENT, dynamic: true, seed: 0 });
});
afterAll(async () => prism?.stop());

/** An http(s) URL by its scheme (the mock's random host names are not always ones a URL parser takes). */
const isHttpUrl = (value: unknown) => typeof value === "string" && /^https?:\/\/\S+$/.test(value);

/** What a real server's answer always holds, beyond what the schema says: the stricter reading. */
export function unrealistic(kind: string, answer: unknown): string[] {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return ["not a JSON object"];
  const body = answer as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof body.status !== "string") problems.push("no status");
  for (const field of ["eta", "generationTime"]) if (typeof body[field] === "number" && (body[field] as number) < 0) problems.push(`${field} ${String(body[field])} is below zero`);
  // The upload answers a URL, the queue count a number: only video answers must carry an output URL.
  if (kind !== "upload" && kind !== "account" && body.status === "success" && !(Array.isArray(body.output) && body.output.length > 0)) problems.push("success without an output URL");
  for (const field of ["output", "future_links", "proxy_links"]) {
    const urls = body[field];
    if (Array.isArray(urls)) for (const url of urls) if (!isHttpUrl(url)) problems.push(`${field} holds ${JSON.stringify(url)}, not an http(s) URL`);
  }
  if (body.fetch_result !== undefined && !isHttpUrl(body.fetch_result)) problems.push(`fetch_result ${JSON.stringify(body.fetch_result)} is not an http(s) URL`);
  return problems;
}

describe(`${ANSWERS} dynamic-mock answers per operation`, () => {
  it("reads a made-up answer as unrealistic (the stricter reading can fail)", () => {
    expect(unrealistic("fetch", { status: "success", output: [] })).toEqual(["success without an output URL"]);
    expect(unrealistic("submit", { status: "processing", eta: -3 })).toEqual(["eta -3 is below zero"]);
    expect(unrealistic("fetch", { eta: 1 })).toEqual(["no status"]);
  });

  it("makes each string of a regular expression as json-schema-faker's randexp does, draw for draw (contract-tests/harness/pattern-strings.ts)", () => {
    // The json-schema-faker and seedrandom Prism generates with (prism-mock.ts put the kept-parse draw in place).
    const fromPrism = createRequire(createRequire(import.meta.url).resolve("@stoplight/prism-http"));
    const jsf = (fromPrism("json-schema-faker") as { JSONSchemaFaker: JsonSchemaFakerRandom & { generate(schema: object): unknown; option(name: string, value: unknown): void } }).JSONSchemaFaker;
    const seeded = fromPrism("seedrandom") as (seed: string) => () => number;
    const random = jsf.random as JsonSchemaFakerRandom["random"] & { randexpOfRandexp?: (value: unknown) => string };
    const own = random.randexpOfRandexp!;
    const kept = random.randexp;
    expect(kept).not.toBe(own);
    const formats = ["email", "hostname", "ipv6", "uri", "slug", "uri-reference", "uri-template", "json-pointer", "uuid", "duration", "iri", "iri-reference", "idn-email", "idn-hostname"];
    const patterns = [
      "^[A-Z]{2,4}-\\d{3}(?:-[a-z]+)?$", "(foo|bar|ba[zq])+", "[^a-c]\\W\\S.\\s\\D", "a{3,}b*?c+", "x(?=y)z(?!w)q", "[\\w.-]+@[\\w-]+\\.[a-z]{2,}", "[+-.][a\\-z][\\]x-]",
      "\\d\\b\\B^$", "{abc}a{,3}]}", "é[ü-ÿ][^\\d\\s]", "(a|)(?:|b|cd)*", "[\\s\\S]{2}[\\W]", "\\u0041\\x42", "(a)\\1", "[\\b]", "a\\tb",
    ];
    const schema = {
      type: "object",
      properties: Object.fromEntries([...formats.map((format) => [format, { type: "string", format }]), ...patterns.map((pattern, at) => [`p${at}`, { type: "string", pattern }])]),
      patternProperties: { "^x-[a-z]{3}$": { type: "integer" } },
      additionalProperties: { type: "boolean" },
      minProperties: 40,
    };
    const before = jsf.option("random");
    try {
      for (let seed = 0; seed < 60; seed++) {
        const made = (randexp: (value: unknown) => string) => {
          random.randexp = randexp;
          jsf.option("random", seeded(String(seed)));
          return JSON.stringify(jsf.generate(structuredClone(schema)));
        };
        expect(made(kept), `seed ${seed}`).toBe(made(own));
      }
    } finally {
      random.randexp = kept;
      jsf.option("random", before);
    }
  });

  it.each(Object.keys(operationCalls) as OperationId[])("%s", async (operationId) => {
    const { path, method, kind } = operationIndex[operationId];
    const validate = validator.validator({ label: "generated/openapi.yaml", document: document as never, path, method, which: "200" }, { closed: false })!;
    const client = createModelsLabFetchClient({ baseUrl: prism.url });
    const problems = new Map<string, number>();
    const statuses = new Map<string, number>();
    for (let seed = 0; seed < ANSWERS; seed++) {
      const { data, response } = await operationCalls[operationId](client, { prefer: `seed=${seed}` });
      const found = response.status !== 200 ? [`HTTP ${response.status}`] : !validate(data) ? (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`) : unrealistic(kind, data);
      for (const problem of found) problems.set(problem, (problems.get(problem) ?? 0) + 1);
      const status = (data as { status?: unknown } | undefined)?.status;
      statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
    }
    expect(Object.fromEntries(problems)).toEqual({});
    // The answers cover the kinds of answer: more than one status among 200.
    // (The upload and the queue count answer only `success` with a 200.)
    if (kind !== "upload" && kind !== "account") expect(statuses.size).toBeGreaterThan(1);
  });
});
