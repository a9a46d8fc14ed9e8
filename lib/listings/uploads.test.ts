import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { deleteUpload, readUpload, resolveUploadPath, sniffImageType, storeListingPhoto } from "./uploads";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const dir = await mkdtemp(path.join(os.tmpdir(), "loyly-uploads-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("sniffImageType", () => {
  it("recognises images by their bytes", () => {
    expect(sniffImageType(PNG)).toBe("png");
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("jpg");
    expect(sniffImageType(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "))).toBe("webp");
    expect(sniffImageType(new TextEncoder().encode("<svg onload=alert(1)>"))).toBeNull();
  });
});

describe("resolveUploadPath", () => {
  it("never leaves the upload folder", () => {
    expect(resolveUploadPath(dir, ["listings", "abc", "x.png"])).toBe(path.join(dir, "listings/abc/x.png"));
    expect(resolveUploadPath(dir, ["..", "etc", "passwd"])).toBeNull();
    expect(resolveUploadPath(dir, ["listings", "..", "..", "x"])).toBeNull();
    expect(resolveUploadPath(dir, ["a\\..\\b"])).toBeNull();
  });
});

describe("storeListingPhoto", () => {
  it("stores a PNG whatever its name claims, and serves and deletes it", async () => {
    const url = await storeListingPhoto(dir, "listing1", new File([PNG], "holiday.gif", { type: "image/gif" }));
    expect(url).toMatch(/^\/uploads\/listings\/listing1\/[0-9a-f-]{36}\.png$/);
    const segments = url.replace("/uploads/", "").split("/");
    const served = await readUpload(dir, segments);
    expect(served?.type).toBe("image/png");
    expect(new Uint8Array(served!.body)).toEqual(PNG);
    await deleteUpload(dir, url);
    await expect(readFile(path.join(dir, ...segments))).rejects.toThrow();
  });

  it("rejects other types, empty and oversized files", async () => {
    await expect(storeListingPhoto(dir, "l1", new File(["<svg/>"], "x.png", { type: "image/png" }))).rejects.toThrow(ValidationError);
    await expect(storeListingPhoto(dir, "l1", new File([], "x.png"))).rejects.toThrow(/Choose a photo/);
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG);
    await expect(storeListingPhoto(dir, "l1", new File([big], "x.png"))).rejects.toThrow(/too large/);
  });
});
