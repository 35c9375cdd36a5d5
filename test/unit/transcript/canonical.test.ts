import { describe, expect, it } from 'vitest';
import {
  CanonicalJsonError,
  canonicalEntry,
  canonicalEntryGeneric,
  canonicalJson,
  entryHash,
  GENESIS_HASH,
  payloadHash,
  quote,
  sha256Hex,
} from '../../../src/transcript/canonical.js';

describe('canonical JSON', () => {
  it('sorts keys, drops undefined members and whitespace, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [3, 1, { d: true, c: null }], u: undefined })).toBe(
      '{"a":[3,1,{"c":null,"d":true}],"b":1}',
    );
  });

  it('writes strings and numbers the way JSON.stringify does (RFC 8785)', () => {
    expect(canonicalJson('卡密 "x"\n')).toBe('"卡密 \\"x\\"\\n"');
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson(0.1 + 0.2)).toBe('0.30000000000000004');
  });

  it('quotes every string exactly as JSON.stringify does', () => {
    const strings = [
      '',
      'plain',
      '卡密 🎫',
      'a"b',
      'a\\b',
      'tab\t',
      '\u0000\u001f\u007f',
      '\u2028\u2029',
      '\ud83c',
      'x\udc00y',
      '😀',
    ];
    for (const s of strings) expect(quote(s)).toBe(JSON.stringify(s));
    expect(canonicalJson({ [strings[3]!]: strings[9]! })).toBe(JSON.stringify({ [strings[3]!]: strings[9]! }));
  });

  it('sorts keys by UTF-16 code units', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, 中: 4 })).toBe('{"Z":3,"z":2,"é":1,"中":4}');
  });

  it('refuses values without one JSON form', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(-0)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(new Date())).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(10n)).toThrow(CanonicalJsonError);
  });

  it('is the same for objects built in a different key order', () => {
    expect(canonicalJson({ x: 1, y: { b: 2, a: 1 } })).toBe(canonicalJson({ y: { a: 1, b: 2 }, x: 1 }));
  });
});

describe('entry hash', () => {
  const fields = {
    conversationId: 'rest:buyer-1',
    seq: 1,
    at: '2026-11-26T10:00:00.000Z',
    direction: 'in' as const,
    channel: 'rest' as const,
    actor: 'buyer-1',
    type: 'text' as const,
    payloadHash: payloadHash({ text: '你好' }),
    attachments: [],
  };

  it('is sha256(prevHash + canonical JSON of the entry), documented form', () => {
    const json = canonicalEntry(fields);
    expect(json).toBe(
      `{"actor":"buyer-1","at":"2026-11-26T10:00:00.000Z","attachments":[],"channel":"rest","conversationId":"rest:buyer-1","direction":"in","payloadHash":"${fields.payloadHash}","seq":1,"type":"text","v":1}`,
    );
    expect(entryHash(GENESIS_HASH, fields)).toBe(sha256Hex(GENESIS_HASH + json));
  });

  it('changes with the previous hash and with every field', () => {
    const base = entryHash(GENESIS_HASH, fields);
    expect(entryHash('1'.repeat(64), fields)).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...fields, seq: 2 })).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...fields, payloadHash: payloadHash({ text: '你好!' }) })).not.toBe(base);
    expect(
      entryHash(GENESIS_HASH, {
        ...fields,
        attachments: [{ sha256: 'a'.repeat(64), mime: 'image/png', bytes: 1, name: 'x' }],
      }),
    ).not.toBe(base);
  });
});

describe('canonicalEntry fast path', () => {
  it('agrees with the generic canonical JSON, attachments and unicode included', () => {
    const fields = {
      conversationId: 'telegram:42 "引号"',
      seq: 123,
      at: '2026-11-26T10:00:00.000Z',
      direction: 'system' as const,
      channel: 'telegram' as const,
      actor: 'refund-desk\n',
      type: 'attachment' as const,
      payloadHash: 'b'.repeat(64),
      attachments: [
        { sha256: 'a'.repeat(64), mime: 'image/png', bytes: 1024, name: '截图 "1".png' },
        { sha256: 'c'.repeat(64), mime: 'application/pdf', bytes: 0, name: '\u2028x' },
      ],
    };
    expect(canonicalEntry(fields)).toBe(canonicalEntryGeneric(fields));
  });
});
