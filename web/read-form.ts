import type { Context } from 'hono';

export type FormFields = Record<string, string | File>;

/**
 * The fields of a form POST, or null when the request is not a well-formed form: another content type (JSON,
 * text, none), a multipart body without a boundary or with broken parts, or a body that cannot be read. Callers
 * answer null with a 400 page, so malformed requests never reach a handler's logic (nor a 500). Repeated names keep
 * their last value. Percent-escapes and UTF-8 that do not decode are kept as replacement characters.
 */
export async function readForm(c: Context): Promise<FormFields | null> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  const isForm =
    type.startsWith('application/x-www-form-urlencoded') ||
    (type.startsWith('multipart/form-data') && /;\s*boundary=/.test(type));
  if (!isForm) return null;
  try {
    return (await c.req.parseBody()) as FormFields;
  } catch {
    return null;
  }
}
