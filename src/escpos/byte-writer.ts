/** A growable byte buffer: encoders append small commands without allocating one array each. */
export class ByteWriter {
  private buf: Uint8Array;
  private len = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
  }

  get length(): number {
    return this.len;
  }

  private ensure(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  bytes(...values: number[]): void {
    this.ensure(values.length);
    for (const v of values) this.buf[this.len++] = v;
  }

  array(data: ArrayLike<number>): void {
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  /** Writes a string of char codes below 0x100 as single bytes. */
  latin1(text: string): void {
    this.ensure(text.length);
    for (let i = 0; i < text.length; i++) this.buf[this.len++] = text.charCodeAt(i);
  }

  repeat(b: number, count: number): void {
    this.ensure(count);
    this.buf.fill(b, this.len, this.len + count);
    this.len += count;
  }

  /** Drops what was written after the first `length` bytes (a caller writing again what it wrote). */
  truncate(length: number): void {
    this.len = Math.max(0, Math.min(this.len, length));
  }

  /** A copy of the written bytes, so callers never hold the spare capacity. */
  toArray(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
