// autocannon ships no types; the little the bench's load client uses.
declare module 'autocannon' {
  interface Instance extends PromiseLike<{ duration: number; errors: number; timeouts: number }> {
    on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  }
  export default function autocannon(options: Record<string, unknown>): Instance;
}
