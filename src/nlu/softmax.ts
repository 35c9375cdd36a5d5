/**
 * Multinomial logistic regression over sparse features, trained full-batch with Adam: the loss
 * is convex and every step uses all examples, so the result does not depend on example order.
 * Weights are feature-major (weights[f * classes + c]) so one feature's class weights are adjacent.
 */

export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export interface TrainOptions {
  iterations: number;
  learningRate: number;
  l2: number;
}

export interface SoftmaxModel {
  classes: number;
  features: number;
  weights: Float64Array;
  bias: Float64Array;
}

export function logits(model: SoftmaxModel, x: SparseVector, out = new Float64Array(model.classes)): Float64Array {
  const { classes, weights } = model;
  out.set(model.bias);
  for (let k = 0; k < x.indices.length; k++) {
    const row = x.indices[k]! * classes;
    const v = x.values[k]!;
    for (let c = 0; c < classes; c++) out[c]! += weights[row + c]! * v;
  }
  return out;
}

/** Softmax of z / temperature, in place when `out` is z. */
export function softmax(z: Float64Array, temperature = 1, out = new Float64Array(z.length)): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    out[c] = Math.exp((z[c]! - max) / temperature);
    sum += out[c]!;
  }
  for (let c = 0; c < z.length; c++) out[c]! /= sum;
  return out;
}

export function train(
  xs: readonly SparseVector[],
  ys: readonly number[],
  classes: number,
  features: number,
  options: TrainOptions,
): SoftmaxModel {
  const size = features * classes;
  const model: SoftmaxModel = { classes, features, weights: new Float64Array(size), bias: new Float64Array(classes) };
  const adamW = new Adam(size);
  const adamB = new Adam(classes);
  const grad = new Float64Array(size);
  const gradBias = new Float64Array(classes);
  const p = new Float64Array(classes);
  const n = xs.length;
  for (let t = 1; t <= options.iterations; t++) {
    grad.fill(0);
    gradBias.fill(0);
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      softmax(logits(model, x, p), 1, p);
      p[ys[i]!]! -= 1;
      for (let c = 0; c < classes; c++) gradBias[c]! += p[c]! / n;
      for (let k = 0; k < x.indices.length; k++) {
        const row = x.indices[k]! * classes;
        const v = x.values[k]! / n;
        for (let c = 0; c < classes; c++) grad[row + c]! += p[c]! * v;
      }
    }
    for (let j = 0; j < size; j++) grad[j]! += options.l2 * model.weights[j]!;
    adamW.step(model.weights, grad, t, options.learningRate);
    adamB.step(model.bias, gradBias, t, options.learningRate);
  }
  return model;
}

class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;

  constructor(size: number) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  step(params: Float64Array, grad: Float64Array, t: number, learningRate: number): void {
    const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
    const lr = (learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    const { m, v } = this;
    for (let j = 0; j < params.length; j++) {
      const g = grad[j]!;
      const mj = beta1 * m[j]! + (1 - beta1) * g;
      const vj = beta2 * v[j]! + (1 - beta2) * g * g;
      m[j] = mj;
      v[j] = vj;
      params[j]! -= (lr * mj) / (Math.sqrt(vj) + eps);
    }
  }
}
