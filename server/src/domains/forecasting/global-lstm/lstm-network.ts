/**
 * The network: one LSTM layer over the window's patches and a dense head giving every horizon step
 * at once. Written with TensorFlow.js ops rather than tf.layers because the wasm backend's
 * transposed matrix products (which the layers' gradients use) are several times slower than a
 * transpose followed by a plain product; `matMul` below does the latter.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '@capliquify/shared/forecasting/prophet/prng';

export interface NetworkSize {
  /** Values per LSTM step. */
  readonly inputs: number;
  readonly units: number;
  readonly outputs: number;
}

/** The trainable parameters; gates are laid out [input, forget, output, candidate]. */
export interface NetworkParams {
  readonly wx: tf.Variable;
  readonly wh: tf.Variable;
  readonly b: tf.Variable;
  readonly wo: tf.Variable;
  readonly bo: tf.Variable;
}

/** Parameters as plain arrays: what a trained model keeps and a warm start copies. */
export type NetworkWeights = { readonly [K in keyof NetworkParams]: Float32Array };

const PARAM_NAMES = ['wx', 'wh', 'b', 'wo', 'bo'] as const;

function paramShapes({ inputs, units, outputs }: NetworkSize): Record<keyof NetworkParams, number[]> {
  return { wx: [inputs, 4 * units], wh: [units, 4 * units], b: [4 * units], wo: [units, outputs], bo: [outputs] };
}

/**
 * Glorot-uniform matrices from a seeded generator (so a seed gives the same network on every
 * backend), zero biases except the forget gate's 1, which lets early training carry the state.
 */
export function initialWeights(size: NetworkSize, seed: number): NetworkWeights {
  const rng = createRng(seed);
  const glorot = (rows: number, cols: number): Float32Array => {
    const limit = Math.sqrt(6 / (rows + cols));
    return Float32Array.from({ length: rows * cols }, () => (2 * rng.uniform() - 1) * limit);
  };
  const { inputs, units, outputs } = size;
  const b = new Float32Array(4 * units);
  b.fill(1, units, 2 * units);
  return { wx: glorot(inputs, 4 * units), wh: glorot(units, 4 * units), b, wo: glorot(units, outputs), bo: new Float32Array(outputs) };
}

export function createParams(size: NetworkSize, weights: NetworkWeights): NetworkParams {
  const shapes = paramShapes(size);
  const make = (name: keyof NetworkParams): tf.Variable => {
    const initial = tf.tensor(weights[name], shapes[name]);
    const variable = tf.variable(initial, true, undefined, 'float32');
    initial.dispose(); // the variable holds its own reference to the data
    return variable;
  };
  return { wx: make('wx'), wh: make('wh'), b: make('b'), wo: make('wo'), bo: make('bo') };
}

export function readWeights(params: NetworkParams): NetworkWeights {
  const read = (name: keyof NetworkParams): Float32Array => (params[name].dataSync() as Float32Array).slice();
  return { wx: read('wx'), wh: read('wh'), b: read('b'), wo: read('wo'), bo: read('bo') };
}

export function disposeParams(params: NetworkParams): void {
  for (const name of PARAM_NAMES) params[name].dispose();
}

/** a·b whose gradients transpose explicitly (fast on wasm) instead of using transposed products. */
const matMul = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy)];
    },
  };
}) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/** [batch, steps, inputs] → [batch, outputs]. Call inside tf.tidy (or an optimizer's minimize). */
export function forward(params: { readonly [K in keyof NetworkParams]: tf.Tensor }, x: tf.Tensor3D, units: number): tf.Tensor2D {
  const [batch, steps, inputs] = x.shape;
  // The input projection of every step in one product.
  const projected = tf.reshape(tf.add(matMul(tf.reshape(x, [batch * steps, inputs]), params.wx as tf.Tensor2D), params.b), [batch, steps, 4 * units]);
  const perStep = tf.unstack(projected, 1) as tf.Tensor2D[];
  let h: tf.Tensor2D | undefined;
  let c: tf.Tensor2D | undefined;
  for (const z0 of perStep) {
    const z = h ? tf.add(z0, matMul(h, params.wh as tf.Tensor2D)) : z0;
    const gates = tf.sigmoid(tf.slice(z, [0, 0], [batch, 3 * units]));
    const [input, forget, output] = tf.split(gates, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const candidate = tf.tanh(tf.slice(z, [0, 3 * units], [batch, units]));
    c = c ? tf.add(tf.mul(forget, c), tf.mul(input, candidate)) : tf.mul(input, candidate);
    h = tf.mul(output, tf.tanh(c));
  }
  return tf.add(matMul(h!, params.wo as tf.Tensor2D), params.bo);
}

/** Fixed (non-trainable) parameters for forecasting. */
export function createParamsConst(size: NetworkSize, weights: NetworkWeights): Record<keyof NetworkParams, tf.Tensor> {
  const shapes = paramShapes(size);
  return { wx: tf.tensor(weights.wx, shapes.wx), wh: tf.tensor(weights.wh, shapes.wh), b: tf.tensor(weights.b, shapes.b), wo: tf.tensor(weights.wo, shapes.wo), bo: tf.tensor(weights.bo, shapes.bo) };
}
