import { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { isRecordNotFound } from "./transactions.server";

const prismaError = (code: string) => new Prisma.PrismaClientKnownRequestError(`Prisma ${code}`, { code, clientVersion: Prisma.prismaVersion.client });

describe("a row that is not there", () => {
  it("is Prisma's P2025, and no other error", () => {
    expect(isRecordNotFound(prismaError("P2025"))).toBe(true);
    expect(isRecordNotFound(prismaError("P2002"))).toBe(false); // a unique key taken: another answer
    expect(isRecordNotFound(Object.assign(new Error("P2025"), { code: "P2025" }))).toBe(false);
    expect(isRecordNotFound(null)).toBe(false);
  });
});
