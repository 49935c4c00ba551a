import { crc32, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawIcon } from './draw-icon';
import { encodePng } from './png-encoder';

interface Chunk { type: string; data: Buffer; crcOk: boolean }

function readChunks(png: Buffer): Chunk[] {
  const chunks: Chunk[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    chunks.push({
      type: typeAndData.subarray(0, 4).toString('ascii'),
      data: typeAndData.subarray(4),
      crcOk: png.readUInt32BE(offset + 8 + length) === crc32(typeAndData),
    });
    offset += 12 + length;
  }
  return chunks;
}

/** Decodes what encodePng writes (8-bit RGBA, filter None), independently of the encoder. */
function decode(png: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks = readChunks(png);
  expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  expect(chunks.every((c) => c.crcOk)).toBe(true);
  const header = chunks[0]!.data;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  expect([...header.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
  const raw = inflateSync(chunks[1]!.data);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = raw.subarray(y * (width * 4 + 1), (y + 1) * (width * 4 + 1));
    expect(row[0]).toBe(0);
    rows.push(row.subarray(1));
  }
  return { width, height, rgba: Buffer.concat(rows) };
}

describe('encodePng', () => {
  it('round-trips any small RGBA image', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.infiniteStream(fc.integer({ min: 0, max: 255 })),
        (width, height, bytes) => {
          const rgba = Uint8Array.from(bytes.take(width * height * 4));
          const decoded = decode(encodePng(width, height, rgba));
          expect(decoded).toEqual({ width, height, rgba: Buffer.from(rgba) });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses a pixel buffer of the wrong size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(RangeError);
  });
});

describe('drawIcon', () => {
  it('has transparent corners, an opaque body and the white mark in the middle', () => {
    const size = 64;
    const rgba = drawIcon(size);
    const pixel = (x: number, y: number) => [...rgba.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];
    expect(pixel(0, 0)[3]).toBe(0);
    expect(pixel(size - 1, size - 1)[3]).toBe(0);
    expect(pixel(size / 2, 6)[3]).toBe(255);
    expect(pixel(size / 2, size / 2 + 2)).toEqual([255, 255, 255, 255]);
  });
});
