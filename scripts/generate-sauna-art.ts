/**
 * Generates the demo pictures in public/saunas/ (illustrations: saunas by lakes, in
 * forests, under the northern lights) and public/saunas/manifest.json. Each scene is drawn
 * as SVG and shipped as a WebP photo at twice the drawing's size: a browser decodes a raster
 * image off the main thread, where an SVG image is parsed and laid out as a document on it,
 * and a real host's photos are raster too. The scenes are the same every run (seeded);
 * nothing is fetched.
 *
 *   npx tsx scripts/generate-sauna-art.ts
 */
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";

const OUT_DIR = path.resolve("public/saunas");
const W = 800;
const H = 600;

interface Palette {
  sky: [string, string];
  hills: [string, string];
  water: [string, string];
  trees: string;
  cabin: string;
  roof: string;
  glow: string;
}

interface Scene {
  file: string;
  alt: string;
  seed: number;
  palette: Palette;
  light: "sun" | "moon" | "none";
  lightX: number;
  lightY: number;
  aurora?: boolean;
  stars?: boolean;
  snow?: boolean;
  lake?: boolean;
  jetty?: boolean;
  cabin: "log" | "modern" | "barrel" | "smoke" | "tent" | "urban";
  cabinX: number;
  trees: number;
  steam?: boolean;
  islands?: boolean;
}

const palettes = {
  sunset: { sky: ["#f6a560", "#fde2b8"], hills: ["#5b6b7c", "#3f4c5a"], water: ["#f2b880", "#8aa3b8"], trees: "#23372f", cabin: "#8a4b2a", roof: "#3b2a22", glow: "#ffd27a" },
  dusk: { sky: ["#2b3a67", "#c86b85"], hills: ["#3a3f63", "#272b49"], water: ["#6b5b8a", "#2b3a67"], trees: "#141b2e", cabin: "#5a3825", roof: "#1f1a22", glow: "#ffb95e" },
  winterNight: { sky: ["#0b1630", "#1e3a5f"], hills: ["#dfe8f2", "#b7c7d9"], water: ["#27446b", "#0b1630"], trees: "#0f2a2a", cabin: "#6b3f26", roof: "#f4f7fb", glow: "#ffcf73" },
  summerDay: { sky: ["#7cc3ea", "#dff1fb"], hills: ["#4f7d5a", "#3b6447"], water: ["#5aa6cf", "#2f7aa8"], trees: "#1f4d33", cabin: "#9c5a33", roof: "#3a2b25", glow: "#fff2b3" },
  autumn: { sky: ["#9fb7c9", "#e9e2d0"], hills: ["#a8642f", "#7d4a26"], water: ["#6f8fa3", "#3f5d70"], trees: "#6e2f1c", cabin: "#4a2f22", roof: "#222", glow: "#ffc870" },
  misty: { sky: ["#b8c4cc", "#eef1f2"], hills: ["#8c9ba3", "#6f7f88"], water: ["#a7b6bd", "#7c8e97"], trees: "#3b4a48", cabin: "#6d4a35", roof: "#2d2926", glow: "#ffe1a0" },
  city: { sky: ["#3d4f73", "#e59f7d"], hills: ["#2a3142", "#1d2230"], water: ["#4c5f85", "#1d2a45"], trees: "#1c2422", cabin: "#c9c2b6", roof: "#2b2f38", glow: "#ffd88a" },
} satisfies Record<string, Palette>;

