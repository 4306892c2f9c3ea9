/**
 * The portal's pages are written with hono's `html` tagged template (every interpolated value is escaped unless
 * it is itself markup from `html` or `raw`; arrays are joined; null, undefined and booleans render as nothing).
 */
import type { HtmlEscapedString } from 'hono/utils/html';

export { html, raw } from 'hono/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The archive list's URL: the mount point itself (Hono does not match a trailing slash there). */
export const home = (base: string): string => base || '/';
