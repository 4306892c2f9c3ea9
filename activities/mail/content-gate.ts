import { Transform } from 'node:stream';
import type { Transporter } from 'nodemailer';

/** Mail option read by the gate: runs before the first byte of the message's content goes to the server. */
export const BEFORE_CONTENT = 'aftersalesBeforeContent';

const gated = new WeakSet<object>();

/**
 * Installs (once per transport) a nodemailer stream plugin that holds each message's content back until the
 * mail's `BEFORE_CONTENT` hook has finished: the transport connects and hands over the envelope meanwhile, but
 * no content reaches the server — so nothing can be accepted — before the send claim is durably recorded. A hook
 * that fails fails the stream, and the transaction is abandoned without content. Returns false for a transport
 * without plugins (the caller then runs the hook before sending at all).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any transport flavour (SMTP, pooled SMTP)
export function installContentGate(transport: Transporter<any, any>): boolean {
  if (gated.has(transport)) return true;
  if (typeof transport.use !== 'function') return false;
  transport.use('stream', (mail, done) => {
    const hook = (mail.data as Record<string, unknown>)[BEFORE_CONTENT];
    if (typeof hook === 'function') {
      mail.message.processFunc((input) => {
        const held = holdUntil(hook as () => Promise<void>);
        input.once('error', (err) => held.destroy(err));
        return input.pipe(held);
      });
    }
    done();
  });
  gated.add(transport);
  return true;
}

function holdUntil(hook: () => Promise<void>): Transform {
  let gate: Promise<void> | undefined;
  return new Transform({
    transform(chunk, _enc, cb) {
      gate ??= hook();
      gate.then(
        () => cb(null, chunk),
        (err: Error) => cb(err),
      );
    },
  });
}
