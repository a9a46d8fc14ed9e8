import { photoStorage, PHOTO_CACHE_CONTROL } from "@/lib/listings/photo-storage";
import { readUpload } from "@/lib/listings/uploads";

/**
 * Serves uploaded photos from the configured storage (object storage, or UPLOAD_DIR on
 * disk): any instance serves any photo. Only image types, never outside the storage.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params;
  const file = await readUpload(photoStorage(), path);
  if (!file) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  return new Response(new Uint8Array(file.body), {
    headers: {
      "content-type": file.type,
      "content-length": String(file.body.byteLength),
      // File names are random and never reused: safe to cache for a long time.
      "cache-control": PHOTO_CACHE_CONTROL,
      "x-content-type-options": "nosniff",
    },
  });
}
