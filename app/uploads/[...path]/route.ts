import { env } from "@/lib/env";
import { readUpload } from "@/lib/listings/uploads";

/** Serves photos stored under UPLOAD_DIR. Only image types, never outside the folder. */
export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params;
  const file = await readUpload(env.UPLOAD_DIR, path);
  if (!file) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  return new Response(new Uint8Array(file.body), {
    headers: {
      "content-type": file.type,
      "content-length": String(file.body.byteLength),
      // File names are random and never reused: safe to cache for a long time.
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    },
  });
}
