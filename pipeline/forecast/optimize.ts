// Nelder–Mead on a box: the parameter fitter for the smoothing models. Small and deterministic;
// points are clamped into [lower, upper] so smoothing weights stay valid.

export interface MinimizeOptions {
  lower: number[];
  upper: number[];
  maxEvals?: number;   // objective evaluations budget (default 60·dim)
  tolerance?: number;  // stop when the simplex's values differ by less than this (relative)
}

export function nelderMead(f: (x: number[]) => number, x0: number[], opts: MinimizeOptions): { x: number[]; value: number } {
  const dim = x0.length;
  const maxEvals = opts.maxEvals ?? 60 * dim;
  const tol = opts.tolerance ?? 1e-6;
  const clamp = (x: number[]) => x.map((v, i) => Math.min(opts.upper[i], Math.max(opts.lower[i], v)));
  let evals = 0;
  const value = (x: number[]) => {
    evals++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const simplex: { x: number[]; v: number }[] = [];
  const start = clamp(x0);
  simplex.push({ x: start, v: value(start) });
  for (let i = 0; i < dim; i++) {
    const x = start.slice();
    const span = opts.upper[i] - opts.lower[i];
    // step toward the farther bound so the first simplex is not flat against a bound
    x[i] += (x[i] - opts.lower[i] < opts.upper[i] - x[i] ? 1 : -1) * 0.25 * span;
    const cx = clamp(x);
    simplex.push({ x: cx, v: value(cx) });
  }
  while (evals < maxEvals) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0];
    const worst = simplex[dim];
    if (Math.abs(worst.v - best.v) <= tol * (Math.abs(best.v) + 1e-12)) break;
    const centroid = new Array<number>(dim).fill(0);
    for (let j = 0; j < dim; j++) for (let i = 0; i < dim; i++) centroid[i] += simplex[j].x[i] / dim;
    const along = (t: number) => clamp(centroid.map((c, i) => c + t * (worst.x[i] - c)));
    const xr = along(-1);
    const vr = value(xr);
    if (vr < best.v) {
      const xe = along(-2);
      const ve = value(xe);
      simplex[dim] = ve < vr ? { x: xe, v: ve } : { x: xr, v: vr };
    } else if (vr < simplex[dim - 1].v) {
      simplex[dim] = { x: xr, v: vr };
    } else {
      const xc = vr < worst.v ? along(-0.5) : along(0.5);
      const vc = value(xc);
      if (vc < Math.min(vr, worst.v)) simplex[dim] = { x: xc, v: vc };
      else {
        // shrink toward the best point
        for (let j = 1; j <= dim; j++) {
          const xs = clamp(simplex[j].x.map((v, i) => best.x[i] + 0.5 * (v - best.x[i])));
          simplex[j] = { x: xs, v: value(xs) };
        }
      }
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0].x, value: simplex[0].v };
}

/** The best point of a grid (cartesian product of per-parameter candidate values). */
export function gridSearch(f: (x: number[]) => number, axes: number[][]): { x: number[]; value: number } {
  let best: number[] = axes.map((a) => a[0]);
  let bestValue = Number.POSITIVE_INFINITY;
  const x = new Array<number>(axes.length);
  const visit = (d: number) => {
    if (d === axes.length) {
      const v = f(x);
      if (v < bestValue) {
        bestValue = v;
        best = x.slice();
      }
      return;
    }
    for (const value of axes[d]) {
      x[d] = value;
      visit(d + 1);
    }
  };
  visit(0);
  return { x: best, value: bestValue };
}
