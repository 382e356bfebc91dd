// The organisation directory: editing, phones from the pop-up, CSV import with a report.
import type { DataSource } from 'typeorm';
import type { ImportReport, OrganizationBody, OrganizationDto } from '../../shared/api';
import { SUBSYSTEMS, type Subsystem } from '../../shared/domain';
import { normalizePhone } from '../../shared/phone';
import { AppError } from '../http/errors';
import { decodeCsv, parseCsv } from './csv';
import type { OrganizationData, OrganizationsRepository } from './organizations.repository';

/** Column headers people write, mapped to fields. */
const HEADERS: Record<string, keyof ImportRow> = {
  'полное наименование': 'fullName',
  наименование: 'fullName',
  'наименование оо': 'fullName',
  'полное наименование оо': 'fullName',
  'full name': 'fullName',
  'краткое наименование': 'shortName',
  'сокращенное наименование': 'shortName',
  'сокращённое наименование': 'shortName',
  'short name': 'shortName',
  муниципалитет: 'municipality',
  'муниципальное образование': 'municipality',
  район: 'municipality',
  municipality: 'municipality',
  вид: 'kind',
  тип: 'kind',
  'вид оо': 'kind',
  'тип оо': 'kind',
  kind: 'kind',
  подсистема: 'subsystem',
  subsystem: 'subsystem',
  телефоны: 'phones',
  телефон: 'phones',
  phones: 'phones',
  phone: 'phones',
  'эл. почта': 'emails',
  'электронная почта': 'emails',
  email: 'emails',
  'e-mail': 'emails',
  почта: 'emails',
};

