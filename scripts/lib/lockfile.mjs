/**
 * package-lock.json helpers for scripts/complete-lockfile.mjs and its test.
 *
 * `completeLockfile` adds the other platforms' optional dependencies the registry mirror
 * here does not serve; `formatLockfile` writes a lock exactly as npm does, so that a later
 * `npm install` on a fresh clone leaves the file unchanged.
 */

const PLATFORM = /(android|darwin|freebsd|linux|win32|openharmony|wasm32)-([a-z0-9]+)/;

/**
 * npm's own key order for package-lock.json (@npmcli/arborist's Shrinkwrap writes through
 * json-stringify-nice with this list): at every level, values that are not plain objects
 * (arrays included) come before objects; within each group these keys first, in this
 * order, then the rest by `localeCompare(…, "en")`.
 */
export const NPM_LOCK_KEY_ORDER = Object.freeze([
  "name",
  "version",
  "lockfileVersion",
  "resolved",
  "integrity",
  "requires",
  "packages",
  "dependencies",
]);

const isPlainObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

function compareKeys(a, b) {
  const ia = NPM_LOCK_KEY_ORDER.indexOf(a);
  const ib = NPM_LOCK_KEY_ORDER.indexOf(b);
  if (ia !== -1 && ib !== -1) return ia - ib;
  if (ia !== -1) return -1;
  if (ib !== -1) return 1;
  return a.localeCompare(b, "en");
}

/** @param {unknown} value */
function sortDeep(value) {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value).sort(([ak, av], [bk, bv]) => {
    const ao = isPlainObject(av);
    const bo = isPlainObject(bv);
    if (ao !== bo) return ao ? 1 : -1;
    return compareKeys(ak, bk);
  });
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortDeep(inner)]));
}

/**
 * The text npm writes for `lock` (two-space indent, `\n`, trailing newline).
 * @param {unknown} lock
 * @returns {string}
 */
export function formatLockfile(lock) {
  return `${JSON.stringify(sortDeep(lock), null, 2)}\n`;
}

/**
 * Adds an entry for each optional dependency missing from `lock.packages`, with the os/cpu
 * its name declares, as npm records them on a full registry. Mutates `lock`.
 * @param {{ packages: Record<string, Record<string, unknown>> }} lock
 * @returns {string[]} the paths added
 */
export function completeLockfile(lock) {
  const packages = lock.packages;
  if (!isPlainObject(packages)) throw new Error("package-lock.json has no `packages` (lockfileVersion 2 or 3 expected)");
  const added = [];
  for (const [path, entry] of Object.entries(packages)) {
    const optional = isPlainObject(entry.optionalDependencies) ? entry.optionalDependencies : {};
    for (const [name, version] of Object.entries(optional)) {
      const nested = `${path ? `${path}/` : ""}node_modules/${name}`;
      const hoisted = `node_modules/${name}`;
      if (packages[nested] || packages[hoisted]) continue;
      /** @type {Record<string, unknown>} */
      const record = { version, optional: true };
      if (entry.dev) record.dev = true;
      const platform = PLATFORM.exec(name);
      if (platform?.[1] === "wasm32") record.cpu = ["wasm32"];
      else if (platform) Object.assign(record, { os: [platform[1]], cpu: [platform[2]] });
      packages[hoisted] = record;
      added.push(hoisted);
    }
  }
  return added;
}
