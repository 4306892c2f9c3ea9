/**
 * The demo's view of everybody's inbox: the .eml files the local mail catcher writes to the outbox folder
 * (whether this process runs the catcher or a running instance does). Each action link is decoded to the
 * workflow, step and recipient its signed token is bound to (the payload is readable; only the MAC is
 * secret), so a driver can find "the mail that asks 王经理 to approve step X of workflow Y".
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { actionLinks } from '../lib/click-link';

export interface ActionLink {
  url: string;
  workflowId: string;
  stepId: string;
  recipient: string;
  actions: string[];
}

export interface DemoMail {
  /** File name in the outbox (starts with a timestamp and a sequence number: sorts by arrival). */
  file: string;
  subject: string;
  to: string[];
  text: string;
  links: ActionLink[];
  attachments: string[];
}

/** Reads the workflow/step/recipient out of a link's token without verifying it (the server does that). */
export function decodeActionLink(url: string): ActionLink | null {
  const token = url.slice(url.lastIndexOf('/a/') + 3);
  const payload = token.split('.')[0];
  if (!payload) return null;
  try {
    const p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      w?: string;
      s?: string;
      r?: string;
      a?: string[];
    };
    if (!p.w || !p.s || !p.r) return null;
    return { url, workflowId: p.w, stepId: p.s, recipient: p.r.toLowerCase(), actions: p.a ?? [] };
  } catch {
    return null;
  }
}

function addresses(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v ? [v] : [];
  return list.flatMap((a: { value?: { address?: string }[] }) =>
    (a.value ?? []).map((x) => (x.address ?? '').toLowerCase()).filter(Boolean),
  );
}

export class Mailbox {
  private readonly mails: DemoMail[] = [];
  private readonly seen = new Set<string>();

  /**
   * Every mail of the folder counts, earlier runs' too: a workflow picked up from an interrupted run is answered
   * from the mails it sent then (a link whose step is decided or unknown is skipped by the drivers).
   */
  constructor(readonly dir: string) {}

  /** Parses the mails that arrived since the last call. */
  async refresh(): Promise<DemoMail[]> {
    const fresh: DemoMail[] = [];
    for (const file of await listEml(this.dir)) {
      if (this.seen.has(file)) continue;
      this.seen.add(file);
      const parsed = await simpleParser(await readFile(join(this.dir, file)));
      const text = parsed.text ?? '';
      const links = [...new Set(actionLinks(`${text}\n${typeof parsed.html === 'string' ? parsed.html : ''}`))]
        .map(decodeActionLink)
        .filter((l): l is ActionLink => l !== null);
      const mail: DemoMail = {
        file,
        subject: parsed.subject ?? '',
        to: addresses(parsed.to),
        text,
        links,
        attachments: parsed.attachments.map((a) => a.filename ?? '(unnamed)'),
      };
      this.mails.push(mail);
      fresh.push(mail);
    }
    return fresh;
  }

  /** Mails read so far, in arrival order. */
  all(): DemoMail[] {
    return [...this.mails];
  }

  /** The newest link matching `pred`, if it arrived already. */
  findLink(pred: (l: ActionLink, m: DemoMail) => boolean): { link: ActionLink; mail: DemoMail } | undefined {
    for (let i = this.mails.length - 1; i >= 0; i--) {
      const m = this.mails[i]!;
      const link = m.links.find((l) => pred(l, m));
      if (link) return { link, mail: m };
    }
    return undefined;
  }

  /** Waits for a link matching `pred` to arrive (checking the folder every 150 ms). */
  async waitForLink(
    pred: (l: ActionLink, m: DemoMail) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<{ link: ActionLink; mail: DemoMail }> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await this.refresh();
      const hit = this.findLink(pred);
      if (hit) return hit;
      if (Date.now() > until) throw new Error(`no mail with a link for ${what} arrived within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

async function listEml(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