const scenes: Scene[] = [
  { file: "lakeside-sunset.webp", alt: "A log sauna on a lake shore at sunset, steam rising from the chimney", seed: 1, palette: palettes.sunset, light: "sun", lightX: 560, lightY: 250, lake: true, jetty: true, cabin: "log", cabinX: 180, trees: 14, steam: true },
  { file: "aurora-cabin.webp", alt: "A snowy sauna cabin under green northern lights", seed: 2, palette: palettes.winterNight, light: "none", lightX: 0, lightY: 0, aurora: true, stars: true, snow: true, cabin: "log", cabinX: 420, trees: 18, steam: true },
  { file: "forest-smoke.webp", alt: "A dark smoke sauna in a spruce forest in the evening mist", seed: 3, palette: palettes.misty, light: "none", lightX: 0, lightY: 0, cabin: "smoke", cabinX: 300, trees: 26, steam: true },
  { file: "archipelago-dusk.webp", alt: "A red cabin sauna on a rocky island in the archipelago at dusk", seed: 4, palette: palettes.dusk, light: "moon", lightX: 620, lightY: 140, lake: true, islands: true, jetty: true, cabin: "log", cabinX: 240, trees: 8, steam: true },
  { file: "summer-jetty.webp", alt: "A bright summer day by a lake, a sauna with a wooden jetty", seed: 5, palette: palettes.summerDay, light: "sun", lightX: 640, lightY: 110, lake: true, jetty: true, cabin: "log", cabinX: 140, trees: 16 },
  { file: "barrel-autumn.webp", alt: "A barrel sauna among autumn birches", seed: 6, palette: palettes.autumn, light: "sun", lightX: 180, lightY: 160, lake: true, cabin: "barrel", cabinX: 420, trees: 20, steam: true },
  { file: "urban-harbour.webp", alt: "A modern public sauna by the city harbour at sunset", seed: 7, palette: palettes.city, light: "sun", lightX: 600, lightY: 300, lake: true, cabin: "urban", cabinX: 260, trees: 0, steam: true },
  { file: "lapland-fell.webp", alt: "A sauna hut at the foot of a snowy fell under a starry sky", seed: 8, palette: palettes.winterNight, light: "moon", lightX: 170, lightY: 120, stars: true, snow: true, cabin: "modern", cabinX: 440, trees: 10, steam: true },
  { file: "misty-morning.webp", alt: "A lakeside sauna on a misty morning", seed: 9, palette: palettes.misty, light: "sun", lightX: 520, lightY: 220, lake: true, jetty: true, cabin: "log", cabinX: 200, trees: 12 },
  { file: "modern-glass.webp", alt: "A modern glass-fronted sauna facing a summer lake", seed: 10, palette: palettes.summerDay, light: "sun", lightX: 140, lightY: 120, lake: true, cabin: "modern", cabinX: 380, trees: 14, steam: true },
  { file: "winter-hole.webp", alt: "A sauna by a frozen lake with an ice-swimming hole, at blue hour", seed: 11, palette: palettes.winterNight, light: "moon", lightX: 640, lightY: 130, stars: true, snow: true, lake: true, cabin: "log", cabinX: 200, trees: 12, steam: true },
  { file: "tent-sauna.webp", alt: "A tent sauna on a lake beach in the late evening", seed: 12, palette: palettes.dusk, light: "sun", lightX: 420, lightY: 330, lake: true, cabin: "tent", cabinX: 260, trees: 10, steam: true },
  { file: "autumn-lake.webp", alt: "A cottage sauna on an autumn lake shore", seed: 13, palette: palettes.autumn, light: "none", lightX: 0, lightY: 0, lake: true, jetty: true, cabin: "log", cabinX: 460, trees: 16 },
  { file: "aurora-lake.webp", alt: "Northern lights mirrored in a lake next to a modern sauna", seed: 14, palette: palettes.winterNight, light: "none", lightX: 0, lightY: 0, aurora: true, stars: true, lake: true, cabin: "modern", cabinX: 170, trees: 14, steam: true },
];

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed * 0x9e3779b9;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const r1 = (n: number) => Math.round(n * 10) / 10;

function hillPath(random: () => number, baseY: number, amplitude: number, steps: number): string {
  let d = `M0 ${H} L0 ${r1(baseY)}`;
  for (let i = 1; i <= steps; i++) {
    const x = (W / steps) * i;
    const cx = x - W / steps / 2;
    const cy = baseY - amplitude * (0.3 + random());
    d += ` Q${r1(cx)} ${r1(cy)} ${r1(x)} ${r1(baseY - amplitude * 0.3 * random())}`;
  }
  return `${d} L${W} ${H} Z`;
}

function pine(x: number, base: number, height: number, color: string, snow: boolean): string {
  const w = height * 0.42;
  const layers = 3;
  let out = `<rect x="${r1(x - 2)}" y="${r1(base - height * 0.15)}" width="4" height="${r1(height * 0.15)}" fill="#2b1d14"/>`;
  for (let i = 0; i < layers; i++) {
    const top = base - height + (i * height) / 4;
    const bottom = base - height * 0.12 - ((layers - 1 - i) * height) / 7;
    const half = (w / 2) * (0.6 + (i * 0.4) / (layers - 1));
    out += `<path d="M${r1(x)} ${r1(top)} L${r1(x + half)} ${r1(bottom)} L${r1(x - half)} ${r1(bottom)} Z" fill="${color}"/>`;
    if (snow) {
      out += `<path d="M${r1(x)} ${r1(top)} L${r1(x + half * 0.35)} ${r1(top + (bottom - top) * 0.35)} L${r1(x - half * 0.35)} ${r1(top + (bottom - top) * 0.35)} Z" fill="#f4f7fb"/>`;
    }
  }
  return out;
}

