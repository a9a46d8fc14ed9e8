/**
 * Photo uploads, stored in the configured photo storage (photo-storage.ts: object storage
 * when S3_BUCKET is set, else the disk under UPLOAD_DIR) and served by app/uploads/[...path].
 * The type is decided by the file's first bytes, not by its name or the browser's claim.
 * Each function takes the storage, or a folder (the disk storage of that folder).
 */
import { randomUUID } from "node:crypto";
import { ValidationError } from "@/lib/errors";
import { contentTypeFor, DiskPhotoStorage, type PhotoStorage, type StoredPhoto } from "./photo-storage";

export { contentTypeFor };

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const UPLOAD_URL_PREFIX = "/uploads/";

type Extension = "jpg" | "png" | "webp";

function storageOf(storage: PhotoStorage | string): PhotoStorage {
  return typeof storage === "string" ? new DiskPhotoStorage(storage) : storage;
}

/** jpg/png/webp from magic bytes, or null. */
export function sniffImageType(bytes: Uint8Array): Extension | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return "jpg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  return null;
}

/** Validates and stores an uploaded image; returns its public URL. */
export async function storeListingPhoto(storage: PhotoStorage | string, listingId: string, file: File): Promise<string> {
  if (file.size === 0) throw new ValidationError("Choose a photo to upload.", { photo: ["Choose a photo to upload."] });
  if (file.size > MAX_UPLOAD_BYTES) {
    throw new ValidationError("The photo is too large.", { photo: ["The photo must be at most 5 MB."] });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const ext = sniffImageType(bytes);
  if (!ext) {
    throw new ValidationError("Unsupported file type.", { photo: ["Upload a JPEG, PNG or WebP image."] });
  }
  if (!/^[a-z0-9]+$/i.test(listingId)) throw new ValidationError("Bad listing id.");
  const key = `listings/${listingId}/${randomUUID()}.${ext}`;
  await storageOf(storage).put(key, bytes, contentTypeFor(key) ?? "application/octet-stream");
  return UPLOAD_URL_PREFIX + key;
}

/** The absolute file for a URL path below /uploads/, or null when it escapes the folder. */
export function resolveUploadPath(uploadDir: string, segments: readonly string[]): string | null {
  if (segments.some((s) => s.includes("/"))) return null;
  return new DiskPhotoStorage(uploadDir).fileOf(segments.join("/"));
}

/** The photo at a URL path below /uploads/ (its segments), or null. */
export async function readUpload(storage: PhotoStorage | string, segments: readonly string[]): Promise<StoredPhoto | null> {
  if (segments.some((s) => s === "" || s.includes("/"))) return null;
  return storageOf(storage).get(segments.join("/"));
}

/** Deletes a stored upload by its public URL; bundled pictures and unknown paths are left alone. */
export async function deleteUpload(storage: PhotoStorage | string, url: string): Promise<void> {
  if (!url.startsWith(UPLOAD_URL_PREFIX)) return;
  await storageOf(storage).delete(url.slice(UPLOAD_URL_PREFIX.length));
}
