// Test helper: a file with Electron's fuse wire in it, which is all @electron/fuses reads or
// writes, so the fuse hook and electron-builder's packaging run here without the real binary.

/** The marker @electron/fuses looks for; the wire (version, length, states) follows it. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
export const FUSE_ENABLE = 0x31;
export const FUSE_DISABLE = 0x30;

/** Electron's defaults for the first nine fuses (RunAsNode … on), plus a spare one at the end. */
const DEFAULT_WIRE = [1, 0, 1, 1, 0, 0, 0, 1, 1].map((on) => (on ? FUSE_ENABLE : FUSE_DISABLE));

export function fakeElectronBinary(): Buffer {
  return Buffer.concat([
    Buffer.from('\x7fELF fake electron '),
    Buffer.from(FUSE_SENTINEL, 'ascii'),
    Buffer.from([1, DEFAULT_WIRE.length, ...DEFAULT_WIRE]),
    Buffer.from(' rest of the binary'),
  ]);
}

/** The fuse states written in a (fake) binary, in wire order. */
export function readFuseWire(binary: Buffer): number[] {
  const start = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  const length = binary[start + 1] ?? 0;
  return [...binary.subarray(start + 2, start + 2 + length)];
}
