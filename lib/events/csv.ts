/**
 * Spreadsheet-safe CSV: UTF-8 with a BOM (so Excel opens Chinese correctly), RFC 4180 quoting,
 * and cells that a spreadsheet would run as a formula (= + - @, tab, CR, NUL first) prefixed
 * with an apostrophe (docs/reliability.md G7, OWASP ASVS 1.2.10).
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  text = text.replace(/\0/g, '');
  if (FORMULA_START.test(text) || (String(value ?? '').startsWith('\0'))) text = `'${text}`;
  return /[",\r\n']/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: (string | number | null | undefined)[][]): string {
  return '\uFEFF' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** 13800138000 → 138****8000: enough for staff to tell people apart, not to call them. */
export function maskPhone(phone: string | null): string {
  if (!phone) return '';
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
