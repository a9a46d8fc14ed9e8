/**
 * Photo uploads stored on disk under UPLOAD_DIR and served by app/uploads/[...path].
 * The type is decided by the file's first bytes, not by its name or the browser's claim.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { ValidationError } from "@/lib/errors";

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const UPLOAD_URL_PREFIX = "/uploads/";

const TYPES = {
  jpg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
} as const;
type Extension = keyof typeof TYPES;

/** jpg/png/webp from magic bytes, or null. */
export function sniffImageType(bytes: Uint8Array): Extension | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return "jpg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  return null;
}

export function contentTypeFor(fileName: string): string | null {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  return ext in TYPES ? TYPES[ext as Extension] : null;
}

/** Validates and stores an uploaded image; returns its public URL. */
export async function storeListingPhoto(uploadDir: string, listingId: string, file: File): Promise<string> {
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
  const relative = path.posix.join("listings", listingId, `${randomUUID()}.${ext}`);
  const absolute = path.join(path.resolve(uploadDir), relative);
  await mkdir(/*turbopackIgnore: true*/ path.dirname(absolute), { recursive: true });
  await writeFile(/*turbopackIgnore: true*/ absolute, bytes, { flag: "wx" });
  return UPLOAD_URL_PREFIX + relative;
}

/** The absolute file for a URL path below /uploads/, or null when it escapes the folder. */
export function resolveUploadPath(uploadDir: string, segments: readonly string[]): string | null {
  const root = path.resolve(uploadDir);
  if (segments.some((s) => s === "" || s === "." || s === ".." || s.includes("\\") || s.includes("\0"))) return null;
  const absolute = path.resolve(root, ...segments);
  return absolute.startsWith(root + path.sep) ? absolute : null;
}

export async function readUpload(uploadDir: string, segments: readonly string[]) {
  const file = resolveUploadPath(uploadDir, segments);
  const type = file ? contentTypeFor(file) : null;
  if (!file || !type) return null;
  try {
    return { body: await readFile(/*turbopackIgnore: true*/ file), type };
  } catch {
    return null;
  }
}

/** Deletes a stored upload by its public URL; bundled pictures and unknown paths are left alone. */
export async function deleteUpload(uploadDir: string, url: string): Promise<void> {
  if (!url.startsWith(UPLOAD_URL_PREFIX)) return;
  const file = resolveUploadPath(uploadDir, url.slice(UPLOAD_URL_PREFIX.length).split("/"));
  if (file) await rm(/*turbopackIgnore: true*/ file, { force: true });
}
