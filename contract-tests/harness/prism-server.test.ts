import { describe, expect, it } from "vitest";
import { documentWarnings } from "./prism-server.js";

describe("documentWarnings: what Prism said about the document", () => {
  it("leaves out the route listing, whose generated path values can be any word, and keeps warnings and errors", () => {
    const output = [
      "[CLI] …  awaiting  Starting Prism…",
      "[CLI] ℹ  info      GET        http://127.0.0.1:38769/v6/model-search/error",
      "[CLI] info      POST       http://127.0.0.1:38769/v6/video/warning_fetch/7",
      "[CLI] ⚠  warning   Unknown format uri-ref",
      "[CLI] ✖  fatal     The document is not a valid OpenAPI document",
      "Error: ENOENT: no such file or directory, open 'openapi.yaml'",
      "[CLI] ▶  start     Prism is listening on http://127.0.0.1:38769",
    ].join("\n");
    expect(documentWarnings(output)).toEqual([
      "[CLI] ⚠  warning   Unknown format uri-ref",
      "[CLI] ✖  fatal     The document is not a valid OpenAPI document",
      "Error: ENOENT: no such file or directory, open 'openapi.yaml'",
    ]);
  });
});
