/**
 * Which TensorFlow.js backend the forecasting runs on: the native one when the optional
 * `@tensorflow/tfjs-node` is installed (it downloads libtensorflow, so it often is not), else
 * WebAssembly from the .wasm files shipped inside node_modules (no network).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type TfBackendName = 'tensorflow' | 'wasm';

/** Loads tfjs-node, which registers the 'tensorflow' backend as a side effect. */
export type NativeLoader = () => Promise<unknown>;

// A name in a variable: the package is optional, so neither TypeScript nor a bundler may resolve it.
const NATIVE_PACKAGE = '@tensorflow/tfjs-node';
export const importNative: NativeLoader = () => import(NATIVE_PACKAGE);

/** The folder holding tfjs-backend-wasm's .wasm files, with the trailing slash setWasmPaths wants. */
export function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep;
}

async function trySetBackend(name: string): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

let wasmPathsSet = false;

/** Chooses and initialises the backend; call before any TensorFlow.js work. */
export async function selectTfBackend(loadNative: NativeLoader = importNative): Promise<TfBackendName> {
  try {
    await loadNative();
    if (await trySetBackend('tensorflow')) return 'tensorflow';
  } catch {
    // Not installed (the usual case): fall through to wasm.
  }
  if (!wasmPathsSet) {
    setWasmPaths(wasmDirectory());
    wasmPathsSet = true;
  }
  if (!(await trySetBackend('wasm'))) throw new Error('TensorFlow.js could not start its wasm backend');
  return 'wasm';
}

let ready: Promise<TfBackendName> | undefined;

/** The process-wide backend, selected once (and set again if other code switched it meanwhile). */
export async function readyTf(): Promise<TfBackendName> {
  ready ??= selectTfBackend().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  const name = await ready;
  if (tf.getBackend() !== name) await tf.setBackend(name);
  return name;
}
