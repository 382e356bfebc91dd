// Small formatting rules shared by the server and the client.

/** Registration number as printed: "2026-0042". */
export function formatRegNumber(year: number, seq: number): string {
  return `${year}-${String(seq).padStart(4, '0')}`;
}
