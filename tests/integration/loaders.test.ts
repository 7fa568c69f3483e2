import { describe, expect, it } from "vitest";
import { requireContactCard, requireModule, requireWorkshop } from "~/lib/loaders.server";
import { createWorkshop } from "~/models/workshop.server";
import { testWorkshopInput } from "../factories";

/** What a loader throws, as status and text. */
async function thrown(load: () => unknown) {
  try {
    load();
  } catch (response) {
    if (!(response instanceof Response)) throw response;
    return { status: response.status, text: await response.text() };
  }
  throw new Error("nothing was thrown");
}

describe("a record named in the URL, or a 404 that helps", () => {
  it("answers the same 404 for an address that does not parse and one that names nothing", async () => {
    const workshop = "We could not find that workshop. It may have been removed from the programme.";
    const module = "We could not find that module. It may have been renamed or withdrawn.";
    const contact = "We could not find that contact. They may have left the network.";
    for (const raw of [undefined, "", "abc", "0", "-1", "1.5", "999999", "9007199254740992"]) {
      expect(await thrown(() => requireWorkshop(raw))).toEqual({ status: 404, text: workshop });
      expect(await thrown(() => requireContactCard(raw))).toEqual({ status: 404, text: contact });
    }
    const modules = [undefined, "", "Homelessness-Awareness", "no-such-module", "../etc", "constructor", "__proto__"];
    for (const raw of modules) {
      expect(await thrown(() => requireModule(raw))).toEqual({ status: 404, text: module });
    }
  });

  it("returns the record when there is one", () => {
    const input = testWorkshopInput({ title: "Duty to Refer in practice" });
    const { id } = createWorkshop({ input, createdBy: null });
    expect(requireWorkshop(String(id))).toMatchObject({ id, title: "Duty to Refer in practice" });
    expect(requireModule("homelessness-awareness")).toMatchObject({ id: "homelessness-awareness" });
  });
});
