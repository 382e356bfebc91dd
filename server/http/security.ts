// Cross-site protection and the security headers every response carries (Socket.IO's included).
import type http from 'node:http';
import type { RequestHandler } from 'express';
import { AppError } from './errors';

export interface OriginPolicy {
  /** Origins allowed to send state-changing requests and open sockets. */
  allowed: ReadonlySet<string>;
  /**
   * PUBLIC_URL not configured: the service does not know every name it is reached by (an address on
   * the LAN), so an Origin naming the host the request was sent to counts as its own too.
   */
  sameHostCounts: boolean;
}

export function originPolicy(publicUrl: string | undefined, listenUrl: string, extra: string[]): OriginPolicy {
  return { allowed: new Set([publicUrl ?? new URL(listenUrl).origin, ...extra]), sameHostCounts: !publicUrl };
}

/**
 * Whether a request may act with the caller's cookie. Browsers send Origin on every cross-origin
 * request, WebSocket handshake and same-origin POST; a request without one is not a browser acting
 * for another site (then Sec-Fetch-Site, when sent, must not say cross-site).
 */
export function originAllowed(policy: OriginPolicy, req: http.IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') {
    if (origin === 'null') return false;
    return req.headers['sec-fetch-site'] !== 'cross-site';
  }
  if (policy.allowed.has(origin)) return true;
  if (!policy.sameHostCounts) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** 403 for a state-changing request from another site (CSRF), whatever its cookies. */
export function rejectForeignOrigins(policy: OriginPolicy): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || originAllowed(policy, req)) return next();
    next(new AppError(403, 'foreign_origin'));
  };
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // antd writes its component styles into <style> elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PERMISSIONS = [
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'bluetooth=()',
  'display-capture=()',
].join(', ');

/** The headers of every response; HSTS only when people reach callog over HTTPS. */
export function securityHeaders(https: boolean): [string, string][] {
  const h: [string, string][] = [
    ['Content-Security-Policy', CSP],
    ['Permissions-Policy', PERMISSIONS],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'same-origin'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
  ];
  if (https) h.push(['Strict-Transport-Security', 'max-age=31536000']);
  return h;
}
