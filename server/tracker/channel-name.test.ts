import { extensionOf } from './channel-name';

describe('extensionOf', () => {
  it.each([
    ['PJSIP/101-00000016', '101'],
    ['SIP/102-0000000a', '102'],
    ['PJSIP/101', '101'],
    ['Local/101@from-queue-00000012;1', '101'],
    ['Local/102@from-queue/n', '102'],
    ['IAX2/2001-1234', '2001'],
    ['PJSIP/trunk-00000015', null],
    ['PJSIP/83452111222-00000001', null],
    ['Local/s@callback-0001;2', null],
    ['', null],
    ['garbage', null],
  ])('%s -> %s', (name, ext) => {
    expect(extensionOf(name)).toBe(ext);
  });
});