function cabin(scene: Scene, groundY: number): string {
  const { palette: p, cabinX: x } = scene;
  const windowGlow = `<rect x="${x + 58}" y="${groundY - 62}" width="26" height="22" rx="2" fill="${p.glow}"/>`;
  const chimney = (cx: number, top: number) =>
    `<rect x="${cx}" y="${top}" width="14" height="34" fill="#4a4540"/>`;
  switch (scene.cabin) {
    case "barrel":
      return (
        `<path d="M${x} ${groundY} L${x} ${groundY - 70} A70 70 0 0 1 ${x + 140} ${groundY - 70} L${x + 140} ${groundY} Z" fill="${p.cabin}"/>` +
        Array.from({ length: 6 }, (_, i) => `<line x1="${x}" y1="${groundY - 12 - i * 11}" x2="${x + 140}" y2="${groundY - 12 - i * 11}" stroke="#00000022" stroke-width="2"/>`).join("") +
        `<circle cx="${x + 70}" cy="${groundY - 70}" r="22" fill="${p.glow}" opacity="0.9"/>` +
        chimney(x + 100, groundY - 150)
      );
    case "smoke":
      return (
        `<rect x="${x}" y="${groundY - 70}" width="150" height="70" fill="#2e2622"/>` +
        Array.from({ length: 6 }, (_, i) => `<line x1="${x}" y1="${groundY - 8 - i * 11}" x2="${x + 150}" y2="${groundY - 8 - i * 11}" stroke="#00000055" stroke-width="3"/>`).join("") +
        `<path d="M${x - 14} ${groundY - 68} L${x + 75} ${groundY - 120} L${x + 164} ${groundY - 68} Z" fill="#3a3f3a"/>` +
        `<rect x="${x + 62}" y="${groundY - 48}" width="26" height="48" fill="#1a1412"/>`
      );
    case "tent":
      return (
        `<path d="M${x} ${groundY} L${x + 70} ${groundY - 110} L${x + 140} ${groundY} Z" fill="#3d5a4a"/>` +
        `<path d="M${x + 55} ${groundY} L${x + 70} ${groundY - 50} L${x + 85} ${groundY} Z" fill="${p.glow}" opacity="0.85"/>` +
        `<rect x="${x + 100}" y="${groundY - 140}" width="8" height="70" fill="#5a5550"/>`
      );
    case "modern":
      return (
        `<rect x="${x}" y="${groundY - 80}" width="170" height="80" fill="${p.cabin}"/>` +
        `<path d="M${x - 10} ${groundY - 80} L${x + 180} ${groundY - 96} L${x + 180} ${groundY - 86} L${x - 10} ${groundY - 72} Z" fill="${p.roof}"/>` +
        `<rect x="${x + 16}" y="${groundY - 66}" width="96" height="56" fill="${p.glow}" opacity="0.9"/>` +
        `<line x1="${x + 48}" y1="${groundY - 66}" x2="${x + 48}" y2="${groundY - 10}" stroke="${p.cabin}" stroke-width="3"/>` +
        `<line x1="${x + 80}" y1="${groundY - 66}" x2="${x + 80}" y2="${groundY - 10}" stroke="${p.cabin}" stroke-width="3"/>` +
        chimney(x + 140, groundY - 120)
      );
    case "urban":
      return (
        `<path d="M${x} ${groundY} L${x} ${groundY - 90} L${x + 120} ${groundY - 130} L${x + 260} ${groundY - 90} L${x + 260} ${groundY} Z" fill="${p.cabin}"/>` +
        Array.from({ length: 8 }, (_, i) => `<rect x="${x + 14 + i * 30}" y="${groundY - 70}" width="18" height="40" fill="${p.glow}" opacity="${0.55 + (i % 3) * 0.15}"/>`).join("") +
        `<rect x="${x - 40}" y="${groundY - 4}" width="360" height="8" fill="#2b2f38"/>`
      );
    case "log":
    default:
      return (
        `<rect x="${x}" y="${groundY - 80}" width="150" height="80" fill="${p.cabin}"/>` +
        Array.from({ length: 7 }, (_, i) => `<line x1="${x}" y1="${groundY - 8 - i * 11}" x2="${x + 150}" y2="${groundY - 8 - i * 11}" stroke="#00000030" stroke-width="2"/>`).join("") +
        `<path d="M${x - 16} ${groundY - 78} L${x + 75} ${groundY - 138} L${x + 166} ${groundY - 78} Z" fill="${p.roof}"/>` +
        `<rect x="${x + 16}" y="${groundY - 58}" width="26" height="58" fill="#3a2418"/>` +
        windowGlow +
        chimney(x + 112, groundY - 150)
      );
  }
}

