import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listOutbox } from '../sync-engine/outbox.repo';
import { movement, startHarness, type Harness } from '../sync-engine/test/engine-harness';
import { signInTestOperator } from '../test/test-operator';
import { createOperatorSession, type OperatorSession } from './operator-session.service';

const MINUTE = 60_000;
let h: Harness;
let session: OperatorSession;
let clock: Date;
const tick = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

beforeEach(async () => {
  h = await startHarness({ operator: false });
  clock = new Date('2026-03-02T08:00:00Z');
  session = createOperatorSession({ db: h.db, auth: h.transport, now: () => clock });
});
afterEach(() => h.close());

/** Every wrong PIN's refusal, as the screen gets it. */
const wrongPin = (userId = 'usr-ana') => session.unlockWithPin({ userId, pin: '0000' }).then(
  () => { throw new Error('a wrong PIN signed someone in'); },
  (error: unknown) => error as { code: string; attemptsLeft?: number; retryAfterSeconds?: number; message: string },
);

describe('PIN sign-in on the station', () => {
  beforeEach(async () => {
    await signInTestOperator(h.db, 'Ana', { pin: '2580', grants: [{ siteId: 'site-a', role: 'operator' }], mfa: false });
    await signInTestOperator(h.db, 'Ben', { pin: '1357' });
    await session.signOut();
  });

  it('signs a known person in again with their PIN, reusing their sign-in, so their commands carry it', async () => {
    expect((await session.current()).operator).toBeNull();
    const { operator } = await session.unlockWithPin({ userId: 'usr-ana', pin: '2580' });
    expect(operator).toEqual({ userId: 'usr-ana', email: 'usr-ana@people.capliquify.test', displayName: 'Ana', grants: [{ siteId: 'site-a', role: 'operator' }], mfa: false, hasPin: true });
    expect((await session.current()).operator?.userId).toBe('usr-ana');
    await h.engine.queue('inventory.recordMovement', movement());
    expect((await listOutbox(h.db)).map((c) => c.actor)).toEqual([{ userId: 'usr-ana', signInId: 'sgn-ana' }]);
  });

  it('locks the PIN on the fifth wrong try for 5 minutes, then twice as long each time, on this person only', async () => {
    for (const left of [4, 3, 2, 1]) expect(await wrongPin()).toMatchObject({ code: 'UNAUTHORIZED', attemptsLeft: left });
    expect(await wrongPin()).toMatchObject({ code: 'PIN_LOCKED', retryAfterSeconds: 300, message: expect.stringContaining('locked for 5 more minutes') });
    // Even the right PIN waits out the lock, and the time left counts down.
    tick(2 * MINUTE);
    await expect(session.unlockWithPin({ userId: 'usr-ana', pin: '2580' })).rejects.toMatchObject({ code: 'PIN_LOCKED', retryAfterSeconds: 180 });
    const known = new Map((await session.current()).knownOperators.map((k) => [k.displayName, k]));
    expect(known.get('Ana')).toEqual({ userId: 'usr-ana', displayName: 'Ana', email: 'usr-ana@people.capliquify.test', hasPin: true, pinLockedForSeconds: 180 });
    expect(known.get('Ben')).toMatchObject({ hasPin: true, pinLockedForSeconds: null });
    await expect(session.unlockWithPin({ userId: 'usr-ben', pin: '1357' })).resolves.toMatchObject({ operator: { displayName: 'Ben' } });

    tick(3 * MINUTE);
    for (const left of [4, 3, 2, 1]) expect(await wrongPin()).toMatchObject({ attemptsLeft: left });
    expect(await wrongPin()).toMatchObject({ code: 'PIN_LOCKED', retryAfterSeconds: 600 });
    tick(10 * MINUTE);
    for (let i = 0; i < 4; i++) await wrongPin();
    expect(await wrongPin()).toMatchObject({ code: 'PIN_LOCKED', retryAfterSeconds: 1200 });

    // A good PIN after the lock starts over: the next lock is 5 minutes again.
    tick(20 * MINUTE);
    await expect(session.unlockWithPin({ userId: 'usr-ana', pin: '2580' })).resolves.toMatchObject({ operator: { displayName: 'Ana' } });
    for (let i = 0; i < 4; i++) await wrongPin();
    expect(await wrongPin()).toMatchObject({ code: 'PIN_LOCKED', retryAfterSeconds: 300 });
  });

  it('counts wrong PINs tried at the same moment one by one', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => wrongPin()));
    expect(answers.map((a) => a.attemptsLeft ?? a.code)).toEqual([4, 3, 2, 1, 'PIN_LOCKED', 'PIN_LOCKED']);
  });

  it('takes a PIN only from someone who signed in here and set one', async () => {
    await expect(session.unlockWithPin({ userId: 'usr-nobody', pin: '2580' })).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('signed in on this station before') });
    await signInTestOperator(h.db, 'Cleo', { current: false });
    await expect(session.unlockWithPin({ userId: 'usr-cleo', pin: '2580' })).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('Cleo has no PIN on this station') });
  });

  it('lets the person at the station set a PIN that is not trivially guessed, and only then', async () => {
    await expect(session.setPin({ pin: '4826' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await session.unlockWithPin({ userId: 'usr-ana', pin: '2580' });
    await expect(session.setPin({ pin: '1111' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'A PIN of one digit repeated is too easy to guess.' });
    await expect(session.setPin({ pin: '4321' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(session.setPin({ pin: '12' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'A PIN is 4 to 8 digits.' });
    expect(await session.setPin({ pin: '4826' })).toEqual({ ok: true });
    await session.signOut();
    await expect(session.unlockWithPin({ userId: 'usr-ana', pin: '2580' })).rejects.toMatchObject({ code: 'UNAUTHORIZED', attemptsLeft: 4 });
    await expect(session.unlockWithPin({ userId: 'usr-ana', pin: '4826' })).resolves.toMatchObject({ operator: { displayName: 'Ana' } });
  });

  it('forgets a person: their PIN goes, and they are signed out if they were at the station', async () => {
    await session.unlockWithPin({ userId: 'usr-ana', pin: '2580' });
    await session.forget('usr-ana');
    expect(await session.current()).toEqual({ operator: null, knownOperators: [expect.objectContaining({ userId: 'usr-ben' })] });
    await expect(session.unlockWithPin({ userId: 'usr-ana', pin: '2580' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('queueing a command', () => {
  it('is refused with no one signed in, queuing and changing nothing', async () => {
    await expect(h.engine.queue('inventory.recordMovement', movement({ quantity: 3 }))).rejects.toMatchObject({
      code: 'UNAUTHORIZED', message: 'Sign in to record this: no one is signed in at this station.',
    });
    expect(await listOutbox(h.db)).toEqual([]);
    expect(h.engine.status.get().pendingCount).toBe(0);
  });

  it('carries who made it to the server, each command its own author', async () => {
    await signInTestOperator(h.db, 'Ana');
    const first = movement();
    await h.engine.queue('inventory.recordMovement', first);
    await signInTestOperator(h.db, 'Ben');
    const second = movement();
    await h.engine.queue('inventory.recordMovement', second);
    expect(await h.engine.syncNow()).toMatchObject({ pendingCount: 0, lastError: null });
    expect(h.server.state.movementActors.get(first.movementId)).toEqual({ userId: 'usr-ana', signInId: 'sgn-ana' });
    expect(h.server.state.movementActors.get(second.movementId)).toEqual({ userId: 'usr-ben', signInId: 'sgn-ben' });
  });
});
