// The one reader of process.env: parses it with zod and fails fast listing every problem.
import path from 'node:path';
import { z } from 'zod';
import type { ImapConfig } from '../mail/imap-link';
import type { SmtpConfig } from '../mail/mail-outbox';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

const port = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be an integer`)
    .min(0, `${name} must be 0..65535 (0: any free port)`)
    .max(65535, `${name} must be 0..65535 (0: any free port)`);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const envSchema = z.object({
  NODE_ENV: opt(z.enum(['development', 'production', 'test'])),
  PORT: z.preprocess(emptyToUndefined, port('PORT').default(8080)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  DATABASE_URL: opt(
    z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL must look like postgres://user:pass@host:5432/db'),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  AMI_HOST: opt(z.string()),
  AMI_PORT: z.preprocess(emptyToUndefined, port('AMI_PORT').default(5038)),
  AMI_USER: opt(z.string()),
  AMI_SECRET: opt(z.string()),
  ORIGINATE_CHANNEL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/\{extension\}/, 'ORIGINATE_CHANNEL must contain {extension}, e.g. PJSIP/{extension}')
      .default('PJSIP/{extension}'),
  ),
  ORIGINATE_CONTEXT: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[\w-]{1,80}$/, 'ORIGINATE_CONTEXT must be a dialplan context name')
      .default('internal'),
  ),
  PBX_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[\w.-]{1,64}$/)
      .optional(),
  ),
  ADMIN_LOGIN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{2,64}$/, 'ADMIN_LOGIN: 2-64 latin letters, digits, . _ -')
      .default('admin')
      .transform((s) => s.toLowerCase()),
  ),
  ADMIN_PASSWORD: opt(z.string().min(8, 'ADMIN_PASSWORD must be at least 8 characters')),
  TZ_CENTRE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine(isTimeZone, 'TZ_CENTRE must be an IANA time zone such as Asia/Yekaterinburg')
      .default('Asia/Yekaterinburg'),
  ),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  SHORT_ABANDON_S: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(120).default(5)),
  SL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(600).default(20)),
  METRICS_PORT: opt(port('METRICS_PORT')),
  METRICS_HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  SESSION_TTL_HOURS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(720).default(12)),
  SESSION_MAX_HOURS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(2160).default(72)),
  COOKIE_SECURE: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('false')),
  PUBLIC_URL: opt(
    z
      .string()
      .regex(/^https?:\/\/[^\s/?#]+\/?$/, 'PUBLIC_URL must be the address people open, e.g. https://callog.example'),
  ),
  ALLOWED_ORIGINS: opt(
    z
      .string()
      .regex(
        /^\s*https?:\/\/[^\s/,]+\/?\s*(,\s*https?:\/\/[^\s/,]+\/?\s*)*$/,
        'ALLOWED_ORIGINS: comma-separated origins such as https://desk.example,https://wall.example',
      ),
  ),
  TRUST_PROXY: opt(
    z
      .string()
      .regex(
        /^\s*[\w.:/-]+\s*(,\s*[\w.:/-]+\s*)*$/,
        'TRUST_PROXY: comma-separated proxy addresses or subnets (127.0.0.1, 10.0.0.0/8) or loopback',
      ),
  ),
  IMAP_HOST: opt(z.string()),
  IMAP_PORT: opt(port('IMAP_PORT')),
  IMAP_USER: opt(z.string()),
  IMAP_PASSWORD: opt(z.string()),
  IMAP_TLS: z.preprocess(
    emptyToUndefined,
    z.enum(['true', 'false', 'starttls'], { error: 'IMAP_TLS must be true, false or starttls' }).default('true'),
  ),
  IMAP_TLS_VERIFY: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
  IMAP_MAILBOX: z.preprocess(emptyToUndefined, z.string().max(200).default('INBOX')),
  IMAP_DONE_FOLDER: opt(z.string().max(200)),
  IMAP_POLL_S: z.preprocess(emptyToUndefined, z.coerce.number().min(1).max(1800).default(60)),
  SMTP_HOST: opt(z.string()),
  SMTP_PORT: opt(port('SMTP_PORT')),
  SMTP_USER: opt(z.string()),
  SMTP_PASSWORD: opt(z.string()),
  SMTP_TLS: z.preprocess(
    emptyToUndefined,
    z.enum(['true', 'false', 'starttls'], { error: 'SMTP_TLS must be true, false or starttls' }).default('starttls'),
  ),
  SMTP_TLS_VERIFY: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
  MAIL_FROM: opt(
    z
      .string()
      .regex(
        /^([^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/,
        'MAIL_FROM must be an address, e.g. Ситуационный центр <support@edu.example>',
      ),
  ),
  MAIL_SENDER_HOURLY_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10000).default(20)),
  MAIL_RETRY_BASE_S: z.preprocess(emptyToUndefined, z.coerce.number().min(0.1).max(3600).default(60)),
  DEMO_MAIL: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
  DEMO_USERS: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
  DEMO_CALL_INTERVAL_S: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^(\d+-\d+|off)$/, 'DEMO_CALL_INTERVAL_S must look like 20-40 (or off)')
      .default('20-40'),
  ),
});

export interface AmiConfig {
  host: string;
  port: number;
  user: string;
  secret: string;
}

export interface MailConfig {
  /** The desk's mailbox; undefined: no mail channel. */
  imap: ImapConfig | undefined;
  /** Where replies go out; undefined: replies are not sent. */
  smtp: SmtpConfig | undefined;
  senderHourlyLimit: number;
  retryBaseMs: number;
  /** With the demo PBX and no mailbox: a few demo mails in the queue. */
  demo: boolean;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** The real PBX, or undefined for the built-in demo PBX. */
  ami: AmiConfig | undefined;
  /** Names this PBX for the single-consumer lock; defaults to host:port. */
  pbxId: string;
  /** How callbacks are placed: the channel ringing the specialist and the context dialling out. */
  originate: { channel: string; context: string };
  adminLogin: string;
  adminPassword: string | undefined;
  timeZone: string;
  logLevel: string;
  /** Statistics: an unanswered call shorter than this is a short abandon; the service-level target. */
  stats: { shortAbandonSeconds: number; serviceLevelSeconds: number };
  /** A listener for Prometheus without login (METRICS_PORT), or none. */
  metrics: { host: string; port: number } | undefined;
  /** Idle lifetime of a session (extended while in use). */
  sessionTtlMs: number;
  /** Absolute lifetime of a session, however active. */
  sessionMaxMs: number;
  /** The address people open, when configured (PUBLIC_URL); else the listen address is used. */
  publicUrl: string | undefined;
  /** Origins besides the service's own allowed to call the API and open sockets. */
  allowedOrigins: string[];
  /** Proxies allowed to set the client address (X-Forwarded-For); empty: none. */
  trustProxy: string[];
  /** Cookies marked Secure (with the __Host- prefix): PUBLIC_URL is https, or COOKIE_SECURE=true. */
  cookieSecure: boolean;
  /** Demo PBX: pause between its calls; null: it plays calls only when asked. */
  demoCallIntervalMs: [number, number] | null;
  /** Demo PBX: create two demo specialists (extensions 101, 102) on a new database. */
  demoUsers: boolean;
  mail: MailConfig;
}

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses an environment (process.env by default) into typed config, or throws ConfigError. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => {
        const key = i.path.join('.');
        const got = typeof i.path[0] === 'string' ? source[i.path[0]] : undefined;
        const shown = got === undefined || /SECRET|PASSWORD/.test(key) ? '' : ` (got "${got}")`;
        return `${key}: ${i.message}${shown}`;
      });
  // Cross-field rule, checked even when single values are wrong so that every problem shows at once.
  if (source.AMI_HOST?.trim() && (!source.AMI_USER?.trim() || !source.AMI_SECRET?.trim())) {
    problems.push('AMI_USER: AMI_USER and AMI_SECRET are required when AMI_HOST is set');
  }
  if (source.IMAP_HOST?.trim() && (!source.IMAP_USER?.trim() || !source.IMAP_PASSWORD?.trim())) {
    problems.push('IMAP_USER: IMAP_USER and IMAP_PASSWORD are required when IMAP_HOST is set');
  }
  if (source.SMTP_HOST?.trim() && !source.MAIL_FROM?.trim()) {
    problems.push("MAIL_FROM: the desk's address is required when SMTP_HOST is set");
  }
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  const [lo, hi] =
    e.DEMO_CALL_INTERVAL_S === 'off' ? [0, 0] : (e.DEMO_CALL_INTERVAL_S.split('-').map(Number) as [number, number]);
  const ami =
    e.AMI_HOST && e.AMI_USER && e.AMI_SECRET
      ? {
          host: e.AMI_HOST,
          port: e.AMI_PORT,
          user: e.AMI_USER,
          secret: e.AMI_SECRET,
        }
      : undefined;
  return {
    env: e.NODE_ENV ?? 'development',
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    ami,
    pbxId: e.PBX_ID ?? (ami ? `${ami.host}:${ami.port}` : 'demo'),
    originate: { channel: e.ORIGINATE_CHANNEL, context: e.ORIGINATE_CONTEXT },
    adminLogin: e.ADMIN_LOGIN,
    adminPassword: e.ADMIN_PASSWORD,
    timeZone: e.TZ_CENTRE,
    logLevel: e.LOG_LEVEL,
    stats: { shortAbandonSeconds: e.SHORT_ABANDON_S, serviceLevelSeconds: e.SL_SECONDS },
    metrics: e.METRICS_PORT === undefined ? undefined : { host: e.METRICS_HOST, port: e.METRICS_PORT },
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    sessionMaxMs: e.SESSION_MAX_HOURS * 3600_000,
    publicUrl: e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : undefined,
    allowedOrigins: list(e.ALLOWED_ORIGINS).map((o) => new URL(o).origin),
    trustProxy: list(e.TRUST_PROXY),
    cookieSecure: e.COOKIE_SECURE === 'true' || e.PUBLIC_URL?.startsWith('https://') === true,
    demoCallIntervalMs: e.DEMO_CALL_INTERVAL_S === 'off' ? null : [Math.min(lo, hi) * 1000, Math.max(lo, hi) * 1000],
    demoUsers: e.DEMO_USERS === 'true',
    mail: {
      imap:
        e.IMAP_HOST && e.IMAP_USER && e.IMAP_PASSWORD
          ? {
              host: e.IMAP_HOST,
              port: e.IMAP_PORT ?? (e.IMAP_TLS === 'true' ? 993 : 143),
              user: e.IMAP_USER,
              password: e.IMAP_PASSWORD,
              tls: e.IMAP_TLS,
              verifyCertificate: e.IMAP_TLS_VERIFY === 'true',
              mailbox: e.IMAP_MAILBOX,
              doneFolder: e.IMAP_DONE_FOLDER,
              pollMs: e.IMAP_POLL_S * 1000,
            }
          : undefined,
      smtp:
        e.SMTP_HOST && e.MAIL_FROM
          ? {
              host: e.SMTP_HOST,
              port: e.SMTP_PORT ?? (e.SMTP_TLS === 'true' ? 465 : 587),
              user: e.SMTP_USER,
              password: e.SMTP_PASSWORD,
              tls: e.SMTP_TLS,
              verifyCertificate: e.SMTP_TLS_VERIFY === 'true',
              from: e.MAIL_FROM,
            }
          : undefined,
      senderHourlyLimit: e.MAIL_SENDER_HOURLY_LIMIT,
      retryBaseMs: e.MAIL_RETRY_BASE_S * 1000,
      demo: e.DEMO_MAIL === 'true',
    },
  };
}
