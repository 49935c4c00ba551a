import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, hashEntry, linkEntry, verifyChain, type AuditContent, type AuditEntry, type AuditHead } from './audit-chain';

function content(seq: number, over: Partial<AuditContent> = {}): AuditContent {
  return {
    seq: String(seq), tenantId: 'tnt_a', at: new Date(Date.UTC(2026, 2, 1, 10, 0, seq)), actorUserId: 'usr_1', actorDeviceId: null,
    action: 'device.revoked', subject: `device:dev_${seq}`, details: { n: seq }, ...over,
  };
}

/** A valid chain of the given seqs (gaps allowed, as rolled-back appends leave them). */
function chain(seqs: number[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const seq of seqs) entries.push(linkEntry(entries.at(-1)?.hash ?? GENESIS_HASH, content(seq)));
  return entries;
}

function headOf(entries: AuditEntry[]): AuditHead {
  return { count: entries.length, lastSeq: entries.at(-1)!.seq, lastHash: entries.at(-1)!.hash };
}

describe('canonicalJson and hashEntry', () => {
  it('do not depend on key order, at any depth', () => {
    const a = content(1, { details: { b: 1, a: { y: [1, { d: 2, c: 3 }], x: null } } });
    const b = content(1, { details: { a: { x: null, y: [1, { c: 3, d: 2 }] }, b: 1 } });
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"action":"device.revoked","actorDeviceId":null,"actorUserId":"usr_1","at":"2026-03-01T10:00:01.000Z",'
      + '"details":{"a":{"x":null,"y":[1,{"c":3,"d":2}]},"b":1},"seq":"1","subject":"device:dev_1","tenantId":"tnt_a"}');
  });

  it('chain each entry to the one before: the same content after another entry hashes differently', () => {
    const [first] = chain([1]);
    expect(first!.prevHash).toBe(GENESIS_HASH);
    expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEntry(first!.hash, content(1))).not.toBe(first!.hash);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain with gaps in seq, and an empty one', () => {
    const entries = chain([1, 2, 5, 9]);
    expect(verifyChain(entries, headOf(entries))).toEqual({ ok: true, count: 4, lastHash: entries[3]!.hash });
    expect(verifyChain([], null)).toEqual({ ok: true, count: 0, lastHash: GENESIS_HASH });
  });

  it('names an edited entry', () => {
    const entries = chain([1, 2, 3]);
    entries[1] = { ...entries[1]!, details: { n: 200 } };
    expect(verifyChain(entries)).toMatchObject({ ok: false, seq: '2', problem: 'edited' });
  });

  it('names the entry after a deleted one, including a deleted first entry', () => {
    const entries = chain([1, 2, 3]);
    expect(verifyChain([entries[0]!, entries[2]!])).toMatchObject({ ok: false, seq: '3', problem: 'deleted-before' });
    expect(verifyChain(entries.slice(1))).toMatchObject({ ok: false, seq: '2', problem: 'deleted-before', message: expect.stringContaining('the start of the chain') });
  });

  it('names a rewritten entry whose hash was recomputed by the one after it', () => {
    const entries = chain([1, 2, 3]);
    entries[1] = linkEntry(entries[0]!.hash, content(2, { action: 'nothing.happened' }));
    expect(verifyChain(entries)).toMatchObject({ ok: false, seq: '3', problem: 'deleted-before' });
  });

  it('names entries out of order', () => {
    const entries = chain([1, 2, 3, 4]);
    expect(verifyChain([entries[0]!, entries[2]!, entries[1]!, entries[3]!])).toMatchObject({ ok: false, seq: '3', problem: 'reordered' });
    const renumbered = [entries[0]!, { ...entries[1]!, seq: '1' }];
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, seq: '1', problem: 'reordered' });
  });

  it('uses the head to catch deleted newest entries and entries written around it', () => {
    const entries = chain([1, 2, 3]);
    const head = headOf(entries);
    expect(verifyChain(entries.slice(0, 2))).toMatchObject({ ok: true, count: 2 });
    expect(verifyChain(entries.slice(0, 2), head)).toMatchObject({ ok: false, seq: '3', problem: 'deleted-newest', message: expect.stringContaining('after seq 2') });
    expect(verifyChain([], head)).toMatchObject({ ok: false, seq: '3', problem: 'deleted-newest' });
    expect(verifyChain(entries, { ...head, count: 2, lastSeq: '2', lastHash: entries[1]!.hash })).toMatchObject({ ok: false, seq: '3', problem: 'unanchored' });
    expect(verifyChain(entries, null)).toMatchObject({ ok: false, seq: '1', problem: 'unanchored' });
    expect(verifyChain(entries, { ...head, lastHash: GENESIS_HASH })).toMatchObject({ ok: false, seq: '3', problem: 'edited' });
  });
});

type Tamper = { kind: 'edit'; at: number; field: 'action' | 'subject' | 'details' | 'actorUserId' | 'at' } | { kind: 'delete'; at: number } | { kind: 'swap'; at: number; with: number };

const seqsArb = fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 2, maxLength: 30 }).map((s) => s.sort((a, b) => a - b));

function tamperArb(length: number): fc.Arbitrary<Tamper> {
  const at = fc.integer({ min: 0, max: length - 1 });
  return fc.oneof(
    fc.record({ kind: fc.constant('edit' as const), at, field: fc.constantFrom('action' as const, 'subject' as const, 'details' as const, 'actorUserId' as const, 'at' as const) }),
    fc.record({ kind: fc.constant('delete' as const), at }),
    fc.tuple(at, at).filter(([a, b]) => a !== b).map(([a, b]) => ({ kind: 'swap' as const, at: Math.min(a, b), with: Math.max(a, b) })),
  );
}

function edited(entry: AuditEntry, field: 'action' | 'subject' | 'details' | 'actorUserId' | 'at'): AuditEntry {
  if (field === 'details') return { ...entry, details: { ...entry.details, n: 'changed' } };
  if (field === 'at') return { ...entry, at: new Date(entry.at.getTime() + 1) };
  return { ...entry, [field]: `${entry[field] ?? ''}x` };
}

describe('verifyChain property', () => {
  it('detects any single edit, delete or swap at the first entry it breaks', () => {
    fc.assert(fc.property(seqsArb.chain((seqs) => fc.tuple(fc.constant(seqs), tamperArb(seqs.length))), ([seqs, tamper]) => {
      const entries = chain(seqs);
      const head = headOf(entries);
      expect(verifyChain(entries, head)).toMatchObject({ ok: true, count: seqs.length });
      const copy = [...entries];
      let expected: { seq: string; problem: string };
      if (tamper.kind === 'edit') {
        copy[tamper.at] = edited(copy[tamper.at]!, tamper.field);
        expected = { seq: entries[tamper.at]!.seq, problem: 'edited' };
      } else if (tamper.kind === 'delete') {
        copy.splice(tamper.at, 1);
        const next = entries[tamper.at + 1];
        expected = next ? { seq: next.seq, problem: 'deleted-before' } : { seq: head.lastSeq, problem: 'deleted-newest' };
      } else {
        [copy[tamper.at], copy[tamper.with]] = [copy[tamper.with]!, copy[tamper.at]!];
        expected = { seq: entries[tamper.with]!.seq, problem: 'reordered' };
      }
      expect(verifyChain(copy, head)).toMatchObject({ ok: false, ...expected });
    }));
  });
});
