/** The demo pictures shipped in public/saunas, offered to providers as ready-made photos. */
import { readdir } from "node:fs/promises";
import path from "node:path";

export interface BundledPicture {
  url: string;
  label: string;
}

export async function bundledPictures(publicDir = path.join(process.cwd(), "public")): Promise<BundledPicture[]> {
  let files: string[];
  try {
    files = await readdir(path.join(publicDir, "saunas"));
  } catch {
    return [];
  }
  return files
    .filter((f) => /^[a-z0-9-]+\.(jpg|jpeg|png|webp)$/.test(f))
    .sort()
    .map((f) => {
      const name = f.replace(/\.[a-z]+$/, "").replace(/-/g, " ");
      return { url: `/saunas/${f}`, label: name.charAt(0).toUpperCase() + name.slice(1) };
    });
}
