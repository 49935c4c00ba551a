import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { importNative, readyTf, selectTfBackend, wasmDirectory } from './tf-backend';

describe('TensorFlow.js backend', () => {
  it('falls back to wasm here, where the optional tfjs-node is not installed', async () => {
    await expect(importNative()).rejects.toThrow();
    expect(await selectTfBackend()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    // And it computes.
    expect(Array.from(tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync()))).toEqual([4, 6]);
  });

  it('falls back to wasm when tfjs-node loads but its backend does not start', async () => {
    expect(await selectTfBackend(async () => ({}))).toBe('wasm');
  });

  it('loads the .wasm files from node_modules, not the network', () => {
    expect(existsSync(path.join(wasmDirectory(), 'tfjs-backend-wasm.wasm'))).toBe(true);
    expect(existsSync(path.join(wasmDirectory(), 'tfjs-backend-wasm-simd.wasm'))).toBe(true);
  });

  it('puts its backend back when other code switched TensorFlow.js to another', async () => {
    await readyTf();
    await tf.setBackend('cpu');
    expect(await readyTf()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});
