import { formatPhone, nationalNumber, normalizePhone } from './phone';

describe('normalizePhone', () => {
  it.each([
    ['83452123456', '73452123456'],
    ['+73452123456', '73452123456'],
    ['73452123456', '73452123456'],
    ['3452123456', '73452123456'],
    ['123456', '73452123456'],
    ['8 (3452) 12-34-56', '73452123456'],
    ['+7 912 345-67-89', '79123456789'],
    ['89123456789', '79123456789'],
    ['101', '101'],
    ['+380441234567', '380441234567'],
  ])('%s -> %s', (raw, norm) => {
    expect(normalizePhone(raw)).toBe(norm);
  });

  it('has no number for anonymous callers', () => {
    expect(normalizePhone('<unknown>')).toBeNull();
    expect(normalizePhone('anonymous')).toBeNull();
    expect(normalizePhone('')).toBeNull();
    expect(normalizePhone(null)).toBeNull();
  });
});

describe('formatPhone', () => {
  it('prints Tyumen numbers like the reglament does, mobiles in the usual groups', () => {
    expect(formatPhone('3452390679')).toBe('8 (3452) 390-679');
    expect(formatPhone('+73452399069')).toBe('8 (3452) 399-069');
    expect(formatPhone('89123456789')).toBe('8 (912) 345-67-89');
    expect(formatPhone('101')).toBe('101');
  });
});

describe('nationalNumber', () => {
  it('turns a carrier DID in any form into the line number', () => {
    for (const did of ['3452390679', '73452390679', '83452390679', '+73452390679', 's-390679', '390679']) {
      expect(nationalNumber(did)).toBe('3452390679');
    }
    expect(nationalNumber('102')).toBeNull();
    expect(nationalNumber('s')).toBeNull();
  });
});
