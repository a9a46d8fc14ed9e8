import { describe, expect, it } from "vitest";
import { echoableValues, formDataToObject } from "./form-data";

describe("formDataToObject", () => {
  it("keeps single values, groups repeated keys and drops React's own fields", () => {
    const fd = new FormData();
    fd.set("title", "Sauna");
    fd.append("tag", "a");
    fd.append("tag", "b");
    fd.set("$ACTION_ID_123", "");
    expect(formDataToObject(fd)).toEqual({ title: "Sauna", tag: ["a", "b"] });
  });
});

describe("echoableValues", () => {
  it("never echoes passwords, secrets or files", () => {
    const fd = new FormData();
    fd.set("email", "a@b.fi");
    fd.set("password", "hunter2hunter2");
    fd.set("newPassword", "x");
    fd.set("photo", new File(["x"], "x.png"));
    expect(echoableValues(fd)).toEqual({ email: "a@b.fi" });
  });
});
