import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm } from "~/lib/forms";

function form(entries: Array<[string, string]>) {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

describe("forms with fields named like JavaScript's own object keys", () => {
  it("reads a repeated __proto__ field as a field, not as the prototype whose properties would pass for other fields", () => {
    const schema = z.object({ length: z.string().optional(), name: z.string() });
    const result = parseForm(
      schema,
      form([
        ["__proto__", "a"],
        ["__proto__", "b"],
        ["name", "Ann"],
      ]),
    );
    expect(result).toMatchObject({ success: true, data: { name: "Ann" } });
    expect(result.success && result.data.length).toBeUndefined();
  });
});
