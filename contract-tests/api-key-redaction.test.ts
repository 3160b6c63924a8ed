import { describe, expect, it } from "vitest";
import { redactedValue } from "./api-key-redaction.js";

describe("API key redaction", () => {
  it("keeps documented placeholders and redacts what may be a real key", () => {
    for (const placeholder of ["", "your_api_key", "YOUR_API_KEY", "enterprise_api_key", "xxxx"]) expect(redactedValue("key", placeholder)).toBe(placeholder);
    expect(redactedValue("key", "sk9f8Qw7Zx6Lm5Np4Rt3")).toBe("sk…(redacted, 20 characters)");
    expect(redactedValue("prompt", "sk9f8Qw7Zx6Lm5Np4Rt3")).toBe("sk9f8Qw7Zx6Lm5Np4Rt3");
  });
});
