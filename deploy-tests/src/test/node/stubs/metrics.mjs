// The k6/metrics module: records every metric created and every sample added.
class Metric {
  constructor(type, name, isTime) {
    this.type = type;
    this.name = name;
    globalThis.__k6.metrics.push({ type, name, isTime: Boolean(isTime) });
  }

  add(value) {
    globalThis.__k6.samples.push({ name: this.name, value: typeof value === 'boolean' ? Number(value) : value });
  }
}

export class Counter extends Metric {
  constructor(name, isTime) {
    super('Counter', name, isTime);
  }
}

export class Rate extends Metric {
  constructor(name, isTime) {
    super('Rate', name, isTime);
  }
}

export class Trend extends Metric {
  constructor(name, isTime) {
    super('Trend', name, isTime);
  }
}

export class Gauge extends Metric {
  constructor(name, isTime) {
    super('Gauge', name, isTime);
  }
}

export default { Counter, Rate, Trend, Gauge };
