/**
 * Stripe's form encoding: `a[b][c]=v`, arrays as `a[]=x` or `a[0]=x`, everything a string.
 * Parsed into nested plain objects; numeric or empty segments make arrays.
 */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

function segments(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const out = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  re.lastIndex = open;
  while ((m = re.exec(key)) !== null) out.push(m[1] ?? "");
  return out;
}

function isIndex(segment: string): boolean {
  return segment === "" || /^\d+$/.test(segment);
}

function assign(root: FormObject, path: string[], value: string): void {
  let container: FormObject | FormValue[] = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] ?? "";
    const last = i === path.length - 1;
    const nextIsIndex = !last && isIndex(path[i + 1] ?? "");
    if (Array.isArray(container)) {
      const index: number = seg === "" ? container.length : Number(seg);
      if (last) {
        container[index] = value;
        return;
      }
      let child: FormValue | undefined = container[index];
      if (child === undefined || typeof child === "string") {
        child = nextIsIndex ? [] : {};
        container[index] = child;
      }
      container = child;
    } else {
      if (last) {
        container[seg] = value;
        return;
      }
      let child: FormValue | undefined = container[seg];
      if (child === undefined || typeof child === "string") {
        child = nextIsIndex ? [] : {};
        container[seg] = child;
      }
      container = child;
    }
  }
}

function compact(value: FormValue): FormValue {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  const out: FormObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = compact(v);
  return out;
}

export function parseForm(body: string): FormObject {
  const root: FormObject = {};
  if (!body) return root;
  for (const pair of body.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
    const key = decodeURIComponent(rawKey.replace(/\+/g, " "));
    const value = decodeURIComponent(rawValue.replace(/\+/g, " "));
    assign(root, segments(key), value);
  }
  return compact(root) as FormObject;
}

/** Merge b over a (query string + body). */
export function mergeForms(a: FormObject, b: FormObject): FormObject {
  return { ...a, ...b };
}
