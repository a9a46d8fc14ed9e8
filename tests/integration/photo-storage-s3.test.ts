/**
 * Photos in S3-compatible object storage, against a real S3 server (s3rver, started here on
 * a free port with a bucket of its own): stored, read back, served by the /uploads route
 * with a year's immutable caching, deleted; the bucket holds the object under the prefix with
 * its type and cache header; a missing key is a 404, not an error.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache, type S3Settings } from "@/lib/env";
import { S3PhotoStorage, PHOTO_CACHE_CONTROL } from "@/lib/listings/photo-storage";
import { deleteUpload, readUpload, storeListingPhoto } from "@/lib/listings/uploads";
import { freePort } from "@/scripts/lib/db/embedded";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
const BUCKET = "loyly-photos-it";

let server: S3rver;
let dir: string;
let settings: S3Settings;
let direct: S3Client;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "loyly-s3rver-"));
  const port = await freePort();
  server = new S3rver({ port, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: BUCKET }] });
  await server.run();
  settings = {
    bucket: BUCKET,
    region: "eu-north-1",
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    forcePathStyle: true,
    prefix: "test/photos",
  };
  direct = new S3Client({ region: settings.region, endpoint: settings.endpoint, forcePathStyle: true, credentials: settings.credentials });
});

afterAll(async () => {
  direct.destroy();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("S3PhotoStorage", () => {
  it("stores an upload as an object under the prefix, with its type and a year's immutable caching", async () => {
    const storage = new S3PhotoStorage(settings);
    const url = await storeListingPhoto(storage, "listing1", new File([PNG], "holiday.gif", { type: "image/gif" }));
    expect(url).toMatch(/^\/uploads\/listings\/listing1\/[0-9a-f-]{36}\.png$/);
    const key = url.slice("/uploads/".length);

    const head = await direct.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `test/photos/${key}` }));
    expect(head.ContentType).toBe("image/png");
    expect(head.CacheControl).toBe(PHOTO_CACHE_CONTROL);
    const object = await direct.send(new GetObjectCommand({ Bucket: BUCKET, Key: `test/photos/${key}` }));
    expect(await object.Body?.transformToByteArray()).toEqual(PNG);

    const served = await readUpload(storage, key.split("/"));
    expect(served?.type).toBe("image/png");
    expect(served?.body).toEqual(PNG);

    await deleteUpload(storage, url);
    expect(await readUpload(storage, key.split("/"))).toBeNull();
    await expect(direct.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `test/photos/${key}` }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it("answers null for a missing photo, and never asks the bucket for something that is not a photo key", async () => {
    const storage = new S3PhotoStorage(settings);
    expect(await storage.get("listings/nobody/00000000-0000-0000-0000-000000000000.png")).toBeNull();
    expect(await readUpload(storage, ["..", "..", "etc", "passwd"])).toBeNull();
    expect(await readUpload(storage, ["listings", "x", "a.svg"])).toBeNull();
    await expect(storage.put("../escape.png", PNG, "image/png")).rejects.toThrow(/not a photo key/);
  });

  it("a bucket that does not exist is an error, not a missing photo", async () => {
    const storage = new S3PhotoStorage({ ...settings, bucket: "no-such-bucket" });
    await expect(storage.get("listings/x/00000000-0000-0000-0000-000000000000.png")).rejects.toThrow();
  });

  it("the /uploads route serves what another instance stored, from the bucket the environment names", async () => {
    const uploaded = await storeListingPhoto(new S3PhotoStorage(settings), "listing2", new File([PNG], "p.png"));
    const saved = { ...process.env };
    Object.assign(process.env, {
      S3_BUCKET: BUCKET,
      S3_REGION: settings.region,
      S3_ENDPOINT: settings.endpoint,
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_FORCE_PATH_STYLE: "true",
      S3_PREFIX: settings.prefix,
    });
    resetEnvCache();
    try {
      const { GET } = await import("@/app/uploads/[...path]/route");
      const ok = await GET(new Request(`http://loyly.test${uploaded}`), { params: Promise.resolve({ path: uploaded.slice(9).split("/") }) });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(ok.headers.get("content-type")).toBe("image/png");
      expect(new Uint8Array(await ok.arrayBuffer())).toEqual(PNG);
      const missing = await GET(new Request("http://loyly.test/uploads/listings/listing2/nope.png"), { params: Promise.resolve({ path: ["listings", "listing2", "nope.png"] }) });
      expect(missing.status).toBe(404);
    } finally {
      process.env = saved;
      resetEnvCache();
    }
  });
});
