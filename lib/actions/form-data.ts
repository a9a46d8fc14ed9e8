/** FormData → plain object for zod: repeated keys become arrays, files stay files. */
export function formDataToObject(formData: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const object: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue; // React's own hidden fields
    const all = formData.getAll(key);
    object[key] = all.length === 1 ? all[0]! : all;
  }
  return object;
}

const SECRET = /password|secret|token|card|cvc/i;

/** Text fields to refill a form after an error. Never passwords or other secrets, never files. */
export function echoableValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION") || SECRET.test(key) || typeof value !== "string") continue;
    values[key] = value.length > 5000 ? value.slice(0, 5000) : value;
  }
  return values;
}
