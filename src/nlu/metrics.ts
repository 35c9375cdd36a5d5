/** Classification metrics for eval:nlu: accuracy, per-class precision/recall/F1, confusion, calibration. */

export interface Prediction<L extends string> {
  expected: L;
  predicted: L;
  confidence: number;
}

export interface ClassReport {
  label: string;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface CalibrationBin {
  from: number;
  to: number;
  count: number;
  accuracy: number;
  meanConfidence: number;
}

export interface ClassificationReport {
  total: number;
  accuracy: number;
  macroF1: number;
  classes: ClassReport[];
  /** confusion[expected][predicted] = count */
  confusion: Record<string, Record<string, number>>;
  calibration: CalibrationBin[];
  /** Expected calibration error: support-weighted |accuracy − confidence| over the bins. */
  ece: number;
}

export function classificationReport<L extends string>(
  labels: readonly L[],
  predictions: readonly Prediction<L>[],
  bins = 10,
): ClassificationReport {
  const confusion = Object.fromEntries(labels.map((e) => [e, Object.fromEntries(labels.map((p) => [p, 0]))]));
  for (const p of predictions) confusion[p.expected]![p.predicted]! += 1;
  const classes = labels.map((label): ClassReport => {
    const tp = confusion[label]![label]!;
    const support = labels.reduce((n, p) => n + confusion[label]![p]!, 0);
    const predicted = labels.reduce((n, e) => n + confusion[e]![label]!, 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, support, precision, recall, f1 };
  });
  const present = classes.filter((c) => c.support > 0);
  const correct = predictions.filter((p) => p.expected === p.predicted).length;
  const calibration = Array.from({ length: bins }, (_, b): CalibrationBin => {
    const inBin = predictions.filter((p) => Math.min(bins - 1, Math.floor(p.confidence * bins)) === b);
    const hits = inBin.filter((p) => p.expected === p.predicted).length;
    return {
      from: b / bins,
      to: (b + 1) / bins,
      count: inBin.length,
      accuracy: inBin.length === 0 ? 0 : hits / inBin.length,
      meanConfidence: inBin.length === 0 ? 0 : inBin.reduce((s, p) => s + p.confidence, 0) / inBin.length,
    };
  });
  const total = predictions.length;
  return {
    total,
    accuracy: total === 0 ? 0 : correct / total,
    macroF1: present.length === 0 ? 0 : present.reduce((s, c) => s + c.f1, 0) / present.length,
    classes,
    confusion,
    calibration,
    ece: calibration.reduce(
      (s, b) => s + (total === 0 ? 0 : (b.count / total) * Math.abs(b.accuracy - b.meanConfidence)),
      0,
    ),
  };
}
