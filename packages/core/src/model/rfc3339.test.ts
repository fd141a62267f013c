import { describe, expect, test } from "vitest";
import { SchedkitError } from "../errors.js";
import { parseRFC3339 } from "./rfc3339.js";

describe("parseRFC3339", () => {
  // Expected values come from the platform's own ISO 8601 parser, an independent implementation.
  test.each([
    "2024-05-14T09:12:45Z",
    "1970-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "2024-02-29T23:59:59Z",
    "2000-02-29T00:00:00Z",
    "2024-05-14T09:12:45+02:00",
    "2024-05-14T09:12:45-07:30",
    "2024-05-14T09:12:45.123Z",
    "2024-05-14T09:12:45.1Z",
    "9999-12-31T23:59:59Z",
  ])("accepts %s", (s) => {
    expect(parseRFC3339(s, "t")).toBe(Date.parse(s));
  });

  test("years below 100 are not shifted into the 1900s", () => {
    expect(parseRFC3339("0001-01-01T00:00:00Z", "t")).toBe(new Date("0001-01-01T00:00:00Z").getTime());
  });

  test("fractions finer than a millisecond are truncated", () => {
    expect(parseRFC3339("2024-05-14T09:12:45.123999999Z", "t")).toBe(Date.parse("2024-05-14T09:12:45.123Z"));
    expect(parseRFC3339("2024-05-14T09:12:45.0009Z", "t")).toBe(Date.parse("2024-05-14T09:12:45Z"));
  });

  test.each([
    "",
    "2024-05-14",
    "2024-05-14T09:12:45",
    "2024-05-14 09:12:45Z",
    "2024-05-14t09:12:45Z",
    "2024-05-14T09:12:45z",
    "2024-02-30T00:00:00Z",
    "2023-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-00-01T00:00:00Z",
    "2024-05-14T24:00:00Z",
    "2024-05-14T09:60:00Z",
    "2024-05-14T09:12:60Z",
    "2024-05-14T09:12:45+0200",
    "2024-05-14T09:12:45+24:00",
    "2024-05-14T09:12:45.Z",
    "2024-05-14T09:12:45,5Z",
    "+2024-05-14T09:12:45Z",
    "2024-05-14T09:12:45ZZ",
  ])("rejects %j", (s) => {
    expect(() => parseRFC3339(s, "pods[0].metadata.creationTimestamp")).toThrow(
      new SchedkitError("pods[0].metadata.creationTimestamp", s, "is not an RFC 3339 timestamp"),
    );
  });
});