function steam(x: number, top: number, random: () => number): string {
  let out = "";
  for (let i = 0; i < 4; i++) {
    const cx = x + i * 12 + random() * 10;
    const cy = top - i * 28;
    out += `<ellipse cx="${r1(cx)}" cy="${r1(cy)}" rx="${r1(14 + i * 6)}" ry="${r1(10 + i * 3)}" fill="#ffffff" opacity="${(0.5 - i * 0.1).toFixed(2)}"/>`;
  }
  return out;
}

function render(scene: Scene): string {
  const random = rng(scene.seed);
  const p = scene.palette;
  const horizon = scene.lake ? 380 : 430;
  const groundY = scene.lake ? 420 : 480;
  const parts: string[] = [];

  parts.push(
    `<defs>` +
      `<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.sky[0]}"/><stop offset="1" stop-color="${p.sky[1]}"/></linearGradient>` +
      `<linearGradient id="water" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.water[0]}"/><stop offset="1" stop-color="${p.water[1]}"/></linearGradient>` +
      `<linearGradient id="aurora" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7CFFB2" stop-opacity="0"/><stop offset="0.5" stop-color="#5CF2A0" stop-opacity="0.55"/><stop offset="1" stop-color="#3BC1A8" stop-opacity="0"/></linearGradient>` +
      `<radialGradient id="light"><stop offset="0" stop-color="#fffbe8"/><stop offset="0.4" stop-color="${p.glow}" stop-opacity="0.8"/><stop offset="1" stop-color="${p.glow}" stop-opacity="0"/></radialGradient>` +
      `</defs>`,
  );
  parts.push(`<rect width="${W}" height="${H}" fill="url(#sky)"/>`);

  if (scene.stars) {
    for (let i = 0; i < 60; i++) {
      parts.push(`<circle cx="${r1(random() * W)}" cy="${r1(random() * 260)}" r="${r1(0.6 + random() * 1.4)}" fill="#ffffff" opacity="${(0.4 + random() * 0.6).toFixed(2)}"/>`);
    }
  }
  if (scene.aurora) {
    for (let i = 0; i < 3; i++) {
      const y = 60 + i * 45;
      parts.push(`<path d="M-20 ${y + 80} C 180 ${y - 40 + random() * 40}, 420 ${y + 120}, 820 ${y + random() * 30}" stroke="url(#aurora)" stroke-width="${60 - i * 12}" fill="none" opacity="${(0.85 - i * 0.2).toFixed(2)}"/>`);
    }
  }
  if (scene.light !== "none") {
    const r = scene.light === "sun" ? 46 : 30;
    parts.push(`<circle cx="${scene.lightX}" cy="${scene.lightY}" r="${r * 3}" fill="url(#light)"/>`);
    parts.push(`<circle cx="${scene.lightX}" cy="${scene.lightY}" r="${r}" fill="${scene.light === "sun" ? "#fff4d6" : "#f4f1e6"}"/>`);
  }

  parts.push(`<path d="${hillPath(random, horizon - 40, 90, 4)}" fill="${p.hills[0]}" opacity="0.8"/>`);
  parts.push(`<path d="${hillPath(random, horizon, 60, 6)}" fill="${p.hills[1]}"/>`);

  if (scene.lake) {
    parts.push(`<rect x="0" y="${horizon}" width="${W}" height="${H - horizon}" fill="url(#water)"/>`);
    for (let i = 0; i < 14; i++) {
      const y = horizon + 12 + random() * (H - horizon - 20);
      const x = random() * W;
      parts.push(`<line x1="${r1(x)}" y1="${r1(y)}" x2="${r1(x + 30 + random() * 60)}" y2="${r1(y)}" stroke="#ffffff" stroke-opacity="0.25" stroke-width="2"/>`);
    }
    if (scene.light !== "none") {
      parts.push(`<rect x="${scene.lightX - 20}" y="${horizon}" width="40" height="${H - horizon}" fill="${p.glow}" opacity="0.25"/>`);
    }
    if (scene.snow) {
      parts.push(`<rect x="0" y="${horizon}" width="${W}" height="${H - horizon}" fill="#dfe8f2" opacity="0.55"/>`);
      parts.push(`<ellipse cx="560" cy="520" rx="70" ry="16" fill="#10243f"/>`);
    }
    // The shore the cabin stands on.
    const shoreLeft = scene.cabinX < W / 2;
    const shore = shoreLeft
      ? `M0 ${groundY - 10} Q${scene.cabinX + 200} ${groundY - 30} ${scene.cabinX + 300} ${groundY + 40} L${scene.cabinX + 320} ${H} L0 ${H} Z`
      : `M${W} ${groundY - 10} Q${scene.cabinX - 60} ${groundY - 30} ${scene.cabinX - 120} ${groundY + 40} L${scene.cabinX - 140} ${H} L${W} ${H} Z`;
    parts.push(`<path d="${shore}" fill="${scene.snow ? "#eef3f8" : p.hills[1]}"/>`);
    if (scene.islands) {
      parts.push(`<ellipse cx="620" cy="${horizon + 30}" rx="90" ry="14" fill="${p.hills[1]}"/>`);
      parts.push(pine(600, horizon + 24, 50, p.trees, false) + pine(640, horizon + 26, 40, p.trees, false));
    }
    if (scene.jetty) {
      const jx = shoreLeft ? scene.cabinX + 170 : scene.cabinX - 140;
      parts.push(`<rect x="${jx}" y="${groundY + 6}" width="150" height="10" fill="#7a5a3a"/>`);
      for (let i = 0; i < 4; i++) parts.push(`<rect x="${jx + 10 + i * 42}" y="${groundY + 14}" width="5" height="26" fill="#5a4028"/>`);
    }
  } else {
    parts.push(`<rect x="0" y="${groundY - 6}" width="${W}" height="${H - groundY + 6}" fill="${scene.snow ? "#eef3f8" : p.hills[1]}"/>`);
  }

  // Trees behind and beside the cabin, avoiding its footprint.
  const trees: string[] = [];
  for (let i = 0; i < scene.trees; i++) {
    let x = random() * W;
    if (Math.abs(x - (scene.cabinX + 75)) < 110) x = (x + 260) % W;
    if (scene.lake && ((scene.cabinX < W / 2 && x > scene.cabinX + 260) || (scene.cabinX >= W / 2 && x < scene.cabinX - 100))) continue;
    const height = 70 + random() * 110;
    trees.push(pine(x, groundY + random() * 14 - 4, height, p.trees, Boolean(scene.snow)));
  }
  parts.push(...trees);
  parts.push(cabin(scene, groundY));
  if (scene.snow && scene.cabin !== "urban") {
    parts.push(`<rect x="${scene.cabinX - 20}" y="${groundY - 4}" width="190" height="10" rx="5" fill="#ffffff"/>`);
  }
  if (scene.steam) {
    const chimneyX = scene.cabin === "modern" ? scene.cabinX + 146 : scene.cabin === "barrel" ? scene.cabinX + 106 : scene.cabin === "tent" ? scene.cabinX + 104 : scene.cabin === "urban" ? scene.cabinX + 120 : scene.cabin === "smoke" ? scene.cabinX + 75 : scene.cabinX + 118;
    const top = scene.cabin === "urban" ? groundY - 150 : scene.cabin === "smoke" ? groundY - 130 : groundY - 165;
    parts.push(steam(chimneyX, top, random));
  }
  if (scene.snow) {
    for (let i = 0; i < 70; i++) {
      parts.push(`<circle cx="${r1(random() * W)}" cy="${r1(random() * H)}" r="${r1(1 + random() * 2)}" fill="#ffffff" opacity="0.8"/>`);
    }
  }

  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${scene.alt}"><title>${scene.alt}</title>${parts.join("")}</svg>\n`;
}

/** The photo's size: twice the drawing, enough for a wide screen at 2× after resizing. */
const SCALE = 2;

fs.mkdirSync(OUT_DIR, { recursive: true });
for (const scene of scenes) {
  await sharp(Buffer.from(render(scene)), { density: 72 * SCALE })
    .resize(W * SCALE, H * SCALE)
    .webp({ quality: 82 })
    .toFile(path.join(OUT_DIR, scene.file));
}
const manifest = scenes.map(({ file, alt }) => ({ url: `/saunas/${file}`, alt }));
fs.writeFileSync(path.join(OUT_DIR, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`wrote ${scenes.length} pictures and manifest.json to ${path.relative(process.cwd(), OUT_DIR)}`);
