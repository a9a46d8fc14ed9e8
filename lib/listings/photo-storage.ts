/**
 * Where uploaded photos live: S3-compatible object storage (S3, R2, MinIO) when S3_BUCKET is
 * configured, else a folder on the local disk (UPLOAD_DIR, the default for `npm run dev`).
 * Either way a photo's URL is `/uploads/<key>` and app/uploads/[...path] serves it, so any
 * instance can serve any photo when the storage is shared (object storage), and URLs stored
 * in the database do not change when a deployment moves from disk to a bucket (copy the
 * folder's files to the bucket under the same keys).
 *
 * Keys are `listings/<listing id>/<random uuid>.<ext>`: never reused, so the photo behind a
 * URL never changes and may be cached for a year (`immutable`).
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { getEnv, type Env, type S3Settings } from "@/lib/env";

export const PHOTO_CACHE_CONTROL = "public, max-age=31536000, immutable";

const TYPES = {
  jpg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
} as const;

/** The image type of a stored key by its extension, or null (not something we store). */
export function contentTypeFor(fileName: string): string | null {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  return ext in TYPES ? TYPES[ext as keyof typeof TYPES] : null;
}

/** `listings/<id>/<name>.<ext>` and nothing else: no dots as segments, no backslashes, no NUL. */
export function isPhotoKey(key: string): boolean {
  return /^listings\/[A-Za-z0-9]+\/[A-Za-z0-9-]+\.(jpg|png|webp)$/.test(key);
}

export interface StoredPhoto {
  body: Uint8Array;
  type: string;
}

export interface PhotoStorage {
  readonly kind: "disk" | "s3";
  /** Writes a new photo; refuses to overwrite one (keys are never reused). */
  put(key: string, bytes: Uint8Array, type: string): Promise<void>;
  /** The photo, or null when there is none under the key. */
  get(key: string): Promise<StoredPhoto | null>;
  /** Removes the photo; a missing one is not an error. */
  delete(key: string): Promise<void>;
}

/** Photos as files below one folder. */
export class DiskPhotoStorage implements PhotoStorage {
  readonly kind = "disk";
  readonly root: string;

  constructor(dir: string) {
    this.root = path.resolve(dir);
  }

  /** The file of a key, or null when the key is not a photo key or would leave the folder. */
  fileOf(key: string): string | null {
    const segments = key.split("/");
    if (segments.some((s) => s === "" || s === "." || s === ".." || s.includes("\\") || s.includes("\0"))) return null;
    const absolute = path.resolve(this.root, ...segments);
    return absolute.startsWith(this.root + path.sep) ? absolute : null;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.fileOf(key);
    if (!file) throw new Error(`not a photo key: ${key}`);
    await mkdir(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true });
    await writeFile(/*turbopackIgnore: true*/ file, bytes, { flag: "wx" });
  }

  async get(key: string): Promise<StoredPhoto | null> {
    const file = this.fileOf(key);
    const type = file ? contentTypeFor(file) : null;
    if (!file || !type) return null;
    try {
      return { body: new Uint8Array(await readFile(/*turbopackIgnore: true*/ file)), type };
    } catch {
      return null;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.fileOf(key);
    if (file) await rm(/*turbopackIgnore: true*/ file, { force: true });
  }
}

/** Photos as objects in an S3-compatible bucket (AWS SDK v3). */
export class S3PhotoStorage implements PhotoStorage {
  readonly kind = "s3";
  private client: Promise<S3Client> | undefined;

  constructor(readonly settings: S3Settings) {}

  /** The SDK is loaded on first use, so a disk-only deployment never loads it. */
  private s3(): Promise<S3Client> {
    this.client ??= import("@aws-sdk/client-s3").then(
      ({ S3Client }) =>
        new S3Client({
          region: this.settings.region,
          endpoint: this.settings.endpoint,
          forcePathStyle: this.settings.forcePathStyle,
          credentials: this.settings.credentials,
        }),
    );
    return this.client;
  }

  private objectKey(key: string): string {
    return this.settings.prefix ? `${this.settings.prefix}/${key}` : key;
  }

  async put(key: string, bytes: Uint8Array, type: string): Promise<void> {
    if (!isPhotoKey(key)) throw new Error(`not a photo key: ${key}`);
    const { PutObjectCommand } = await import("@aws-sdk/client-s3");
    await (await this.s3()).send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: this.objectKey(key),
        Body: bytes,
        ContentType: type,
        ContentLength: bytes.byteLength,
        CacheControl: PHOTO_CACHE_CONTROL,
      }),
    );
  }

  async get(key: string): Promise<StoredPhoto | null> {
    const type = contentTypeFor(key);
    if (!isPhotoKey(key) || !type) return null;
    const { GetObjectCommand } = await import("@aws-sdk/client-s3");
    try {
      const out = await (await this.s3()).send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
      if (!out.Body) return null;
      return { body: await out.Body.transformToByteArray(), type };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    if (!isPhotoKey(key)) return;
    const { DeleteObjectCommand } = await import("@aws-sdk/client-s3");
    await (await this.s3()).send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
  }
}

/** The object is not there (a 404 for a missing bucket is a configuration error, not this). */
function isNotFound(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { name?: unknown; Code?: unknown };
  return e.name === "NoSuchKey" || e.Code === "NoSuchKey";
}

/** The storage the environment configures: the bucket when S3_BUCKET is set, else UPLOAD_DIR. */
export function storageFor(env: Pick<Env, "S3" | "UPLOAD_DIR">): PhotoStorage {
  return env.S3 ? new S3PhotoStorage(env.S3) : new DiskPhotoStorage(env.UPLOAD_DIR);
}

const globalForStorage = globalThis as typeof globalThis & { __loylyPhotoStorage?: PhotoStorage };

/** The process's photo storage (one S3 client per process). */
export function photoStorage(): PhotoStorage {
  globalForStorage.__loylyPhotoStorage ??= storageFor(getEnv());
  return globalForStorage.__loylyPhotoStorage;
}