interface ImportRow {
  fullName: string;
  shortName: string;
  municipality: string;
  kind: string;
  subsystem: string;
  phones: string;
  emails: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The subsystem an organisation works in, from its kind ("МАДОУ детский сад" -> kindergarten). */
export function subsystemOf(kind: string, explicit = ''): Subsystem | null {
  const e = explicit.trim().toLowerCase();
  if ((SUBSYSTEMS as readonly string[]).includes(e)) return e as Subsystem;
  const text = `${e} ${kind.toLowerCase()}`;
  if (/сад|доу|дошкол/.test(text)) return 'kindergarten';
  if (/колледж|техникум|училищ|спо\b/.test(text)) return 'college';
  if (/школ|сош|оош|лицей|гимнази/.test(text)) return 'school';
  return null;
}

/** Column limits of the directory (as the form checks them), for a row of a file. */
const LIMITS: [keyof ImportRow, number, string][] = [
  ['fullName', 500, 'Полное наименование'],
  ['shortName', 200, 'Краткое наименование'],
  ['municipality', 200, 'Муниципальное образование'],
  ['kind', 32, 'Тип ОО'],
  ['emails', 2000, 'Список адресов эл. почты'],
];

const clipped = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Normalised phones of a list ("8 (3452) 12-34-56, 123456"), or why one of them is refused. */
function phonesOf(list: string): { phones: { phone: string; raw: string }[]; bad: string | null } {
  const phones: { phone: string; raw: string }[] = [];
  for (const raw of list
    .split(/[,\n]|\s{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    if (raw.length > 64) return { phones, bad: `Телефон «${clipped(raw)}» длиннее 64 символов` };
    const n = normalizePhone(raw);
    if (!n || n.length < 6 || n.length > 15) return { phones, bad: `Телефон «${clipped(raw)}» не похож на номер` };
    phones.push({ phone: n, raw });
  }
  return { phones, bad: null };
}

export class OrganizationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: OrganizationsRepository,
  ) {}

  async get(id: number): Promise<OrganizationDto> {
    const o = await this.repo.get(id);
    if (!o) throw new AppError(404, 'not_found');
    return o;
  }

  async create(body: OrganizationBody): Promise<OrganizationDto> {
    const phones = this.checkedPhones(body.phones);
    const id = await this.ds.transaction(async (em) => {
      const newId = await this.repo.insert(em, this.data(body));
      await this.repo.setPhones(em, newId, phones);
      return newId;
    });
    return this.get(id);
  }

  async update(id: number, body: Partial<OrganizationBody>): Promise<OrganizationDto> {
    await this.get(id);
    await this.ds.transaction(async (em) => {
      const { phones, ...rest } = body;
      await this.repo.update(em, id, rest);
      if (phones) await this.repo.setPhones(em, id, this.checkedPhones(phones));
    });
    return this.get(id);
  }

  /** The caller's number joins the organisation (from the pop-up). */
  async addPhone(id: number, phone: string): Promise<OrganizationDto> {
    await this.get(id);
    const [p] = this.checkedPhones([phone]);
    await this.ds.transaction((em) => this.repo.addPhones(em, [{ organizationId: id, ...p! }]));
    return this.get(id);
  }

  /** Imports a CSV file (semicolon-separated, UTF-8 or Windows-1251): new organisations are added,
   * known ones (same full name) updated, their phones merged. Bad rows are reported, not imported. */
  async importCsv(bytes: Buffer): Promise<ImportReport> {
    const { text, encoding } = decodeCsv(bytes);
    // Zero bytes: not a text file (an .xlsx, or CSV saved as UTF-16), and PostgreSQL text cannot hold them.
    if (text.includes('\u0000')) {
      throw new AppError(400, 'validation_failed', {
        file: 'Это не файл CSV: в нём двоичные данные. Сохраните таблицу как «CSV UTF-8» или «CSV (разделители — точки с запятой)».',
      });
    }
    const rows = parseCsv(text);
    const header = rows.shift();
    if (!header) throw new AppError(400, 'validation_failed', { file: 'Файл пуст' });
    const columns = header.fields.map((h) => HEADERS[h.trim().toLowerCase().replace(/\s+/g, ' ')]);
    if (!columns.includes('fullName')) {
      throw new AppError(400, 'validation_failed', {
        file: 'Нет столбца «Полное наименование». Первая строка файла должна содержать заголовки столбцов.',
      });
    }
    const report: ImportReport = { total: rows.length, created: 0, updated: 0, rejected: [], encoding };
    const valid = new Map<string, { data: OrganizationData; phones: { phone: string; raw: string }[] }>();
    for (const { line, fields } of rows) {
      const r: ImportRow = {
        fullName: '',
        shortName: '',
        municipality: '',
        kind: '',
        subsystem: '',
        phones: '',
        emails: '',
      };
      columns.forEach((c, i) => {
        if (c) r[c] = (fields[i] ?? '').trim();
      });
      if (r.fullName.length < 3) {
        report.rejected.push({ line, reason: 'Не указано полное наименование' });
        continue;
      }
      const tooLong = LIMITS.find(([field, max]) => r[field].length > max);
      if (tooLong) {
        report.rejected.push({ line, reason: `${tooLong[2]} длиннее ${tooLong[1]} символов` });
        continue;
      }
      const { phones, bad } = phonesOf(r.phones);
      if (bad) {
        report.rejected.push({ line, reason: bad });
        continue;
      }
      const emails = r.emails.split(/[,;\s]+/).filter(Boolean);
      const badEmail = emails.find((e) => !EMAIL.test(e) || e.length > 254);
      if (badEmail) {
        report.rejected.push({ line, reason: `Адрес «${clipped(badEmail)}» не похож на адрес эл. почты` });
        continue;
      }
      const key = r.fullName.toLowerCase();
      const prev = valid.get(key);
      valid.set(key, {
        data: {
          fullName: r.fullName,
          shortName: r.shortName,
          municipality: r.municipality,
          kind: r.kind,
          defaultSubsystem: subsystemOf(r.kind, r.subsystem),
          emails: [...new Set([...(prev?.data.emails ?? []), ...emails])],
          active: true,
        },
        phones: [...(prev?.phones ?? []), ...phones],
      });
    }
    await this.ds.transaction(async (em) => {
      const existing = await this.repo.idsByName(em);
      const fresh = [...valid].filter(([k]) => !existing.has(k));
      const created = await this.repo.insertMany(
        em,
        fresh.map(([, v]) => v.data),
      );
      for (const [key, v] of valid) {
        const id = existing.get(key);
        if (id !== undefined) await this.repo.update(em, id, v.data);
      }
      const ids = new Map([...existing, ...created]);
      await this.repo.addPhones(
        em,
        [...valid].flatMap(([key, v]) => v.phones.map((p) => ({ organizationId: ids.get(key)!, ...p }))),
      );
      report.created = fresh.length;
      report.updated = valid.size - fresh.length;
    });
    return report;
  }

  private data(b: OrganizationBody): OrganizationData {
    return {
      fullName: b.fullName,
      shortName: b.shortName,
      municipality: b.municipality,
      kind: b.kind,
      defaultSubsystem: b.defaultSubsystem ?? subsystemOf(b.kind),
      emails: b.emails,
      active: b.active,
    };
  }

  private checkedPhones(list: string[]): { phone: string; raw: string }[] {
    return list.map((raw) => {
      const phone = normalizePhone(raw);
      if (!phone || phone.length < 6) {
        throw new AppError(400, 'validation_failed', { phones: `Телефон «${raw}» не похож на номер` });
      }
      return { phone, raw };
    });
  }
}
