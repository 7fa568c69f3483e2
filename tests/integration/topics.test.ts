/**
 * Proposed topics, ranked by support and then age, each with whether the
 * member asking supports it: what /topics, the coordinator's topics page and
 * network health list. Their statements are prepared once per connection, so
 * each member asking in turn must get their own answer.
 */
import { describe, expect, it } from "vitest";
import { listTopics, proposeTopic, scheduleTopic, setTopicSupport } from "~/models/feedback.server";
import { createWorkshop } from "~/models/workshop.server";
import { createTestMember, testWorkshopInput } from "../factories";

describe("topics", () => {
  it("are ranked by support, then oldest first, with each member's own support and any workshop scheduled", async () => {
    const [ash, bo, cy] = [
      await createTestMember({ name: "Ash Proposer" }),
      await createTestMember({ name: "Bo Supporter" }),
      await createTestMember({ name: "Cy Supporter" }),
    ];
    const day = (n: number) => new Date(Date.UTC(2026, 5, n, 9));
    const topic = (title: string, by: number, on: number) =>
      proposeTopic({ memberId: by, title, details: `About ${title}`, now: day(on) }).id;
    // Proposing a topic supports it.
    const older = topic("Older, by its proposer only", ash.id, 1);
    const newer = topic("Newer, by its proposer only", bo.id, 2);
    const popular = topic("Supported by three", cy.id, 3);
    const two = topic("Supported by two", ash.id, 4);
    for (const [id, who] of [
      [popular, ash],
      [popular, bo],
      [two, cy],
    ] as const)
      setTopicSupport({ topicId: id, memberId: who.id, support: true });
    const starts = new Date(Date.now() + 30 * 86_400_000);
    const workshop = createWorkshop({
      input: testWorkshopInput({
        title: "Discharge workshop",
        startsAt: starts,
        bookingClosesAt: new Date(starts.getTime() - 86_400_000),
      }),
      createdBy: null,
    });
    scheduleTopic({ topicId: two, workshopId: workshop.id });

    const seenBy = (memberId: number) =>
      listTopics({ memberId }).map((t) => [t.title, t.supporters, t.supportedByMe, t.status]);
    expect(seenBy(ash.id)).toEqual([
      ["Supported by three", 3, true, "open"],
      ["Supported by two", 2, true, "scheduled"],
      ["Older, by its proposer only", 1, true, "open"],
      ["Newer, by its proposer only", 1, false, "open"],
    ]);
    // Asked next by others on the same connection: their own support, not the first asker's.
    expect(seenBy(cy.id).map(([, , mine]) => mine)).toEqual([true, true, false, false]);
    expect(seenBy(bo.id).map(([, , mine]) => mine)).toEqual([true, false, false, true]);
    const scheduled = listTopics({ memberId: ash.id }).find((t) => t.id === two)!;
    expect(scheduled).toMatchObject({
      proposedBy: "Ash Proposer",
      scheduledWorkshopId: workshop.id,
      scheduledWorkshopTitle: "Discharge workshop",
      scheduledWorkshopStartsAt: starts,
      createdAt: day(4),
    });
    expect(listTopics({ memberId: bo.id }).map((t) => t.id)).toEqual([popular, two, older, newer]);
  });
});
