// Test mail: raw RFC 822 messages to deliver, and waiting for what the mail channel makes of them.

/** Polls until `get` gives something truthy, or throws naming what it waited for. */
export async function until<T>(
  what: string,
  get: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  ms = 15_000,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A header value in RFC 2047 UTF-8 base64. */
export const b64 = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;

/** A plain-text UTF-8 mail (CRLF lines) with the given sender, subject, body, Message-ID and headers. */
export function testMail(o: {
  from: string;
  subject: string;
  body: string;
  id: string;
  date?: string;
  headers?: string[];
}): string {
  return [
    `From: ${o.from}`,
    'To: desk@edu.test',
    `Subject: ${b64(o.subject)}`,
    `Date: ${o.date ?? new Date().toUTCString()}`,
    `Message-ID: <${o.id}>`,
    ...(o.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(o.body).toString('base64'),
    '',
  ].join('\r\n');
}
