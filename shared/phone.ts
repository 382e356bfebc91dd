// Russian phone numbers: one normal form for matching, one display form for people.

/** The centre's area code: 6-digit local numbers belong to it (Tyumen). */
export const DEFAULT_AREA_CODE = '3452';

/**
 * Normal form for matching: 7XXXXXXXXXX for Russian numbers (8..., 7..., +7..., 10 digits,
 * 6-digit local numbers get the area code); other digit strings (extensions, foreign numbers)
 * as their digits; null when there is no number (anonymous, <unknown>).
 */
export function normalizePhone(raw: string | null | undefined, areaCode = DEFAULT_AREA_CODE): string | null {
  if (!raw) return null;
  const digits = raw.replace(/\D/g, '');
  if (!digits) return null;
  if (digits.length === 11 && (digits[0] === '8' || digits[0] === '7')) return `7${digits.slice(1)}`;
  if (digits.length === 10 && !raw.trim().startsWith('+')) return `7${digits}`;
  if (digits.length === 6 && !raw.trim().startsWith('+')) return `7${areaCode}${digits}`;
  return digits;
}

/** "8 (3452) 390-679", "8 (912) 345-67-89"; other numbers as given. */
export function formatPhone(value: string | null | undefined, areaCode = DEFAULT_AREA_CODE): string {
  if (!value) return '';
  const n = normalizePhone(value, areaCode);
  if (!n || n.length !== 11 || n[0] !== '7') return value;
  const national = n.slice(1);
  if (national.startsWith(areaCode) && areaCode.length === 4) {
    const local = national.slice(4);
    return `8 (${areaCode}) ${local.slice(0, 3)}-${local.slice(3)}`;
  }
  return `8 (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`;
}

/** Ten-digit national number (a line's DID) from any dialled form, or null. */
export function nationalNumber(raw: string | null | undefined, areaCode = DEFAULT_AREA_CODE): string | null {
  const n = normalizePhone(raw, areaCode);
  return n && n.length === 11 && n[0] === '7' ? n.slice(1) : null;
}

/** What the PBX shows when the caller withheld the number or the network did not pass it. */
const NO_NUMBER = /^(anonymous|unknown|<unknown>|restricted|private|unavailable|withheld|null)$/i;

/** The longest number worth keeping as a number (E.164 is 15 digits; room for + and separators). */
export const MAX_PHONE_LENGTH = 32;

/**
 * A caller ID as a callable number, or null when there is none: withheld ("anonymous"), unknown,
 * empty, or not a number at all. Long values are cut; the raw caller ID is kept elsewhere.
 */
export function presentedNumber(raw: string | null | undefined): string | null {
  const v = (raw ?? '').trim();
  if (!v || NO_NUMBER.test(v) || !/\d/.test(v)) return null;
  return v.length > MAX_PHONE_LENGTH ? v.slice(0, MAX_PHONE_LENGTH) : v;
}

/** How a caller is shown: the number, or «номер скрыт». */
export function callerLabel(number: string | null | undefined): string {
  return formatPhone(number) || 'номер скрыт';
}
